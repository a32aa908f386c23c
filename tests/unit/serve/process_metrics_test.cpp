// ProcessMetrics reads this process from /proc: the values must be the process's own, not
// placeholders.
#include "serve/process_metrics.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

namespace sluice {
namespace {

double unix_seconds_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

TEST(ProcessMetrics, ReadsThisProcess) {
  // Some CPU and memory of our own, so neither can be 0.
  std::vector<char> touched(32 << 20, 1);
  volatile unsigned sum = 0;
  for (size_t i = 0; i < touched.size(); i += 4096)
    sum = sum + static_cast<unsigned>(touched[i]);
  const ProcessStats s = read_process_stats();
  ASSERT_TRUE(s.resident_bytes && s.virtual_bytes && s.cpu_seconds && s.open_fds &&
              s.start_time_seconds);
  EXPECT_GE(*s.resident_bytes, 32.0 * (1 << 20)) << "the 32 MiB just touched";
  EXPECT_GE(*s.virtual_bytes, *s.resident_bytes);
  EXPECT_GE(*s.cpu_seconds, 0.0);
  EXPECT_LE(*s.start_time_seconds, unix_seconds_now() + 1);
  EXPECT_GT(*s.start_time_seconds, unix_seconds_now() - 3600) << "started within the hour";
}

TEST(ProcessMetrics, CountsDescriptorsAsTheyOpen) {
  const double before = *read_process_stats().open_fds;
  const int fd = open("/dev/null", O_RDONLY);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(*read_process_stats().open_fds, before + 1);
  close(fd);
  EXPECT_EQ(*read_process_stats().open_fds, before);
}

TEST(ProcessMetrics, BuildInfoNamesTheVersion) {
  bool found = false;
  for (const auto& f : ProcessMetrics().Collect()) {
    if (f.name != "sluice_build_info") continue;
    found = true;
    ASSERT_EQ(f.metric.size(), 1U);
    EXPECT_EQ(f.metric[0].gauge.value, 1);
    ASSERT_FALSE(f.metric[0].label.empty());
    EXPECT_EQ(f.metric[0].label[0].name, "version");
    EXPECT_NE(f.metric[0].label[0].value, "unknown") << "SLUICE_VERSION is set by the build";
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace sluice
