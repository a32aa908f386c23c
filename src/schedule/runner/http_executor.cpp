#include "schedule/runner/http_executor.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <string>

namespace sluice::schedule {
namespace {

struct Response {
  std::string body;  // the first kHttpLogBodyBytes
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<Response*>(user);
  const size_t n = size * count;
  const size_t room = kHttpLogBodyBytes - std::min(kHttpLogBodyBytes, response->body.size());
  response->body.append(data, std::min(n, room));
  return n;
}

// Non-zero aborts the transfer: how `cancel` reaches a request in flight.
int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(user)->load() ? 1 : 0;
}

bool expected(const HttpArgs& args, long status) {
  if (args.expected_status.empty()) return status >= 200 && status < 300;
  return std::find(args.expected_status.begin(), args.expected_status.end(), status) !=
         args.expected_status.end();
}

}  // namespace

Status run_http(const HttpArgs& args, std::optional<std::chrono::milliseconds> timeout,
                AttemptLog& log, const std::atomic<bool>& cancel) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Status::internal("http: curl_easy_init failed");
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : args.headers) {
    std::string line = name;
    line += ": ";
    line += value;
    headers = curl_slist_append(headers, line.c_str());
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers,
                                                                          curl_slist_free_all);
  Response response;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, args.url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, args.method.c_str());
  if (args.method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  if (!args.body.empty()) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, args.body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(args.body.size()));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &cancel);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // attempts run on threads
  if (timeout) curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout->count()));

  log.write(args.method + " " + args.url + "\n");
  const CURLcode code = curl_easy_perform(c);
  if (code == CURLE_ABORTED_BY_CALLBACK) return Status::aborted("http: cancelled");
  if (code == CURLE_OPERATION_TIMEDOUT) return Status::timeout("http: " + args.url + ": timed out");
  if (code != CURLE_OK) {
    return Status::unavailable("http: " + args.url + ": " + curl_easy_strerror(code));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  log.write("status " + std::to_string(status) + "\n" + response.body + "\n");
  if (!expected(args, status)) {
    return Status::internal("http: " + args.method + " " + args.url + " answered " +
                            std::to_string(status) + ", not an expected status");
  }
  return Status::ok_status();
}

}  // namespace sluice::schedule
