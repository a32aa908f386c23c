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
  EXPECT_FALSE(filter.over_capacity());
}

TEST(KeyFilterTest, FewFalsePositivesWithinCapacity) {
  KeyFilter filter(50000);
  for (int i = 0; i < 50000; ++i)
    filter.add("user" + std::to_string(i));
  int false_positives = 0;
  for (int i = 0; i < 100000; ++i)
    false_positives += filter.may_contain("other" + std::to_string(i)) ? 1 : 0;
  // ~0.8% expected at 10 bits per key; 2% leaves room for an unlucky hash, not for a bug.
  EXPECT_LT(false_positives, 2000);
}

TEST(KeyFilterTest, EmptyFilterRejectsAndReportsOverCapacity) {
  KeyFilter filter;
  EXPECT_FALSE(filter.may_contain("anyone"));
  EXPECT_FALSE(filter.may_contain(""));
  const size_t capacity = filter.capacity();
  for (size_t i = 0; i <= capacity; ++i)
    filter.add(std::to_string(i));
  EXPECT_TRUE(filter.over_capacity());
}

}  // namespace
}  // namespace sluice::sqlite
