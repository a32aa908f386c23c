// The shell and http executors: exit statuses, captured output, cancel killing the process
// group, HTTP statuses against a local server.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "../test_dir.h"
#include "core/http_listener.h"
#include "schedule/runner/kind_executor.h"

namespace sluice::testing {
namespace {

class StringLog : public schedule::AttemptLog {
 public:
  void write(std::string_view text) override { text_ += text; }
  std::string text_;
};

schedule::TaskAttempt shell_attempt(const std::string& command) {
  schedule::TaskAttempt attempt;
  attempt.task.name = "t";
  attempt.task.kind = TaskKind::kShell;
  attempt.task.shell.command = command;
  return attempt;
}

TEST(ShellExecutor, ExitZeroSucceedsAndOutputIsCaptured) {
  schedule::KindExecutor executor(nullptr);
  StringLog log;
  std::atomic<bool> cancel{false};
  Status s = executor.run(shell_attempt("echo out; echo err >&2"), log, cancel);
  EXPECT_TRUE(s.ok()) << s.to_string();
  EXPECT_EQ(log.text_, "out\nerr\n");
}

TEST(ShellExecutor, NonZeroExitFailsNamingTheStatus) {
  schedule::KindExecutor executor(nullptr);
  StringLog log;
  std::atomic<bool> cancel{false};
  Status s = executor.run(shell_attempt("echo bad; exit 3"), log, cancel);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "command failed: exit status 3");
  EXPECT_EQ(log.text_, "bad\n");
}

TEST(ShellExecutor, DeathBySignalIsNamed) {
  schedule::KindExecutor executor(nullptr);
  StringLog log;
  std::atomic<bool> cancel{false};
  Status s = executor.run(shell_attempt("kill -KILL $$"), log, cancel);
  EXPECT_EQ(s.message(), "command failed: killed by signal 9 (SIGKILL)");
}

// Dead, waiting for whoever adopted it to reap it (in a container, maybe no one does).
bool zombie(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  const auto close = line.rfind(')');
  return close != std::string::npos && line.size() > close + 2 && line[close + 2] == 'Z';
}

// Cancel stops the command and what it started: the background sleep's pid is gone after.
TEST(ShellExecutor, CancelKillsTheProcessGroup) {
  const auto dir = fresh_test_dir("sluice_shell_executor");
  const auto pid_file = dir / "child.pid";
  schedule::KindExecutor executor(nullptr, schedule::ShellOptions{std::chrono::milliseconds(200)});
  StringLog log;
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    for (int i = 0; i < 200 && !std::filesystem::exists(pid_file); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancel = true;
  });
  const auto started = std::chrono::steady_clock::now();
  // The shell ignores SIGTERM, so only the SIGKILL after the grace period ends it.
  Status s = executor.run(
      shell_attempt("trap '' TERM; sleep 30 & echo $! > " + pid_file.string() + "; wait"), log,
      cancel);
  canceller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  EXPECT_EQ(s.code(), StatusCode::kAborted) << s.to_string();
  std::ifstream in(pid_file);
  pid_t child = 0;
  in >> child;
  ASSERT_GT(child, 0);
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = ::kill(child, 0) != 0 || zombie(child);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(gone) << "the background sleep " << child << " survived";
  std::filesystem::remove_all(dir);
}

class HttpExecutor : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      received_ = req.body;
      header_ = req.get_header_value("X-Run");
      res.status = 201;
      res.set_content("created " + req.body, "text/plain");
    });
    server_.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content("no such thing", "text/plain");
    });
    server_.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      res.set_content("late", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = serve_after_bind(server_);
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }
  schedule::TaskAttempt attempt(const std::string& method, const std::string& path) {
    schedule::TaskAttempt a;
    a.task.name = "h";
    a.task.kind = TaskKind::kHttp;
    a.task.http.method = method;
    a.task.http.url = "http://127.0.0.1:" + std::to_string(port_) + path;
    return a;
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::string received_;
  std::string header_;
};

TEST_F(HttpExecutor, PostSendsBodyAndHeadersAndLogsTheAnswer) {
  auto a = attempt("POST", "/hook");
  a.task.http.body = R"({"run": 1})";
  a.task.http.headers["X-Run"] = "r1";
  schedule::KindExecutor executor(nullptr);
  StringLog log;
  std::atomic<bool> cancel{false};
  Status s = executor.run(a, log, cancel);
  EXPECT_TRUE(s.ok()) << s.to_string();
  EXPECT_EQ(received_, R"({"run": 1})");
  EXPECT_EQ(header_, "r1");
  EXPECT_NE(log.text_.find("status 201\ncreated {\"run\": 1}"), std::string::npos) << log.text_;
}

TEST_F(HttpExecutor, AnUnexpectedStatusFails) {
  schedule::KindExecutor executor(nullptr);
  StringLog log;
  std::atomic<bool> cancel{false};
  Status s = executor.run(attempt("GET", "/missing"), log, cancel);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("answered 404, not an expected status"), std::string::npos)
      << s.to_string();
  EXPECT_NE(log.text_.find("no such thing"), std::string::npos) << log.text_;
}

TEST_F(HttpExecutor, AnExpectedNon2xxStatusSucceeds) {
  auto a = attempt("GET", "/missing");
  a.task.http.expected_status = {404};
  schedule::KindExecutor executor(nullptr);
  StringLog log;
  std::atomic<bool> cancel{false};
  EXPECT_TRUE(executor.run(a, log, cancel).ok());
}

TEST_F(HttpExecutor, TheTaskTimeoutBoundsTheRequest) {
  auto a = attempt("GET", "/slow");
  a.task.timeout = std::chrono::milliseconds(200);
  schedule::KindExecutor executor(nullptr);
  StringLog log;
  std::atomic<bool> cancel{false};
  Status s = executor.run(a, log, cancel);
  EXPECT_EQ(s.code(), StatusCode::kTimeout) << s.to_string();
}

TEST(KindExecutor, PipelineKindsWithoutPipelineActionsAreNotImplemented) {
  schedule::TaskAttempt a;
  a.task.kind = TaskKind::kIngest;
  schedule::KindExecutor executor(nullptr);
  StringLog log;
  std::atomic<bool> cancel{false};
  EXPECT_EQ(executor.run(a, log, cancel).code(), StatusCode::kNotImplemented);
}

}  // namespace
}  // namespace sluice::testing
