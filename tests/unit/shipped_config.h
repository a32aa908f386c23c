// The shipped pipeline (config/local.yaml), loaded once per test binary, for tests that judge
// or map records exactly as `sluice run` would.
#pragma once

#include "core/config.h"
#include "core/schema.h"

namespace sluice::testing {

inline const PipelineConfig& shipped_config() {
  static const PipelineConfig config = load_config(SLUICE_SOURCE_DIR "/config/local.yaml");
  return config;
}

inline const Schema& shipped_schema() {
  static const Schema schema = shipped_config().schema();
  return schema;
}

}  // namespace sluice::testing
