// libFuzzer target for the config loader: the input is a pipeline YAML file, loaded with its
// workflows as `sluice run` loads it (load_config_and_workflows_from_string). Any text must
// end as a loaded config or as a ConfigException whose every error says what is wrong; another
// exception escaping, or a crash, fails. Built with -DSLUICE_FUZZ=ON under clang; run by
// `make fuzz` (scripts/fuzz-brief) from tests/fuzz/corpus/config/ (the configs of config/ and
// tests/pipelines/).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/config.h"
#include "schedule/workflow_loader.h"

namespace {

// An empty folder to stand for the config's own, so that relative workflow_files and task
// configs the input names are looked for there, not in the working directory.
const std::string& config_name() {
  static const std::string name = [] {
    std::string dir = "/tmp/sluice_config_fuzz_XXXXXX";
    if (::mkdtemp(dir.data()) == nullptr) std::abort();
    static const std::string keep = dir;
    std::atexit([] { std::filesystem::remove_all(keep); });
    return dir + "/fuzz.yaml";
  }();
  return name;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string yaml(reinterpret_cast<const char*>(data), size);
  try {
    (void)sluice::load_config_and_workflows_from_string(yaml, config_name());
  } catch (const sluice::ConfigException& e) {
    if (e.errors().empty()) {
      std::fprintf(stderr, "config_fuzz: a ConfigException without errors\n");
      std::abort();
    }
    for (const sluice::ConfigError& error : e.errors()) {
      if (error.message.empty()) {
        std::fprintf(stderr, "config_fuzz: an error without a message: %s\n",
                     error.to_string().c_str());
        std::abort();
      }
    }
  }
  return 0;
}
