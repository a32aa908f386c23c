#include "cli/dashboard_api.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>
#include <string>

#include "core/json_escape.h"

namespace sluice::cli {
namespace {

constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 1000;

std::string json_text(std::string_view text) {
  std::string out;
  append_json_string(text, &out);
  return out;
}

// The API's error shape (as the workflow routes answer): status, title, detail, field.
HttpServer::JsonReply error_reply(int status, std::string_view title, std::string_view detail,
                                  std::string_view field) {
  return {status, fmt::format(R"({{"status":{},"title":{},"detail":{},"field":{}}})", status,
                              json_text(title), json_text(detail), json_text(field))};
}

}  // namespace

HttpServer::JsonReply quarantine_reply(Sink& sink, const HttpServer::Query& query) {
  int limit = kDefaultLimit;
  if (auto it = query.find("limit"); it != query.end()) {
    const std::string& text = it->second;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (ec != std::errc() || end != text.data() + text.size() || limit < 1 || limit > kMaxLimit) {
      return error_reply(
          400, "Bad Request",
          fmt::format("limit must be an integer from 1 to {}, not '{}'", kMaxLimit, text), "limit");
    }
  }
  auto rows = sink.recent_quarantine(limit);
  if (!rows.ok()) {
    const bool unsupported = rows.status().code() == StatusCode::kNotImplemented;
    return error_reply(unsupported ? 501 : 503,
                       unsupported ? "Not Implemented" : "Service Unavailable",
                       rows.status().message(), "");
  }
  std::string body = R"({"rows":[)";
  bool first = true;
  for (const StoredQuarantineRow& row : *rows) {
    // The reasons column is our own JSON; should it ever not parse, it still reaches the
    // reader as text rather than breaking the whole answer.
    const std::string reasons =
        nlohmann::json::accept(row.reasons_json) ? row.reasons_json : json_text(row.reasons_json);
    body +=
        fmt::format(R"({}{{"partition":{},"offset":{},"ingested_at":{},"reasons":{},"raw":{}}})",
                    first ? "" : ",", row.position.partition, row.position.offset,
                    json_text(row.ingested_at), reasons, json_text(row.raw));
    first = false;
  }
  body += fmt::format(R"(],"limit":{}}})", limit);
  return {200, std::move(body)};
}

void add_dashboard_api(HttpServer& server, Sink& sink) {
  server.add_json_get("/api/v1/quarantine", [&sink](const HttpServer::Query& query) {
    return quarantine_reply(sink, query);
  });
}

}  // namespace sluice::cli
