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

  // Also read each record's key while splitting: the string at `key_path` (object keys from the
  // record's top), "" when it is missing or not a string, as Mapper::key_of finds it. Saves the
  // ingestor a second parse of every record. Empty: no keys.
  void set_key_path(const std::vector<std::string>& key_path) { key_path_ = key_path; }

  // On success `out` holds one string per record and, with a key path, `keys` one key per
  // record (else it is left empty); on failure both are left empty. The body is parsed in
  // place: its capacity grows by simdjson's padding instead of the page being copied.
  Status parse(std::string* body, std::vector<std::string>* out, std::vector<std::string>* keys);

 private:
  struct Impl;
  std::vector<std::string> path_;
  std::vector<std::string> key_path_;
  Impl* impl_;
};

}  // namespace sluice
