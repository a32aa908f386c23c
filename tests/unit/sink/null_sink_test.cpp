// NullSink: every group completes inside submit(), nothing is kept, no key is ever owned.
#include "sink/null/null_sink.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace sluice {
namespace {

TEST(NullSink, CompletesEveryGroupAtOnceAndOwnsNoKey) {
  const Schema schema({{"username", FieldType::kText}}, "username");
  NullSink sink;
  ASSERT_TRUE(sink.open().ok());
  EXPECT_GE(sink.max_in_flight(), 1);

  int completions = 0;
  for (int g = 0; g < 3; ++g) {
    // The records go before the completion returns to the caller's code: the sink must not
    // touch them afterwards (it is not asked to keep them alive).
    auto record = std::make_unique<Record>(&schema);
    record->set_text(0, "alice");
    record->meta.partition = 0;
    record->meta.offset = g;
    SinkGroup group;
    group.valid.push_back(record.get());
    group.quarantine.push_back(QuarantineRow{{1, g}, "bob", "{}", {{"required", "missing"}}, 0});
    Status submitted = sink.submit(std::move(group), [&](const Status& s) {
      EXPECT_TRUE(s.ok()) << s.to_string();
      ++completions;
    });
    ASSERT_TRUE(submitted.ok()) << submitted.to_string();
    EXPECT_EQ(completions, g + 1) << "completed inside submit()";
  }
  sink.drain();

  auto owners = sink.key_owners({"alice", "bob", "carol"});
  ASSERT_TRUE(owners.ok()) << owners.status().to_string();
  EXPECT_TRUE(owners->empty()) << "the null sink stores nothing, so it owns no key";
  EXPECT_TRUE(write_and_wait(&sink, SinkGroup{}).ok());
}

}  // namespace
}  // namespace sluice
