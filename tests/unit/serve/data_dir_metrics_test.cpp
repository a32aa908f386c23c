// DataDirMetrics reports the filesystem the data dir is on, as the kernel tells it, and nothing
// for a data dir that is not there.
#include "serve/data_dir_metrics.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "../test_dir.h"

namespace sluice {
namespace {

std::map<std::string, double> scrape(const DataDirMetrics& metrics) {
  std::map<std::string, double> out;
  for (const auto& f : metrics.Collect()) {
    EXPECT_EQ(f.type, prometheus::MetricType::Gauge);
    EXPECT_EQ(f.metric.size(), 1U);
    EXPECT_EQ(f.metric.at(0).label.at(0).name, "pipeline");
    EXPECT_EQ(f.metric.at(0).label.at(0).value, "demo");
    out[f.name] = f.metric.at(0).gauge.value;
  }
  return out;
}

class DataDirMetricsTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove_all(dir_); }
  const std::string dir_ = testing::fresh_test_dir("data_dir_metrics").string();
};

TEST_F(DataDirMetricsTest, ReportsTheFilesystemOfTheDataDir) {
  const auto values = scrape(DataDirMetrics(dir_, "demo"));
  ASSERT_EQ(values.size(), 2U);
  // std::filesystem::space asks the same question its own way.
  const auto space = std::filesystem::space(dir_);
  EXPECT_EQ(values.at("sluice_data_dir_size_bytes"), static_cast<double>(space.capacity));
  EXPECT_GT(values.at("sluice_data_dir_size_bytes"), 0);
  EXPECT_LE(values.at("sluice_data_dir_available_bytes"), values.at("sluice_data_dir_size_bytes"));
  // Other writers share the disk: equal within 64 MiB of what happened in between.
  EXPECT_NEAR(values.at("sluice_data_dir_available_bytes"), static_cast<double>(space.available),
              64.0 * (1 << 20));
}

TEST_F(DataDirMetricsTest, AMissingDataDirGivesNoValues) {
  EXPECT_TRUE(DataDirMetrics(dir_ + "/not/made/yet", "demo").Collect().empty());
  EXPECT_FALSE(read_disk_space(dir_ + "/not/made/yet").has_value());
}

}  // namespace
}  // namespace sluice
