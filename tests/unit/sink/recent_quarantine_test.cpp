// RecentQuarantine: the Cassandra sink's memory of the quarantine rows it wrote, newest first and
// bounded, for the dashboard.
#include "sink/cassandra/recent_quarantine.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

QuarantineRow row(int64_t offset) {
  QuarantineRow r;
  r.position = {1, offset};
  r.raw = "{\"n\":" + std::to_string(offset) + "}";
  r.reasons = {{"email_format", "not an e-mail address"}};
  r.ingested_at_ms = 1764496800000 + offset;  // 2025-11-30T10:00:00.000Z + offset ms
  return r;
}

TEST(RecentQuarantine, ListsTheNewestFirstWithReasonsAndTime) {
  RecentQuarantine recent;
  recent.add({row(1), row(2)});
  recent.add({row(3)});
  const auto rows = recent.newest(2);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].position.offset, 3);
  EXPECT_EQ(rows[1].position.offset, 2);
  EXPECT_EQ(rows[0].raw, "{\"n\":3}");
  EXPECT_NE(rows[0].reasons_json.find("email_format"), std::string::npos) << rows[0].reasons_json;
  EXPECT_EQ(rows[0].ingested_at, "2025-11-30T10:00:00.003Z");
}

TEST(RecentQuarantine, KeepsOnlyItsCapacity) {
  RecentQuarantine recent(3);
  recent.add({row(1), row(2)});
  recent.add({row(3), row(4), row(5), row(6), row(7)});
  const auto rows = recent.newest(100);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].position.offset, 7);
  EXPECT_EQ(rows[2].position.offset, 5);
  EXPECT_TRUE(RecentQuarantine().newest(10).empty());
  EXPECT_TRUE(recent.newest(0).empty());
}

}  // namespace
}  // namespace sluice
