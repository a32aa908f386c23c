// ProcessProbe's timing: the span a run's records took, as the process summary reports it.
#include "process/probe.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace sluice {
namespace {

TEST(ProcessProbe, ReadingSpanEndsAtTheLastStoredBatchNotAtTheEnd) {
  prometheus::Registry registry;
  ProcessProbe probe(registry, "p", {"r"}, 1);
  EXPECT_EQ(probe.seconds_reading(), 0) << "nothing read yet";
  probe.records_polled();
  EXPECT_EQ(probe.seconds_reading(), 0) << "nothing stored yet";
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  probe.batch_done(10, 9, 1, 0.001);
  const double reading = probe.seconds_reading();
  EXPECT_GE(reading, 0.019);
  // Waiting after the last batch (what --until-idle does to be sure it caught up) counts in
  // the span to the end only.
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(probe.seconds_reading(), reading);
  EXPECT_GE(probe.seconds_since_first_poll(), reading + 0.029);
  EXPECT_EQ(probe.records.load(), 10);
}

}  // namespace
}  // namespace sluice
