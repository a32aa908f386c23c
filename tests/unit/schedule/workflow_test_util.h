// Helpers for workflow loading tests: a small pipeline to hang workflows on, and loaders that
// return the workflows or the errors.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../core/config_test_util.h"
#include "schedule/workflow_loader.h"

namespace sluice::testing {

// A valid pipeline of three lines: workflows appended to it start at line 4.
inline const char* const kPipeline =
    "pipeline: demo\n"                                    // 1
    "source: {http: {url: 'http://127.0.0.1:1/api/'}}\n"  // 2
    "schema: {key: k, fields: [{name: k, from: k}]}\n";   // 3

// The workflows kPipeline + `yaml` declares; a failed expectation when it does not load.
inline std::vector<Workflow> workflows_of(const std::string& yaml,
                                          const std::string& name = "test.yaml") {
  try {
    return load_config_and_workflows_from_string(kPipeline + yaml, name).workflows;
  } catch (const ConfigException& e) {
    ADD_FAILURE() << e.what();
  }
  return {};
}

// Every error loading kPipeline + `yaml` reports.
inline std::vector<ConfigError> errors_of(const std::string& yaml,
                                          const std::string& name = "test.yaml") {
  try {
    load_config_and_workflows_from_string(kPipeline + yaml, name);
  } catch (const ConfigException& e) {
    return e.errors();
  }
  return {};
}

// The one error expected: at `line`, on `key`, its message holding `part`.
inline ConfigError one_error(const std::string& yaml, int line, const std::string& key,
                             const std::string& part) {
  const ConfigError e = only_error(errors_of(yaml));
  EXPECT_EQ(e.file, "test.yaml") << e.to_string();
  EXPECT_EQ(e.line, line) << e.to_string();
  EXPECT_EQ(e.key, key) << e.to_string();
  EXPECT_NE(e.message.find(part), std::string::npos) << e.to_string();
  return e;
}

}  // namespace sluice::testing
