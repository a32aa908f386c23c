#include "cli/dashboard_api.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>
#include <string>

#include "core/json_escape.h"
#include "serve/api_error.h"

namespace sluice::cli {
namespace {

constexpr const char* kQuarantinePath = "/api/v1/quarantine";
constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 1000;

std::string json_text(std::string_view text) {
  std::string out;
  append_json_string(text, &out);
  return out;
}

}  // namespace

HttpResponse quarantine_response(Sink& sink, const HttpRequest& request) {
  if (request.path != kQuarantinePath) {
    return api_error(404, fmt::format("no endpoint {} {}", request.method, request.path));
  }
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse res =
        api_error(405, fmt::format("{} takes GET, not {}", kQuarantinePath, request.method));
    res.headers.emplace_back("Allow", "GET, HEAD");
    return res;
  }
  int limit = kDefaultLimit;
  if (auto it = request.query.find("limit"); it != request.query.end()) {
    const std::string& text = it->second;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (ec != std::errc() || end != text.data() + text.size() || limit < 1 || limit > kMaxLimit) {
      return api_error(
          400, fmt::format("limit must be an integer from 1 to {}, not '{}'", kMaxLimit, text),
          "limit");
    }
  }
  auto rows = sink.recent_quarantine(limit);
  if (!rows.ok()) {
    const bool unsupported = rows.status().code() == StatusCode::kNotImplemented;
    return api_error(unsupported ? 501 : 503, rows.status().message());
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
  HttpResponse res;
  res.body = std::move(body);
  return res;
}

void add_dashboard_api(HttpServer& server, Sink& sink) {
  server.mount(kQuarantinePath,
               [&sink](const HttpRequest& request) { return quarantine_response(sink, request); });
}

}  // namespace sluice::cli
