// JsonWalker: parses one JSON record with simdjson On-Demand and captures the values of every
// path in a PathTrie in a single forward pass (keys we do not want are skipped unparsed).
// Owns the parser and a reusable padded copy of the input, so after warm-up a walk allocates
// nothing. Not thread-safe: one per thread.
//
// Validation follows On-Demand: the structure of the whole record and every value we read are
// checked, but the content of skipped values (say a malformed number in an unused field) is not.
// Duplicate keys: the last occurrence wins.
#pragma once

#include <memory>
#include <string_view>

#include "core/status.h"
#include "transform/capture.h"
#include "transform/path_trie.h"

namespace sluice::mapping {

class JsonWalker {
 public:
  JsonWalker();
  JsonWalker(JsonWalker&&) noexcept;
  JsonWalker& operator=(JsonWalker&&) noexcept;
  ~JsonWalker();

  // Resets captures[0..trie.slot_count()) and fills those found. InvalidArgument when `json`
  // is not one well-formed JSON object; captures are then unspecified.
  Status walk(std::string_view json, const PathTrie& trie, Capture* captures);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::mapping
