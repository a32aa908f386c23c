// How sluice writes its log: one line per event on stderr, either for people (the default:
// time, level, "[pipeline stage pN]" when known, message) or as JSON lines for a log shipper
// (`--log-format json`: {"time", "level", "pipeline", "stage", "partition", "msg"}). Both carry
// this thread's LogContext and mask registered secrets (core/log_secrets.h).
#pragma once

#include <spdlog/common.h>
#include <spdlog/formatter.h>

#include <memory>
#include <optional>
#include <string_view>

namespace sluice {

enum class LogFormat { kText, kJson };

// "text" or "json"; nullopt otherwise.
std::optional<LogFormat> parse_log_format(std::string_view name);

// The formatter of `format`, for spdlog's default logger or a test's own.
std::unique_ptr<spdlog::formatter> make_log_formatter(LogFormat format);

// "debug", "info", "warn" (or "warning"), "error" (or "err"); nullopt otherwise.
std::optional<spdlog::level::level_enum> parse_log_level(std::string_view name);

// Makes spdlog's default logger write to stderr with this format, from `level` up. Call once,
// early in main, before other threads start.
void configure_logging(LogFormat format, spdlog::level::level_enum level);

}  // namespace sluice
