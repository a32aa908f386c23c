// KeyFilter: never a false "absent"; few false "maybe"s while within capacity.
#include "sink/sqlite/key_filter.h"

#include <gtest/gtest.h>

#include <string>

namespace sluice::sqlite {
namespace {

TEST(KeyFilterTest, EveryAddedKeyMayBeContained) {
  KeyFilter filter(50000);
  for (int i = 0; i < 50000; ++i)
    filter.add("user" + std::to_string(i));
  for (int i = 0; i < 50000; ++i)
    ASSERT_TRUE(filter.may_contain("user" + std::to_string(i))) << i;
  EXPECT_EQ(filter.count(), 50000U);
  EXPECT_EQ(filter.layers(), 1U);
}

TEST(KeyFilterTest, FewFalsePositivesWithinCapacity) {
  KeyFilter filter(50000);
  for (int i = 0; i < 50000; ++i)
    filter.add("user" + std::to_string(i));
  int false_positives = 0;
  for (int i = 0; i < 100000; ++i)
    false_positives += filter.may_contain("other" + std::to_string(i)) ? 1 : 0;
  // ~1% expected at 10 bits per key; 2% leaves room for an unlucky hash, not for a bug.
  EXPECT_LT(false_positives, 2000);
}

TEST(KeyFilterTest, GrowsByLayersAndStillFindsEveryKey) {
  KeyFilter filter;  // the smallest first layer
  EXPECT_FALSE(filter.may_contain("anyone"));
  EXPECT_FALSE(filter.may_contain(""));
  for (int i = 0; i < 100000; ++i)
    filter.add("user" + std::to_string(i));
  EXPECT_GT(filter.layers(), 3U);  // 6.5k, 13k, 26k, 52k, ... keys
  for (int i = 0; i < 100000; ++i)
    ASSERT_TRUE(filter.may_contain("user" + std::to_string(i))) << i;
  int false_positives = 0;
  for (int i = 0; i < 100000; ++i)
    false_positives += filter.may_contain("other" + std::to_string(i)) ? 1 : 0;
  // Each layer adds up to ~1%; five layers stay well under 6%.
  EXPECT_LT(false_positives, 6000);
}

}  // namespace
}  // namespace sluice::sqlite
