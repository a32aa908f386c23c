// libFuzzer target for the HTTP surface of `sluice run`: the input is the raw bytes a client
// sends. They go through cpp-httplib's request parsing into HttpServer's own routes (health,
// metrics, status, dashboard, the API's error answers) and the workflow REST API mounted as
// `sluice run` mounts it, over a SQLite run store and the workflows of config/local.yaml
// (HttpServer::answer_raw, no socket). Whatever arrives must be answered, never crash; an
// answer under /api/ is a whole HTTP response. Built with -DSLUICE_FUZZ=ON under clang; run by
// `make fuzz` (scripts/fuzz-brief) from tests/fuzz/corpus/http_request/ (requests as curl and
// the dashboard send them).
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/health.h"
#include "schedule/store/sqlite/sqlite_run_store.h"
#include "schedule/workflow_loader.h"
#include "serve/api/workflow_routes.h"
#include "serve/api_access.h"
#include "serve/http_server.h"

namespace {

std::string scratch_dir() {
  const char* base = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
  std::string dir = std::string(base) + "/sluice_http_fuzz_XXXXXX";
  if (::mkdtemp(dir.data()) == nullptr) std::abort();
  static const std::string keep = dir;
  std::atexit([] { std::filesystem::remove_all(keep); });
  return dir;
}

struct Served {
  sluice::LoadedConfig config =
      sluice::load_config_and_workflows(SLUICE_SOURCE_DIR "/config/local.yaml");
  sluice::schedule::SqliteRunStore store{scratch_dir() + "/scheduler.db"};
  std::unique_ptr<sluice::api::WorkflowApi> api;
  sluice::Health health;
  // The corpus's /api/ requests carry this token (and http_request.dict offers it), so the
  // fuzzer reaches the routes behind the guard as well as the guard's refusals; no rate limit,
  // or the fuzzer's speed would make every /api/ request a 429.
  sluice::ApiAccess access{.token = "fuzz-api-token-0123456789",
                           .token_source = "the fuzzer",
                           .rate_limit_per_s = 0,
                           .rate_limit_burst = 0};
  sluice::HttpServer server{"127.0.0.1:0", access, std::make_shared<prometheus::Registry>(),
                            [] { return std::string(R"({"state":"running"})"); }, &health};

  Served() {
    if (!store.open().ok()) std::abort();
    // A fixed clock: the same request gets the same answer.
    api = std::make_unique<sluice::api::WorkflowApi>(config.workflows, &store,
                                                     [] { return int64_t{1704067200000}; });
    server.mount(std::string(sluice::api::WorkflowApi::kPrefix),
                 [this](const sluice::HttpRequest& r) { return api->handle(r); });
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Served served;
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const std::string answer = served.server.answer_raw(raw);
  if (!answer.empty() && !answer.starts_with("HTTP/1.1 ")) {
    std::fprintf(stderr, "http_request_fuzz: an answer that is not HTTP: %.80s\n", answer.c_str());
    std::abort();
  }
  return 0;
}
