// `sluice mock-api`: a local stand-in for randomuser.me (docs/mock_api.md).
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "mock/mock_server.h"

namespace sluice::cli {
namespace {

int run_mock_api(const mock::MockServerOptions& options) {
  // Block SIGINT/SIGTERM before any thread starts so that only sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  mock::MockServer server(options);
  if (Status s = server.start(); !s.ok()) {
    std::fprintf(stderr, "sluice mock-api: %s\n", s.to_string().c_str());
    return kExitFailure;
  }
  spdlog::info("mock-api listening on http://{}:{}/api/ (seed {}, invalid rate {}, error rate {})",
               options.host, server.port(), options.seed, options.invalid_rate, options.error_rate);
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("mock-api: signal {}, stopping", received);
  server.stop();
  return kExitOk;
}

}  // namespace

void add_mock_api_command(CLI::App& app, CommandRun* run) {
  auto* sub = app.add_subcommand("mock-api", "Serve a local stand-in for randomuser.me");
  auto options = std::make_shared<mock::MockServerOptions>();
  sub->add_option("--host", options->host, "Address to listen on")->capture_default_str();
  sub->add_option("--port", options->port, "Port to listen on (0: any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  sub->add_option("--seed", options->seed, "Seed for requests without one, and for the fault plan")
      ->capture_default_str();
  sub->add_option("--invalid-rate", options->invalid_rate,
                  "Share of records that break data-quality rules on purpose")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--error-rate", options->error_rate,
                  "Share of requests that fail (500, 503, 429, error bodies, cut or slow "
                  "responses); a page's 4th attempt always succeeds")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--slow-ms", options->slow_ms, "Delay of a slow response")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--retry-after", options->retry_after_s, "Retry-After seconds of a 429")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--max-page", options->max_page,
                  "Pages after this one have no results (default 0: no end)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_flag("--down", options->down,
                "Answer every /api/ request with 503, on every attempt (a source that is down)");
  sub->add_flag("!--quiet", options->log_requests, "Don't log each request");
  sub->callback([run, options] { *run = [options] { return run_mock_api(*options); }; });
}

}  // namespace sluice::cli
