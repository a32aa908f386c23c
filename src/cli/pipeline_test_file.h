// The declarative pipeline test format read by `sluice test` (docs/testing.md):
//
//   config: ../../config/local.yaml   # relative to this file, else to the working directory
//   base: {...}                        # optional record every case starts from
//   cases:
//     - name: two-character username
//       set: {login.username: ab}      # dotted paths into base (or into `input`)
//       unset: [email]                 # dotted paths to remove
//       row: {username: ab}            # expected mapped values; null for null; others unchecked
//       failed: [username_length]      # expected failed rule ids; [] (the default) = valid
//
// A case may give `input` (a mapping, or a JSON string sent as is) instead of starting from
// `base`, and `offset` to reuse an earlier case's log position (a replay).
// Parsing problems throw ConfigException with file, line and key (exit 2).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sluice::cli {

struct ExpectedValue {
  std::string field;
  std::optional<std::string> text;  // nullopt: expected null
  int line = 0;
};

struct PipelineTestCase {
  std::string name;
  int line = 0;
  std::string input_json;  // the raw record handed to the Mapper
  std::vector<ExpectedValue> row;
  std::vector<std::string> failed;  // sorted
  int failed_line = 0;
  std::optional<int64_t> offset;
};

struct PipelineTestFile {
  std::string path;
  std::string config_path;  // resolved
  int config_line = 0;
  std::vector<PipelineTestCase> cases;
};

PipelineTestFile read_pipeline_test(const std::string& path);

}  // namespace sluice::cli
