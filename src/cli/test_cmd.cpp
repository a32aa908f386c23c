// `sluice test FILE...`: declarative pipeline tests (docs/testing.md). Exit 0 when every case
// passes, 1 when one fails (with a diff), 2 for a broken test file or pipeline config.
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/pipeline_test_file.h"
#include "cli/pipeline_test_runner.h"
#include "core/config.h"

namespace sluice::cli {
namespace {

int run_tests(const std::vector<std::string>& paths) {
  PipelineTestTally total;
  for (const auto& path : paths) {
    PipelineTestFile file = read_pipeline_test(path);
    PipelineConfig config = load_config(file.config_path);
    PipelineTestTally t = run_pipeline_test(file, config, stdout);
    total.passed += t.passed;
    total.failed += t.failed;
  }
  fmt::print("{} passed, {} failed\n", total.passed, total.failed);
  return total.failed == 0 ? kExitOk : kExitFailure;
}

}  // namespace

void add_test_command(CLI::App& app, CommandRun* run) {
  auto* sub = app.add_subcommand("test", "Run declarative pipeline tests (docs/testing.md)");
  auto files = std::make_shared<std::vector<std::string>>();
  sub->add_option("files", *files, "Test files (YAML)")->required()->check(CLI::ExistingFile);
  sub->callback([run, files] { *run = [files] { return run_tests(*files); }; });
}

}  // namespace sluice::cli
