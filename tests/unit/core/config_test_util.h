// Helpers for config tests: a small valid pipeline and a loader that returns the errors.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/config.h"

namespace sluice::testing {

// A valid pipeline. Line numbers matter to the tests: keep them in sync when editing.
inline const char* const kMinimalConfig =
    "pipeline: demo\n"                                           // 1
    "source:\n"                                                  // 2
    "  kind: http\n"                                             // 3
    "  http:\n"                                                  // 4
    "    url: http://127.0.0.1:8081/api/\n"                      // 5
    "schema:\n"                                                  // 6
    "  key: username\n"                                          // 7
    "  fields:\n"                                                // 8
    "    - {name: username, from: login.username}\n"             // 9
    "    - {name: email, from: email}\n"                         // 10
    "    - {name: age, type: int, from: dob.age}\n"              // 11
    "rules:\n"                                                   // 12
    "  - {id: required, kind: required, fields: [username]}\n";  // 13

// The errors load_config_from_string reports for `yaml` (empty when it loads).
inline std::vector<ConfigError> config_errors(const std::string& yaml) {
  try {
    load_config_from_string(yaml, "test.yaml");
  } catch (const ConfigException& e) {
    return e.errors();
  }
  return {};
}

// The one error of `errors`; a failed expectation listing them all otherwise.
inline ConfigError only_error(const std::vector<ConfigError>& errors) {
  if (errors.size() != 1) {
    std::string all;
    for (const auto& e : errors)
      all += "\n  " + e.to_string();
    ADD_FAILURE() << "expected exactly one error, got " << errors.size() << ":" << all;
    return errors.empty() ? ConfigError{} : errors[0];
  }
  return errors[0];
}

// The one error expected from `yaml`; a failed expectation otherwise.
inline ConfigError single_error(const std::string& yaml) {
  return only_error(config_errors(yaml));
}

// Expects exactly one error from `yaml`: at `line` (any line when 0), on `key`, its message
// holding `part`. Returns it for further checks.
inline ConfigError expect_one_error(const std::string& yaml, int line, const std::string& key,
                                    const std::string& part) {
  ConfigError e = single_error(yaml);
  if (line != 0) {
    EXPECT_EQ(e.line, line) << e.to_string();
  }
  EXPECT_EQ(e.key, key) << e.to_string();
  EXPECT_NE(e.message.find(part), std::string::npos) << e.to_string();
  return e;
}

}  // namespace sluice::testing
