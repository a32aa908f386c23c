// Runs a PipelineTestFile against its pipeline's schema, mapping and rules: each case's input
// is mapped by a Mapper and judged by the RuleSet, in file order, with an in-memory index for
// `unique` rules (a valid record claims its values, so the first valid one wins).
// Prints a readable diff for each failing case to `out`.
#pragma once

#include <cstdio>

#include "cli/pipeline_test_file.h"
#include "core/config.h"

namespace sluice::cli {

struct PipelineTestTally {
  int passed = 0;
  int failed = 0;
};

// Throws ConfigException when the pipeline does not compile or the file names an unknown rule
// id or field (a broken test, exit 2). Failing cases are counted and printed, never thrown.
PipelineTestTally run_pipeline_test(const PipelineTestFile& file, const PipelineConfig& config,
                                    std::FILE* out);

}  // namespace sluice::cli
