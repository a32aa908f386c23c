#include "ingest/http/http_source.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <thread>

namespace sluice {
namespace {

size_t on_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  std::string_view line(data, size * count);
  constexpr std::string_view kRetryAfter = "retry-after:";
  if (line.size() > kRetryAfter.size()) {
    bool match = true;
    for (size_t i = 0; i < kRetryAfter.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(line[i])) != kRetryAfter[i]) match = false;
    }
    if (match) {
      std::string_view value = line.substr(kRetryAfter.size());
      while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
      int seconds = 0;
      // Only the delta-seconds form; an HTTP date falls back to our own backoff.
      if (std::from_chars(value.data(), value.data() + value.size(), seconds).ec == std::errc()) {
        *static_cast<int*>(user) = seconds * 1000;
      }
    }
  }
  return size * count;
}

bool retryable_status(long status) {
  return status >= 500 || status == 429 || status == 408;
}

// Retry-After is honoured, within reason: a server asking for an hour gets max_backoff at most
// ten times over, so one run cannot hang on it.
int bounded_retry_after(int retry_after_ms, const RetryConfig& retry) {
  return std::min(retry_after_ms, retry.max_backoff_ms * 10);
}

}  // namespace

HttpSource::HttpSource(const HttpSourceConfig& config)
    : config_(config),
      curl_(curl_easy_init()),
      parser_(config.records_path),
      backoff_(config.retry,
               static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count())) {
}

HttpSource::~HttpSource() {
  curl_easy_cleanup(curl_);
}

Status HttpSource::seek(std::string_view cursor) {
  if (cursor.empty()) {
    page_ = 1;
    return {};
  }
  int64_t page = 0;
  if (cursor.substr(0, 5) != "page=" ||
      std::from_chars(cursor.data() + 5, cursor.data() + cursor.size(), page).ec != std::errc() ||
      page < 1) {
    return Status::invalid_argument(fmt::format(
        "stored cursor '{}' is not page=N (was the log written by another source?)", cursor));
  }
  page_ = page;
  return {};
}

std::string HttpSource::next_url() const {
  std::string url = config_.url;
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += fmt::format("results={}", config_.results_per_page);
  if (config_.seed) {
    char* escaped = curl_easy_escape(curl_, config_.seed->c_str(), 0);
    url += fmt::format("&page={}&seed={}", page_, escaped);
    curl_free(escaped);
  }
  return url;
}

Status HttpSource::fetch(const std::string& url, Response* response) {
  response->body.clear();
  response->retry_after_ms = 0;
  curl_easy_reset(curl_);
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout_ms));
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.read_timeout_ms));
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl_, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode
  curl_easy_setopt(curl_, CURLOPT_USERAGENT, "sluice/0.1");
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &response->body);
  curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &response->retry_after_ms);
  CURLcode rc = curl_easy_perform(curl_);
  ++stats_.requests;
  stats_.bytes += static_cast<int64_t>(response->body.size());
  if (rc != CURLE_OK) {
    report_fetch("error", static_cast<int64_t>(response->body.size()));
    const auto code =
        rc == CURLE_OPERATION_TIMEDOUT ? StatusCode::kTimeout : StatusCode::kUnavailable;
    return Status(code, curl_easy_strerror(rc));
  }
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &response->status);
  report_fetch(std::to_string(response->status), static_cast<int64_t>(response->body.size()));
  return {};
}

Result<SourceBatch> HttpSource::next() {
  const std::string url = next_url();
  Response& response = response_;
  std::string last_reason;
  const int attempts = std::max(1, config_.retry.max_attempts);
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1) {
      const int wait = backoff_.delay_ms(
          attempt - 1, bounded_retry_after(response.retry_after_ms, config_.retry));
      spdlog::info("http source: {} (attempt {}/{}), retrying in {} ms", last_reason, attempt - 1,
                   attempts, wait);
      std::this_thread::sleep_for(std::chrono::milliseconds(wait));
      ++stats_.retries;
    }
    Status transport = fetch(url, &response);
    if (!transport.ok()) {
      last_reason = transport.to_string();
      continue;
    }
    if (response.status != 200) {
      last_reason = fmt::format("HTTP {}", response.status);
      if (retryable_status(response.status)) continue;
      return Status::invalid_argument(fmt::format("GET {} answered HTTP {} (not retryable): {}",
                                                  url, response.status,
                                                  response.body.substr(0, 200)));
    }
    SourceBatch batch;
    Status parsed = parser_.parse(&response.body, &batch.records, &batch.keys);
    if (!parsed.ok()) {
      last_reason = parsed.message();
      continue;
    }
    stats_.records += static_cast<int64_t>(batch.records.size());
    batch.source_id = config_.seed ? fmt::format("http:page={}", page_) : "http";
    if (config_.seed) {
      // An empty page ends the run and leaves the cursor where it is (docs/architecture.md,
      // "Delivery contract").
      if (!batch.records.empty()) ++page_;
      batch.cursor_after = fmt::format("page={}", page_);
    }
    return batch;
  }
  return Status::unavailable(
      fmt::format("GET {} failed after {} attempts; last: {}", url, attempts, last_reason));
}

}  // namespace sluice
