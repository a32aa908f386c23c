// Health: a watched component shows as waiting while its probe names a reason and recovers
// when the probe answers "", without anyone reporting; unwatch() forgets it.
#include "core/health.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>

namespace sluice {
namespace {

// Polls `condition` for up to 5 s (the watcher looks twice a second).
template <typename Condition>
bool eventually(Condition condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

TEST(Health, StartingUntilStartedThenReady) {
  Health health;
  EXPECT_FALSE(health.ready());
  EXPECT_EQ(health.describe(), "starting");
  health.started();
  EXPECT_TRUE(health.ready());
  EXPECT_EQ(health.describe(), "ready");
}

TEST(Health, AWatchedComponentWaitsWhileItsProbeSaysWhy) {
  std::mutex mu;
  std::string why;
  Health health;
  health.started();
  health.watch("sink (cassandra)", [&] {
    std::lock_guard lock(mu);
    return why;
  });
  EXPECT_TRUE(health.ready());
  {
    std::lock_guard lock(mu);
    why = "no Cassandra node reachable: 127.0.0.1:9042: connection refused";
  }
  ASSERT_TRUE(eventually([&] { return !health.ready(); }));
  EXPECT_NE(health.describe().find("sink (cassandra): waiting"), std::string::npos)
      << health.describe();
  EXPECT_NE(health.describe().find("connection refused"), std::string::npos);
  {
    std::lock_guard lock(mu);
    why.clear();
  }
  EXPECT_TRUE(eventually([&] { return health.ready(); }));

  // Unwatched while waiting: forgotten, and the probe is not called any more.
  {
    std::lock_guard lock(mu);
    why = "down";
  }
  ASSERT_TRUE(eventually([&] { return !health.ready(); }));
  health.unwatch("sink (cassandra)");
  EXPECT_TRUE(health.ready());
  std::this_thread::sleep_for(2 * Health::kWatchEvery);
  EXPECT_TRUE(health.ready());
}

}  // namespace
}  // namespace sluice
