// Retry delays: fixed, doubling with exponential backoff, capped.
#include "schedule/retry.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

TaskSpec task(minutes delay, bool backoff) {
  TaskSpec t;
  t.name = "t";
  t.retries = 3;
  t.retry_delay = delay;
  t.retry_exponential_backoff = backoff;
  return t;
}

TEST(Retry, RetriesCountTheAttemptsAfterTheFirst) {
  const TaskSpec t = task(minutes{5}, false);
  EXPECT_TRUE(may_retry(t, 1));
  EXPECT_TRUE(may_retry(t, 3));
  EXPECT_FALSE(may_retry(t, 4));
  TaskSpec none = t;
  none.retries = 0;
  EXPECT_FALSE(may_retry(none, 1));
}

TEST(Retry, FixedDelayWithoutBackoff) {
  const TaskSpec t = task(minutes{5}, false);
  for (int attempt = 1; attempt <= 4; ++attempt)
    EXPECT_EQ(retry_delay(t, attempt), minutes{5}) << attempt;
}

TEST(Retry, BackoffDoublesPerAttempt) {
  const TaskSpec t = task(minutes{5}, true);
  EXPECT_EQ(retry_delay(t, 1), minutes{5});
  EXPECT_EQ(retry_delay(t, 2), minutes{10});
  EXPECT_EQ(retry_delay(t, 3), minutes{20});
  EXPECT_EQ(retry_delay(t, 4), minutes{40});
}

TEST(Retry, BackoffStopsAtTheCap) {
  TaskSpec t = task(minutes{5}, true);
  t.max_retry_delay = minutes{30};
  EXPECT_EQ(retry_delay(t, 3), minutes{20});
  EXPECT_EQ(retry_delay(t, 4), minutes{30});
  EXPECT_EQ(retry_delay(t, 50), minutes{30});
}

TEST(Retry, BackoffWithoutACapStopsAtADay) {
  const TaskSpec t = task(minutes{5}, true);
  EXPECT_EQ(retry_delay(t, 9), minutes{5 * 256});
  EXPECT_EQ(retry_delay(t, 10), hours{24});  // 5 * 512 minutes would be 42.7 hours
  EXPECT_EQ(retry_delay(t, 1'000'000), hours{24});
}

TEST(Retry, ZeroDelayStaysZero) {
  TaskSpec t = task(minutes{0}, true);
  EXPECT_EQ(retry_delay(t, 2'000'000'000), milliseconds{0});
}

}  // namespace
}  // namespace sluice
