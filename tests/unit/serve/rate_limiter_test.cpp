// RateLimiter (serve/rate_limiter.h) on a clock the test moves: a burst, then the rate, each
// client on its own, and the wait it tells a refused client.
#include "serve/rate_limiter.h"

#include <gtest/gtest.h>

#include <string>

namespace sluice {
namespace {

TEST(RateLimiter, ABurstThenTheRate) {
  double now = 1000;
  RateLimiter limiter(2, 5, [&now] { return now; });  // 2 per second, 5 at once
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(limiter.admit("a"), 0) << i;
  EXPECT_EQ(limiter.admit("a"), 1);  // half a second to the next
  now += 0.5;
  EXPECT_EQ(limiter.admit("a"), 0);
  EXPECT_GE(limiter.admit("a"), 1);
  now += 10;  // refills up to the burst, not beyond
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(limiter.admit("a"), 0) << i;
  EXPECT_GE(limiter.admit("a"), 1);
}

TEST(RateLimiter, EachClientHasItsOwnBucket) {
  double now = 0;
  RateLimiter limiter(1, 1, [&now] { return now; });
  EXPECT_EQ(limiter.admit("10.0.0.1"), 0);
  EXPECT_EQ(limiter.admit("10.0.0.1"), 1);
  EXPECT_EQ(limiter.admit("10.0.0.2"), 0);
}

TEST(RateLimiter, RetryAfterIsTheWaitForOneRequest) {
  double now = 0;
  RateLimiter limiter(0.1, 1, [&now] { return now; });  // one every 10 s
  EXPECT_EQ(limiter.admit("a"), 0);
  EXPECT_EQ(limiter.admit("a"), 10);
  now += 4;
  EXPECT_EQ(limiter.admit("a"), 6);
}

TEST(RateLimiter, ZeroTurnsItOff) {
  RateLimiter limiter(0, 1, [] { return 0.0; });
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(limiter.admit("a"), 0);
}

TEST(RateLimiter, ManyClientsDoNotGrowItWithoutBound) {
  double now = 0;
  RateLimiter limiter(1, 1, [&now] { return now; });
  for (size_t i = 0; i < RateLimiter::kMaxClients + 10; ++i)
    ASSERT_EQ(limiter.admit("c" + std::to_string(i)), 0);
  now += 5;  // all idle and full again: forgotten when room is needed
  EXPECT_EQ(limiter.admit("new"), 0);
  EXPECT_EQ(limiter.admit("c0"), 0);
}

}  // namespace
}  // namespace sluice
