// HttpSource: pages of a randomuser.me-shaped API over libcurl (docs/architecture.md, "Delivery
// contract"; docs/configuration.md, `source.http`). With a fixed seed the API is pageable: requests
// go to page=1,2,... and the cursor is "page=N", the next page to ask for. Without a seed every
// request is a fresh random draw and the cursor stays "". Each request is retried with exponential
// backoff and jitter on network errors, timeouts, 5xx, 408, 429 (honouring Retry-After), {"error":
// ...} bodies and malformed bodies; other 4xx fail at once. Not thread-safe.
#pragma once

#include <curl/curl.h>

#include <string>

#include "ingest/http/backoff.h"
#include "ingest/http/page_parser.h"
#include "ingest/source.h"

namespace sluice {

class HttpSource : public Source {
 public:
  explicit HttpSource(const HttpSourceConfig& config);
  ~HttpSource() override;

  Status seek(std::string_view cursor) override;
  Result<SourceBatch> next() override;
  int max_batches_per_run() const override { return config_.pages_per_run; }
  SourceStats stats() const override { return stats_; }
  void set_key_path(const std::vector<std::string>& path) override { parser_.set_key_path(path); }

  // The URL of the next request (for messages and tests).
  std::string next_url() const;

 private:
  struct Response {
    long status = 0;
    std::string body;
    int retry_after_ms = 0;
  };
  // One attempt; a non-ok Status is a transport failure (connect, timeout, reset).
  Status fetch(const std::string& url, Response* response);

  HttpSourceConfig config_;
  CURL* curl_;
  PageParser parser_;
  // Kept between requests: the body's buffer keeps its capacity, so a page is received without
  // regrowing (and copying) a multi-megabyte string on the way.
  Response response_;
  Backoff backoff_;
  int64_t page_ = 1;
  SourceStats stats_;
};

}  // namespace sluice
