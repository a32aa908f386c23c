// OutageWait: the Cassandra sink waits out an outage (no node answers, timeouts) and reports
// it, fails at once on errors that another attempt cannot fix, and stops waiting on close().
#include "sink/cassandra/outage_wait.h"

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <string>
#include <thread>
#include <vector>

namespace sluice::cassandra {
namespace {

using std::chrono::milliseconds;

// Answers with queued statuses, then ok; remembers what the wait reported between attempts.
struct ScriptedAttempts {
  std::deque<Status> failures;
  OutageWait* wait = nullptr;
  int calls = 0;
  // {}: the tests list only the first two members (-Wmissing-field-initializers).
  std::vector<std::string> reported{};

  Result<cql::QueryResult> operator()() {
    ++calls;
    reported.push_back(wait->unreachable());
    if (failures.empty()) return cql::QueryResult{};
    Status s = failures.front();
    failures.pop_front();
    return s;
  }
};

TEST(OutageWait, WaitsOutUnavailableAndTimeoutsAndSaysWhy) {
  OutageWait wait(milliseconds(1), milliseconds(4));
  ScriptedAttempts attempts;
  attempts.failures = {Status::unavailable("no node answers: 127.0.0.1:9042 refused"),
                       Status::timeout("write timed out at LOCAL_QUORUM"),
                       Status::unavailable("no node answers")};
  attempts.wait = &wait;
  int errors = 0;
  auto result = wait.run([&] { return attempts(); }, [&](const Status&) { ++errors; });
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  EXPECT_EQ(attempts.calls, 4);
  EXPECT_EQ(errors, 3);
  EXPECT_EQ(attempts.reported,
            (std::vector<std::string>{"", "no node answers: 127.0.0.1:9042 refused",
                                      "write timed out at LOCAL_QUORUM", "no node answers"}));
  EXPECT_EQ(wait.unreachable(), "") << "a success clears the reason";
}

TEST(OutageWait, OtherErrorsFailAtOnce) {
  OutageWait wait(milliseconds(1), milliseconds(4));
  ScriptedAttempts attempts;
  attempts.failures = {Status::invalid_argument("unconfigured table created_users")};
  attempts.wait = &wait;
  auto result = wait.run([&] { return attempts(); }, [](const Status&) {});
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(attempts.calls, 1);
  EXPECT_EQ(wait.unreachable(), "");
}

TEST(OutageWait, CloseEndsAWaitWithTheLastError) {
  OutageWait wait(milliseconds(50), milliseconds(50));
  std::thread closer([&] {
    while (wait.unreachable().empty())
      std::this_thread::sleep_for(milliseconds(1));
    wait.close();
  });
  int calls = 0;
  auto result = wait.run(
      [&]() -> Result<cql::QueryResult> {
        ++calls;
        return Status::unavailable("no node answers");
      },
      [](const Status&) {});
  closer.join();
  EXPECT_EQ(result.status().code(), StatusCode::kUnavailable);
  EXPECT_GE(calls, 1);
}

}  // namespace
}  // namespace sluice::cassandra
