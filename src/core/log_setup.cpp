#include "core/log_setup.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/details/log_msg.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <string>

#include "core/json_escape.h"
#include "core/log_context.h"
#include "core/log_secrets.h"

namespace sluice {
namespace {

// "%*" of the text pattern: "[pipeline stage p3] ", or nothing when the thread has no context.
class ContextFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& /*msg*/, const std::tm& /*tm*/,
              spdlog::memory_buf_t& dest) override {
    const LogContext& c = current_log_context();
    if (c.pipeline.empty() && c.stage.empty() && c.partition < 0) return;
    std::string text = "[";
    auto add = [&text](std::string_view part) {
      if (text.size() > 1) text += ' ';
      text += part;
    };
    if (!c.pipeline.empty()) add(c.pipeline);
    if (!c.stage.empty()) add(c.stage);
    if (c.partition >= 0) add(fmt::format("p{}", c.partition));
    text += "] ";
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<ContextFlag>();
  }
};

void append(spdlog::memory_buf_t& dest, std::string_view text) {
  dest.append(text.data(), text.data() + text.size());
}

void append_json_string(spdlog::memory_buf_t& dest, std::string_view text) {
  std::string escaped(text.size() * 6, '\0');
  char* end = write_json_escaped(text, escaped.data());
  dest.push_back('"');
  dest.append(escaped.data(), end);
  dest.push_back('"');
}

void format_json(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  const auto ms = duration_cast<milliseconds>(msg.time.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  fmt::format_to(std::back_inserter(dest),
                 "{{\"time\":\"{:%Y-%m-%dT%H:%M:%S}.{:03}Z\",\"level\":", utc, ms % 1000);
  const auto level = spdlog::level::to_string_view(msg.level);
  append_json_string(dest, std::string_view(level.data(), level.size()));
  const LogContext& c = current_log_context();
  if (!c.pipeline.empty()) {
    append(dest, ",\"pipeline\":");
    append_json_string(dest, c.pipeline);
  }
  if (!c.stage.empty()) {
    append(dest, ",\"stage\":");
    append_json_string(dest, c.stage);
  }
  if (c.partition >= 0) fmt::format_to(std::back_inserter(dest), ",\"partition\":{}", c.partition);
  append(dest, ",\"msg\":");
  append_json_string(dest, std::string_view(msg.payload.data(), msg.payload.size()));
  append(dest, "}\n");
}

class SluiceFormatter : public spdlog::formatter {
 public:
  explicit SluiceFormatter(LogFormat format) : format_(format) {
    if (format_ == LogFormat::kText) {
      text_ = std::make_unique<spdlog::pattern_formatter>();
      text_->add_flag<ContextFlag>('*');
      text_->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%^%l%$] %*%v");
    }
  }

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    std::string redacted;
    spdlog::details::log_msg shown = msg;
    if (redact_log_secrets(std::string_view(msg.payload.data(), msg.payload.size()), &redacted))
      shown.payload = spdlog::string_view_t(redacted.data(), redacted.size());
    if (format_ == LogFormat::kJson) {
      format_json(shown, dest);
      return;
    }
    text_->format(shown, dest);
    // The colour sink reads where the level's colour starts and ends from the message it passed.
    msg.color_range_start = shown.color_range_start;
    msg.color_range_end = shown.color_range_end;
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<SluiceFormatter>(format_);
  }

 private:
  LogFormat format_;
  std::unique_ptr<spdlog::pattern_formatter> text_;
};

}  // namespace

std::optional<LogFormat> parse_log_format(std::string_view name) {
  if (name == "text") return LogFormat::kText;
  if (name == "json") return LogFormat::kJson;
  return std::nullopt;
}

std::unique_ptr<spdlog::formatter> make_log_formatter(LogFormat format) {
  return std::make_unique<SluiceFormatter>(format);
}

std::optional<spdlog::level::level_enum> parse_log_level(std::string_view name) {
  if (name == "debug") return spdlog::level::debug;
  if (name == "info") return spdlog::level::info;
  if (name == "warn" || name == "warning") return spdlog::level::warn;
  if (name == "error" || name == "err") return spdlog::level::err;
  return std::nullopt;
}

void configure_logging(LogFormat format, spdlog::level::level_enum level) {
  // stderr: stdout is for what a command reports (summaries, tables, progress lines), which
  // scripts read; diagnostics must not mix into it.
  auto logger = spdlog::stderr_color_mt("sluice");
  logger->set_formatter(make_log_formatter(format));
  logger->set_level(level);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace sluice
