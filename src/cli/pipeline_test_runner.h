// Runs a PipelineTestFile through the real processor: each case's record is published to an
// in-memory log (MemoryLog) at its offset, the Processor reads, maps and judges it with the
// pipeline's Judge and writes it to an in-memory sink (MemorySink), and the case is checked
// against what the sink then holds: the stored row, or the quarantine row and its reasons (a
// rule id, or `parse` / `key`). Cases run in file order; a case whose offset repeats an
// earlier one is a replay of that position, as after a crash. Prints a readable diff for each
// failing case to `out`.
#pragma once

#include <cstdio>

#include "cli/pipeline_test_file.h"
#include "core/config.h"

namespace sluice::cli {

struct PipelineTestTally {
  int passed = 0;
  int failed = 0;
};

// Throws ConfigException when the pipeline does not compile or the file names an unknown
// reason id or field (a broken test, exit 2). Failing cases are counted and printed, never
// thrown; a processor failure is a runtime error (std::runtime_error, exit 1).
PipelineTestTally run_pipeline_test(const PipelineTestFile& file, const PipelineConfig& config,
                                    std::FILE* out);

}  // namespace sluice::cli
