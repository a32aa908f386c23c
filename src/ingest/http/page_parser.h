// Splits one API response body into its records' raw JSON, as received. Fails (and hands out
// nothing) on a body that is not JSON, is cut short, carries {"error": ...}, or lacks the
// records array. Owns a simdjson parser: one per thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sluice {

class PageParser {
 public:
  // `records_path`: dotted path of the records array, e.g. "results".
  explicit PageParser(const std::string& records_path);
  ~PageParser();
  PageParser(const PageParser&) = delete;
  PageParser& operator=(const PageParser&) = delete;

  // On success `out` holds one string per record; on failure it is left empty.
  Status parse(std::string_view body, std::vector<std::string>* out);

 private:
  struct Impl;
  std::vector<std::string> path_;
  Impl* impl_;
};

}  // namespace sluice
