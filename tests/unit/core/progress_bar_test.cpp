#include "core/progress_bar.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(ProgressRender, ShowsBarPercentCountsRateAndEta) {
  EXPECT_EQ(render_progress("replay", 50, 200, 10, 8),
            "replay [##------]  25% 50/200 10/s ETA 15s");
}

TEST(ProgressRender, EtaInMinutesAndHours) {
  EXPECT_NE(render_progress("r", 0, 1000, 1, 4).find("ETA 16m40s"), std::string::npos);
  EXPECT_NE(render_progress("r", 0, 100000, 10, 4).find("ETA 2h46m"), std::string::npos);
}

TEST(ProgressRender, NoRateYetMeansNoEtaAndDoneMeansFull) {
  EXPECT_EQ(render_progress("r", 0, 0, 0, 4), "r [----]   0% 0/0");
  EXPECT_EQ(render_progress("r", 7, 7, 3.5, 4), "r [####] 100% 7/7 4/s");
}

TEST(ProgressRender, ATotalBehindTheCountIsRaisedToIt) {
  // The lag read after the count moved on: never more than 100%.
  EXPECT_EQ(render_progress("r", 12, 10, 0, 4), "r [####] 100% 12/12");
}

}  // namespace
}  // namespace sluice
