// The LogWriter + LogConsumer contract (src/log/log.h): one typed suite run against every Log
// implementation. A factory is a class with
//   Log* open();                       // a log of kPartitions partitions, fresh for the test
//   Log* reopen();                     // durable ones: the same log opened again (a restart)
//   std::string group(const std::string& name);  // the consumer group a test's `name` maps to
// and these traits, each a property the suite checks where the factory promises it:
//   kDurable             what was published and committed survives reopen()
//   kFirstOffset         the offset of a partition's first entry
//   kDenseOffsets        offsets go up by exactly 1 from entry to entry, across publishes
//   kAssignsInOnePoll    a member's next poll completes an assignment change
//   kRevokesOnlyWhatMoves  a rebalance revokes only the partitions that move to another member
//   kExactLag            lag() is exactly the number of entries past the position
//   kLagKnownAtEachPoll  after a poll, lag() counts every entry published before it
//   kVisibleToTheNextPoll  a member at the end gets a new publish from its next poll
// It joins with INSTANTIATE_TYPED_TEST_SUITE_P(Name, LogContract, Types<...>): the local logs
// in log_contract_test.cpp, Kafka in tests/integration/kafka_contract_test.cpp (it needs a
// broker). Where a trait is false the suite checks the weaker property the trait names, never
// nothing. Even then, the records of one publish in a partition take consecutive offsets.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "../log/log_test_util.h"
#include "log/log.h"

namespace sluice::contract {

inline constexpr int kPartitions = 4;

// ---- Listener ----

// Records what it is told and checks it against the partitions the group's members own (one
// map shared by the members): a partition is never assigned to a member while another holds
// it, and only owned partitions are revoked.
class Listener : public RebalanceListener {
 public:
  explicit Listener(std::map<int, const Listener*>* owners) : owners_(owners) {}

  void on_assigned(const std::vector<int>& partitions) override {
    events.emplace_back('+', partitions);
    for (int p : partitions) {
      EXPECT_TRUE(owned.insert(p).second) << "partition " << p << " assigned twice";
      auto [it, fresh] = owners_->emplace(p, this);
      EXPECT_TRUE(fresh || it->second == this)
          << "partition " << p << " assigned while another member holds it";
    }
  }
  void on_revoked(const std::vector<int>& partitions) override {
    events.emplace_back('-', partitions);
    for (int p : partitions)
      EXPECT_EQ(owned.count(p), 1U) << "partition " << p << " revoked but not owned";
    if (during_revoke) during_revoke(partitions);  // still ours here
    for (int p : partitions) {
      owned.erase(p);
      owners_->erase(p);
    }
  }

  std::function<void(const std::vector<int>&)> during_revoke;
  std::set<int> owned;
  std::vector<std::pair<char, std::vector<int>>> events;  // '+' assigned, '-' revoked

 private:
  std::map<int, const Listener*>* owners_;
};

// A group member: its consumer (-> and * reach it), subscribed with its listener.
struct Member {
  explicit Member(std::map<int, const Listener*>* owners) : listener(owners) {}
  LogConsumer* operator->() { return consumer.get(); }
  LogConsumer& operator*() { return *consumer; }

  Listener listener;
  std::unique_ptr<LogConsumer> consumer;  // declared last: goes before its listener
};

using Entries = std::map<int, std::vector<LogEntry>>;  // partition -> entries in offset order

inline std::vector<int> all_partitions() {
  std::vector<int> all;
  for (int p = 0; p < kPartitions; ++p)
    all.push_back(p);
  return all;
}

inline std::vector<int> sorted(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// ---- The fixture ----

template <typename Factory>
class LogContract : public ::testing::Test {
 protected:
  static constexpr int64_t kFirst = Factory::kFirstOffset;
  // How long a log that assigns over several polls gets to settle a change (a Kafka group
  // rebalance takes seconds: a join waits for every member's next poll).
  static constexpr std::chrono::seconds kSettleWithin{90};

  // Whether `offset` may follow an entry whose successor is `due`: exactly it where offsets
  // are dense, at or past it (increasing, gaps allowed) where they are not.
  static bool in_sequence(int64_t offset, int64_t due) {
    if constexpr (Factory::kDenseOffsets) {
      return offset == due;
    } else {
      return offset >= due;
    }
  }

  void SetUp() override {
    log_ = factory_.open();
    ASSERT_NE(log_, nullptr);
    open_writer();
  }

  void open_writer() {
    auto writer = log_->open_writer();
    ASSERT_TRUE(writer.ok()) << writer.status().to_string();
    writer_ = std::move(writer).value();
  }

  // As after a restart: what was opened from the log goes first, then the log is reopened.
  void reopen() {
    members_.clear();
    writer_.reset();
    log_ = factory_.reopen();
    ASSERT_NE(log_, nullptr);
    open_writer();
  }

  // A member of `group` with a listener of its own; reopen() and the fixture's end close it.
  Member& member(const std::string& group) {
    auto& m = members_.emplace_back(std::make_unique<Member>(&owners_[group]));
    m->consumer = consumer(group, &m->listener);
    if (m->consumer == nullptr) ADD_FAILURE() << "no consumer for group " << group;
    return *m;
  }

  std::unique_ptr<LogConsumer> consumer(const std::string& group, RebalanceListener* listener) {
    auto consumer = log_->open_consumer(factory_.group(group));
    EXPECT_TRUE(consumer.ok()) << consumer.status().to_string();
    if (!consumer.ok()) return nullptr;
    Status s = (*consumer)->subscribe(listener);
    EXPECT_TRUE(s.ok()) << s.to_string();
    return std::move(consumer).value();
  }

  // One poll, checked against what every poll promises: at most max_records in all, only
  // assigned partitions, no empty batch, offsets in sequence within a batch.
  Entries poll(LogConsumer& consumer, size_t max_records = 100000, int timeout_ms = 0) {
    Entries out;
    auto polled = consumer.poll(max_records, timeout_ms);
    EXPECT_TRUE(polled.ok()) << polled.status().to_string();
    if (!polled.ok()) return out;
    const std::vector<int> assigned = consumer.assignment();
    size_t total = 0;
    for (LogBatch& batch : *polled) {
      EXPECT_FALSE(batch.entries.empty()) << "empty batch for partition " << batch.partition;
      EXPECT_NE(std::find(assigned.begin(), assigned.end(), batch.partition), assigned.end())
          << "entries of partition " << batch.partition << ", which is not assigned";
      for (size_t i = 1; i < batch.entries.size(); ++i) {
        EXPECT_TRUE(in_sequence(batch.entries[i].offset, batch.entries[i - 1].offset + 1))
            << "partition " << batch.partition << ": offset " << batch.entries[i].offset
            << " after " << batch.entries[i - 1].offset;
      }
      total += batch.entries.size();
      auto& into = out[batch.partition];
      for (LogEntry& e : batch.entries)
        into.push_back(std::move(e));
    }
    EXPECT_LE(total, max_records);
    return out;
  }

  // Polls until a poll brings nothing: everything published so far, from each position on.
  Entries poll_all(LogConsumer& consumer) {
    Entries all;
    while (true) {
      Entries got = poll(consumer);
      if (got.empty()) return all;
      for (auto& [p, entries] : got)
        all[p].insert(all[p].end(), entries.begin(), entries.end());
    }
  }

  static void append(Entries* into, Entries got) {
    for (auto& [p, entries] : got) {
      auto& to = (*into)[p];
      std::move(entries.begin(), entries.end(), std::back_inserter(to));
    }
  }

  // Polls until `done` holds: once where a poll completes what the test waits for
  // (kAssignsInOnePoll, and kVisibleToTheNextPoll where `publish` says it waits for a
  // publish), else with short waits until kSettleWithin has passed. What the polls return is
  // appended to *into.
  void poll_until(LogConsumer& c, Entries* into, const std::function<bool()>& done,
                  bool publish = false) {
    const bool once = Factory::kAssignsInOnePoll && (!publish || Factory::kVisibleToTheNextPoll);
    const auto deadline = std::chrono::steady_clock::now() + kSettleWithin;
    do {
      append(into, poll(c, 100000, once ? 0 : 100));
    } while (!once && !done() && std::chrono::steady_clock::now() < deadline);
  }

  // Polls the members in turn until `done` holds (each member's entries to its own Entries):
  // a rebalance completes only once every member polled. Once round where kAssignsInOnePoll.
  std::vector<Entries> poll_members_until(const std::vector<Member*>& members,
                                          const std::function<bool()>& done) {
    std::vector<Entries> got(members.size());
    const auto deadline = std::chrono::steady_clock::now() + kSettleWithin;
    do {
      for (size_t i = 0; i < members.size(); ++i)
        append(&got[i], poll(**members[i], 100000, Factory::kAssignsInOnePoll ? 0 : 100));
    } while (!Factory::kAssignsInOnePoll && !done() && std::chrono::steady_clock::now() < deadline);
    return got;
  }

  // Polls `c` until it holds `partitions` (then reads on to the end), as a first poll does
  // where kAssignsInOnePoll.
  Entries poll_until_assigned(LogConsumer& c, const std::vector<int>& partitions) {
    Entries got;
    poll_until(c, &got, [&] { return sorted(c.assignment()) == partitions; });
    if constexpr (!Factory::kAssignsInOnePoll) append(&got, poll_all(c));
    return got;
  }

  void publish(const std::vector<LogRecord>& records, const std::string& cursor) {
    Status s = writer_->publish(records, cursor);
    ASSERT_TRUE(s.ok()) << s.to_string();
  }

  // `per_partition` records for every partition, keyed "<prefix><i>", timestamps from ts_ms
  // on in steps of 10 (in publish order).
  std::vector<LogRecord> spread(const std::string& prefix, int per_partition,
                                int64_t ts_ms = 1000) {
    std::vector<LogRecord> out;
    std::vector<int> count(kPartitions, 0);
    for (int i = 0; static_cast<int>(out.size()) < per_partition * kPartitions; ++i) {
      LogRecord r{prefix + std::to_string(i), "", 0};
      int& n = count[static_cast<size_t>(writer_->partition_for(r.key))];
      if (n == per_partition) continue;
      ++n;
      r.value = R"({"key":")" + r.key + R"("})";
      r.timestamp_ms = ts_ms + 10 * static_cast<int64_t>(out.size());
      out.push_back(std::move(r));
    }
    return out;
  }

  Factory factory_;
  Log* log_ = nullptr;
  std::unique_ptr<LogWriter> writer_;
  std::map<std::string, std::map<int, const Listener*>> owners_;  // group -> who owns what
  std::vector<std::unique_ptr<Member>> members_;  // after the log and owners_: goes first
};

TYPED_TEST_SUITE_P(LogContract);

// ---- Atomic publish with cursor ----

TYPED_TEST_P(LogContract, PublishPlacesRecordsByKeyWithConsecutiveOffsetsAndStoresTheCursor) {
  const int64_t first = TestFixture::kFirst;
  ASSERT_EQ(this->log_->partition_count(), kPartitions);
  ASSERT_EQ(this->writer_->partition_count(), kPartitions);
  EXPECT_EQ(*this->writer_->last_cursor(), "");
  const auto page1 = testing::make_records("a", 30, 20, 5000);
  const auto page2 = testing::make_records("b", 9, 20, 6000);
  ASSERT_NO_FATAL_FAILURE(this->publish(page1, "page=1"));
  EXPECT_EQ(*this->writer_->last_cursor(), "page=1");
  ASSERT_NO_FATAL_FAILURE(this->publish(page2, "page=2"));

  // Per partition, the records that belong there, in publish order.
  std::map<int, std::vector<LogRecord>> expected;
  for (const auto* page : {&page1, &page2}) {
    for (const LogRecord& r : *page) {
      const int p = this->writer_->partition_for(r.key);
      ASSERT_GE(p, 0);
      ASSERT_LT(p, kPartitions);
      EXPECT_EQ(p, this->writer_->partition_for(r.key)) << "partition_for is not stable";
      expected[p].push_back(r);
    }
  }
  ASSERT_GT(expected.size(), 1U) << "the test wants a publish spread over partitions";

  auto check = [&] {
    EXPECT_EQ(*this->writer_->last_cursor(), "page=2");
    auto reader = this->consumer("check", nullptr);
    ASSERT_NE(reader, nullptr);
    Entries got = this->poll_all(*reader);
    EXPECT_EQ(got.size(), expected.size());
    for (const auto& [p, records] : expected) {
      const auto& entries = got[p];
      ASSERT_EQ(entries.size(), records.size()) << "partition " << p;
      int64_t due = first;
      for (size_t i = 0; i < entries.size(); ++i) {
        EXPECT_TRUE(TestFixture::in_sequence(entries[i].offset, due))
            << "partition " << p << ": offset " << entries[i].offset << " where " << due
            << " was due";
        due = entries[i].offset + 1;
        EXPECT_EQ(entries[i].key, records[i].key);
        EXPECT_EQ(entries[i].value, records[i].value);
        EXPECT_EQ(entries[i].timestamp_ms, records[i].timestamp_ms);
      }
    }
  };
  check();
  if constexpr (TypeParam::kDurable) {
    ASSERT_NO_FATAL_FAILURE(this->reopen());
    check();
  }
}

TYPED_TEST_P(LogContract, AnEmptyPublishMovesOnlyTheCursor) {
  ASSERT_NO_FATAL_FAILURE(this->publish(testing::make_records("a", 5, 20), "page=1"));
  ASSERT_NO_FATAL_FAILURE(this->publish({}, "page=1-done"));
  EXPECT_EQ(*this->writer_->last_cursor(), "page=1-done");
  auto reader = this->consumer("check", nullptr);
  ASSERT_NE(reader, nullptr);
  size_t n = 0;
  for (const auto& [p, entries] : this->poll_all(*reader))
    n += entries.size();
  EXPECT_EQ(n, 5U);
  if constexpr (TypeParam::kDurable) {
    reader.reset();
    ASSERT_NO_FATAL_FAILURE(this->reopen());
    EXPECT_EQ(*this->writer_->last_cursor(), "page=1-done");
  }
}

// Log::read_cursor() is how a dry run looks at the cursor without becoming a writer: it gives
// what last_cursor() gives, and the writer goes on publishing after it.
TYPED_TEST_P(LogContract, ReadCursorGivesTheStoredCursorAndLeavesTheWriterPublishing) {
  auto read = [&] {
    auto cursor = this->log_->read_cursor();
    EXPECT_TRUE(cursor.ok()) << cursor.status().to_string();
    return cursor.ok() ? *cursor : "<error>";
  };
  EXPECT_EQ(read(), "");
  ASSERT_NO_FATAL_FAILURE(this->publish(testing::make_records("a", 5, 20), "page=1"));
  EXPECT_EQ(read(), "page=1");
  EXPECT_EQ(read(), *this->writer_->last_cursor());
  ASSERT_NO_FATAL_FAILURE(this->publish(testing::make_records("b", 5, 20), "page=2"));
  EXPECT_EQ(read(), "page=2");
  if constexpr (TypeParam::kDurable) {
    ASSERT_NO_FATAL_FAILURE(this->reopen());
    EXPECT_EQ(read(), "page=2");
    ASSERT_NO_FATAL_FAILURE(this->publish({}, "page=3"));
    EXPECT_EQ(read(), "page=3");
  }
}

TYPED_TEST_P(LogContract, APollReturnsAtMostMaxRecordsInAll) {
  ASSERT_NO_FATAL_FAILURE(this->publish(this->spread("k", 5), "c"));
  Member& c = this->member("g");
  // Fewer than there are partitions, then more: each poll is checked by poll() itself.
  std::map<int, int64_t> count;
  for (size_t max : {1, 2, 3, 5, 1, 1, 7}) {
    for (const auto& [p, entries] : this->poll(*c, max))
      count[p] += static_cast<int64_t>(entries.size());
  }
  for (const auto& [p, entries] : this->poll_all(*c))
    count[p] += static_cast<int64_t>(entries.size());
  const std::map<int, int64_t> each_once = {{0, 5}, {1, 5}, {2, 5}, {3, 5}};
  EXPECT_EQ(count, each_once);
}

// ---- Read-committed visibility ----

// A reader polling while transactions are published sees each transaction's records of a
// partition all at once: in every poll, the records of transaction T in partition p are none
// or all of them (a poll takes a batch per partition, so T may show in p before it shows in
// q; max_records is high enough never to cut a transaction). It also never sees a
// transaction whose publish has not begun, and sees every record once, in offset order.
TYPED_TEST_P(LogContract, ReadersSeeTransactionsWholeWhilePublishing) {
  constexpr int kTxns = 150;
  auto txn_size = [](int t) { return 1 + (t * 7) % 13; };
  auto key = [](int t, int i) { return "t" + std::to_string(t) + "-" + std::to_string(i); };
  // wanted[t][p]: how many of transaction t's records go to partition p.
  std::vector<std::map<int, int>> wanted(kTxns);
  int total = 0;
  for (int t = 0; t < kTxns; ++t) {
    for (int i = 0; i < txn_size(t); ++i)
      ++wanted[t][this->writer_->partition_for(key(t, i))];
    total += txn_size(t);
  }

  Member& reader = this->member("reader");
  this->poll_until_assigned(*reader, all_partitions());  // before anything is published
  ASSERT_EQ(sorted(reader->assignment()), all_partitions());

  std::atomic<int> begun{-1};
  std::atomic<bool> publish_failed{false};
  std::thread publisher([&] {
    for (int t = 0; t < kTxns; ++t) {
      std::vector<LogRecord> records;
      for (int i = 0; i < txn_size(t); ++i)
        records.push_back(LogRecord{key(t, i), std::to_string(t), 1000 + t});
      begun.store(t);
      if (!this->writer_->publish(records, "txn=" + std::to_string(t)).ok()) {
        publish_failed.store(true);
        return;
      }
      // Lets the reader in between transactions even when publishing costs no I/O.
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });

  std::map<int, int64_t> next;  // partition -> the offset the reader must see next
  for (int p = 0; p < kPartitions; ++p)
    next[p] = TestFixture::kFirst;
  int seen = 0;
  bool out_of_order = false;  // no ASSERT while the publisher runs: it must be joined
  int polls_with_records = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (seen < total && !out_of_order && !publish_failed.load() &&
         std::chrono::steady_clock::now() < deadline) {
    // Without waiting: a waiting poll wakes at a commit, this one may land amid a publish.
    Entries got = this->poll(*reader, 1000000, 0);
    std::map<std::pair<int, int>, int> in_poll;  // (transaction, partition) -> records seen
    for (const auto& [p, entries] : got) {
      for (const LogEntry& e : entries) {
        const int t = std::stoi(e.value);
        if (!TestFixture::in_sequence(e.offset, next[p])) {
          ADD_FAILURE() << "partition " << p << ": offset " << e.offset << " where " << next[p]
                        << " was due (skipped or repeated)";
          out_of_order = true;
        }
        next[p] = e.offset + 1;
        EXPECT_LE(t, begun.load()) << "transaction " << t << " seen before its publish began";
        ++in_poll[{t, p}];
        ++seen;
      }
    }
    if (got.empty()) std::this_thread::yield();
    if (!got.empty()) ++polls_with_records;
    for (const auto& [tp, n] : in_poll) {
      EXPECT_EQ(n, wanted[tp.first][tp.second])
          << "a poll saw " << n << " of transaction " << tp.first << "'s "
          << wanted[tp.first][tp.second] << " records in partition " << tp.second;
    }
  }
  publisher.join();
  EXPECT_FALSE(publish_failed.load());
  EXPECT_EQ(seen, total);
  EXPECT_GT(polls_with_records, 1) << "the reader never polled while publishing went on";
  EXPECT_EQ(*this->writer_->last_cursor(), "txn=" + std::to_string(kTxns - 1));
}

// ---- Assignment and revocation ----

TYPED_TEST_P(LogContract, PartitionsMoveToAJoiningMemberOnlyAfterTheOwnerRevokedThem) {
  const int64_t first = TestFixture::kFirst;
  ASSERT_NO_FATAL_FAILURE(this->publish(this->spread("k", 3), "c"));
  Member& a = this->member("g");
  Entries got = this->poll_until_assigned(*a, all_partitions());
  ASSERT_EQ(a.listener.events.size(), 1U);
  EXPECT_EQ(a.listener.events[0].first, '+');
  EXPECT_EQ(sorted(a.listener.events[0].second), all_partitions());
  EXPECT_EQ(sorted(a->assignment()), all_partitions());
  EXPECT_EQ(got.size(), static_cast<size_t>(kPartitions));

  Member& b = this->member("g");
  EXPECT_FALSE(b->commit({{1, first + 1}}).ok()) << "commit for a partition b does not own";
  std::vector<int> moved;
  std::vector<int> kept;
  if constexpr (TypeParam::kAssignsInOnePoll) {
    got = this->poll(*b);
    EXPECT_TRUE(b.listener.events.empty()) << "b was assigned partitions a still holds";
    EXPECT_TRUE(b->assignment().empty());
    EXPECT_TRUE(got.empty());
    EXPECT_FALSE(b->commit({{1, first + 1}}).ok()) << "commit for a partition b does not own";

    // a's next poll gives up b's share...
    this->poll(*a);
    ASSERT_EQ(a.listener.events.size(), 2U);
    ASSERT_EQ(a.listener.events[1].first, '-');
    moved = sorted(a.listener.events[1].second);
    kept = sorted(a->assignment());
    EXPECT_TRUE(b.listener.events.empty()) << "assigned during a's poll, not b's";

    // ...which b's next poll takes.
    got = this->poll(*b);
  } else {
    // The members poll in turn until the group has settled on both (the Listener checks that
    // no partition reached b while a still held it).
    std::vector<Entries> each = this->poll_members_until({&a, &b}, [&] {
      return !a->assignment().empty() && !b->assignment().empty() &&
             a->assignment().size() + b->assignment().size() == kPartitions;
    });
    got = std::move(each[1]);
    kept = sorted(a->assignment());
    moved = sorted(b->assignment());
    // The assignment may come before the first fetch of it: b reads on until it has it all.
    this->poll_until(*b, &got, [&] {
      for (int p : moved) {
        if (got[p].size() < 3) return false;
      }
      return true;
    });
    ASSERT_GE(a.listener.events.size(), 2U);
    ASSERT_EQ(a.listener.events[1].first, '-');
    if constexpr (TypeParam::kRevokesOnlyWhatMoves) {
      EXPECT_EQ(sorted(a.listener.events[1].second), moved);
    } else {
      // Eager: everything goes back to the group, which gives a its share again.
      EXPECT_EQ(sorted(a.listener.events[1].second), all_partitions());
      ASSERT_EQ(a.listener.events.size(), 3U);
      EXPECT_EQ(a.listener.events[2].first, '+');
      EXPECT_EQ(sorted(a.listener.events[2].second), kept);
    }
  }
  ASSERT_FALSE(moved.empty());
  ASSERT_LT(moved.size(), static_cast<size_t>(kPartitions));
  EXPECT_EQ(std::set<int>(kept.begin(), kept.end()), a.listener.owned);
  for (int p : moved) {
    EXPECT_FALSE(a->commit({{p, first + 1}}).ok())
        << "a committed partition " << p << " it gave up";
  }
  EXPECT_TRUE(a->commit({{kept.front(), first + 1}}).ok());

  // b reads what moved from the beginning (nothing was committed for it).
  ASSERT_EQ(b.listener.events.size(), 1U);
  EXPECT_EQ(b.listener.events[0].first, '+');
  EXPECT_EQ(sorted(b.listener.events[0].second), moved);
  EXPECT_EQ(sorted(b->assignment()), moved);
  for (int p : moved) {
    ASSERT_EQ(got[p].size(), 3U) << "partition " << p;
    EXPECT_EQ(got[p].front().offset, first);
  }
  std::vector<int> both = a->assignment();
  for (int p : b->assignment())
    both.push_back(p);
  EXPECT_EQ(sorted(both), all_partitions()) << "the members' assignments overlap or miss one";

  // close() revokes everything through the listener; b takes it over.
  ASSERT_TRUE(a->close().ok());
  const size_t a_events = a.listener.events.size();
  EXPECT_EQ(a_events, TypeParam::kRevokesOnlyWhatMoves ? 3U : 4U);
  EXPECT_EQ(a.listener.events.back().first, '-');
  EXPECT_EQ(sorted(a.listener.events.back().second), kept);
  EXPECT_TRUE(a->assignment().empty());
  EXPECT_TRUE(a.listener.owned.empty());
  Entries ignored;
  this->poll_until(*b, &ignored, [&] { return sorted(b->assignment()) == all_partitions(); });
  EXPECT_EQ(sorted(b->assignment()), all_partitions());
  EXPECT_EQ(a.listener.events.size(), a_events) << "a closed consumer was told of more";
  ASSERT_GE(b.listener.events.size(), 2U);
  EXPECT_EQ(b.listener.events.back().first, '+');
  if constexpr (TypeParam::kRevokesOnlyWhatMoves) {
    ASSERT_EQ(b.listener.events.size(), 2U);
    EXPECT_EQ(sorted(b.listener.events[1].second), kept);
  } else {
    // Eager: b gave back what it had and got everything.
    ASSERT_EQ(b.listener.events.size(), 3U);
    EXPECT_EQ(b.listener.events[1].first, '-');
    EXPECT_EQ(sorted(b.listener.events[1].second), moved);
    EXPECT_EQ(sorted(b.listener.events[2].second), all_partitions());
  }
  ASSERT_TRUE(b->close().ok());
  EXPECT_EQ(b.listener.events.back().first, '-');
  EXPECT_EQ(sorted(b.listener.events.back().second), all_partitions());
  EXPECT_TRUE(this->owners_["g"].empty());
}

// A member that goes without close() (a crashed process) revokes nothing: its partitions go
// to the others, who read them from the group's last committed offsets.
TYPED_TEST_P(LogContract, PartitionsOfAMemberGoneWithoutCloseMoveOnFromTheCommittedOffsets) {
  const int64_t first = TestFixture::kFirst;
  ASSERT_NO_FATAL_FAILURE(this->publish(this->spread("k", 3), "c"));
  Member& a = this->member("g");
  Member& b = this->member("g");
  this->poll_members_until({&a, &b}, [&] {
    return !a->assignment().empty() && !b->assignment().empty() &&
           a->assignment().size() + b->assignment().size() == kPartitions;
  });
  const std::vector<int> held = sorted(a->assignment());
  ASSERT_FALSE(held.empty());
  ASSERT_FALSE(b->assignment().empty());
  for (int p : held)
    ASSERT_TRUE(a->commit({{p, first + 1}}).ok());

  const size_t a_events = a.listener.events.size();
  a.consumer.reset();
  EXPECT_EQ(a.listener.events.size(), a_events) << "a consumer gone without close() revoked";
  for (int p : held)
    this->owners_["g"].erase(p);  // what a held is free now
  Entries got;
  this->poll_until(*b, &got, [&] {
    if (sorted(b->assignment()) != all_partitions()) return false;
    for (int p : held) {
      if (got[p].size() < 2) return false;
    }
    return true;
  });
  EXPECT_EQ(sorted(b->assignment()), all_partitions());
  for (int p : held) {
    ASSERT_EQ(got[p].size(), 2U) << "partition " << p;
    EXPECT_EQ(got[p].front().offset, first + 1) << "partition " << p;
  }
}

// ---- Offsets ----

TYPED_TEST_P(LogContract, AMemberStartsAtTheGroupsCommittedOffsetsAnotherGroupAtTheBeginning) {
  const int64_t first = TestFixture::kFirst;
  ASSERT_NO_FATAL_FAILURE(this->publish(this->spread("k", 5), "c"));
  Member& a = this->member("g");
  Entries got = this->poll_all(*a);
  ASSERT_EQ(got.size(), static_cast<size_t>(kPartitions));
  // Each partition its own offset, committed one call per partition.
  std::map<int, int64_t> committed;
  for (int p = 0; p < kPartitions; ++p) {
    committed[p] = first + p + 1;
    Status s = a->commit({{p, first + p + 1}});
    ASSERT_TRUE(s.ok()) << s.to_string();
  }
  auto stored = a->committed(all_partitions());
  ASSERT_TRUE(stored.ok()) << stored.status().to_string();
  EXPECT_EQ(*stored, committed);
  ASSERT_TRUE(a->close().ok());
  if constexpr (TypeParam::kDurable) {
    ASSERT_NO_FATAL_FAILURE(this->reopen());
  }

  Member& b = this->member("g");
  stored = b->committed(all_partitions());
  ASSERT_TRUE(stored.ok()) << stored.status().to_string();
  EXPECT_EQ(*stored, committed);
  got = this->poll_all(*b);
  for (int p = 0; p < kPartitions; ++p) {
    ASSERT_EQ(got[p].size(), static_cast<size_t>(5 - (p + 1))) << "partition " << p;
    EXPECT_EQ(got[p].front().offset, committed[p]) << "partition " << p;
  }

  Member& c = this->member("another");
  stored = c->committed(all_partitions());
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->empty());
  got = this->poll_all(*c);
  for (int p = 0; p < kPartitions; ++p) {
    ASSERT_EQ(got[p].size(), 5U) << "partition " << p;
    EXPECT_EQ(got[p].front().offset, first) << "partition " << p;
  }
}

TYPED_TEST_P(LogContract, ARevokedPartitionCanBeCommittedDuringOnRevoked) {
  const int64_t first = TestFixture::kFirst;
  ASSERT_NO_FATAL_FAILURE(this->publish(this->spread("k", 4), "c"));
  Member& a = this->member("g");
  std::vector<Status> in_revoke;
  a.listener.during_revoke = [&](const std::vector<int>& partitions) {
    std::map<int, int64_t> offsets;
    for (int p : partitions)
      offsets[p] = first + 2;
    in_revoke.push_back(a->commit(offsets));
  };
  this->poll_until_assigned(*a, all_partitions());

  Member& b = this->member("g");
  Entries got;
  if constexpr (TypeParam::kAssignsInOnePoll) {
    this->poll(*b);
    this->poll(*a);  // revokes b's share, committing it
    got = this->poll(*b);
  } else {
    // Where everything is revoked on a rebalance, a commits all of it at first + 2.
    got = this->poll_members_until({&a, &b}, [&] {
      return !a->assignment().empty() && !b->assignment().empty() &&
             a->assignment().size() + b->assignment().size() == kPartitions;
    })[1];
    // The assignment may come before the first fetch of it: b reads on until it has some.
    this->poll_until(*b, &got, [&] {
      for (int p : b->assignment()) {
        if (got[p].empty()) return false;
      }
      return true;
    });
  }
  ASSERT_EQ(in_revoke.size(), 1U);
  EXPECT_TRUE(in_revoke[0].ok()) << in_revoke[0].to_string();
  ASSERT_EQ(b.listener.events.size(), 1U);
  for (int p : b.listener.events[0].second) {
    ASSERT_FALSE(got[p].empty()) << "partition " << p;
    EXPECT_EQ(got[p].front().offset, first + 2) << "b does not start where a committed";
  }

  ASSERT_TRUE(a->close().ok());  // revokes the rest, committing it too
  ASSERT_EQ(in_revoke.size(), 2U);
  EXPECT_TRUE(in_revoke[1].ok()) << in_revoke[1].to_string();
  auto stored = b->committed(all_partitions());
  ASSERT_TRUE(stored.ok());
  const std::map<int, int64_t> all_at_2 = {
      {0, first + 2}, {1, first + 2}, {2, first + 2}, {3, first + 2}};
  EXPECT_EQ(*stored, all_at_2);
  got.clear();
  this->poll_until(*b, &got, [&] {
    if (sorted(b->assignment()) != all_partitions()) return false;
    for (int p : b.listener.events.back().second) {
      if (got[p].empty()) return false;
    }
    return true;
  });
  // Where a rebalance revokes everything, b gave its share back and got it all again.
  ASSERT_EQ(b.listener.events.size(), TypeParam::kRevokesOnlyWhatMoves ? 2U : 3U);
  EXPECT_EQ(b.listener.events.back().first, '+');
  for (int p : b.listener.events.back().second) {
    ASSERT_FALSE(got[p].empty()) << "partition " << p;
    EXPECT_EQ(got[p].front().offset, first + 2);
  }

  if constexpr (TypeParam::kDurable) {
    ASSERT_TRUE(b->close().ok());
    ASSERT_NO_FATAL_FAILURE(this->reopen());
    auto c = this->consumer("g", nullptr);
    ASSERT_NE(c, nullptr);
    stored = c->committed(all_partitions());
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(*stored, all_at_2);
  }
}

// ---- Seek, offset_for_time, lag ----

TYPED_TEST_P(LogContract, SeekMovesAndClampsTheReadPosition) {
  const int64_t first = TestFixture::kFirst;
  ASSERT_NO_FATAL_FAILURE(this->publish(this->spread("k", 10), "c"));
  Member& c = this->member("g");
  EXPECT_FALSE(c->seek(0, first).ok()) << "seek before any partition was assigned";
  this->poll_all(*c);

  ASSERT_TRUE(c->seek(1, first + 7).ok());
  Entries got = this->poll(*c);
  ASSERT_EQ(got.size(), 1U);
  ASSERT_EQ(got[1].size(), 3U);
  EXPECT_EQ(got[1].front().offset, first + 7);

  ASSERT_TRUE(c->seek(2, first - 500).ok());  // below the oldest entry: from the oldest
  got = this->poll(*c);
  ASSERT_EQ(got[2].size(), 10U);
  EXPECT_EQ(got[2].front().offset, first);

  ASSERT_TRUE(c->seek(3, first + 1000).ok());  // past the end: at the end
  EXPECT_TRUE(this->poll(*c).empty());
  EXPECT_EQ(c->lag()[3], 0);
  ASSERT_NO_FATAL_FAILURE(this->publish(this->spread("more", 1), "c2"));
  got.clear();
  this->poll_until(
      *c, &got, [&] { return !got[3].empty(); }, /*publish=*/true);
  ASSERT_EQ(got[3].size(), 1U);
  EXPECT_TRUE(TestFixture::in_sequence(got[3].front().offset, first + 10))
      << "seek past the end lost the next entry: " << got[3].front().offset;
}

TYPED_TEST_P(LogContract, OffsetForTimeFindsTheFirstEntryAtOrAfterATime) {
  const int64_t first = TestFixture::kFirst;
  ASSERT_NO_FATAL_FAILURE(this->publish(this->spread("k", 6, 1000), "c"));
  Member& c = this->member("g");
  Entries got = this->poll_all(*c);
  for (int p = 0; p < kPartitions; ++p) {
    const auto& e = got[p];
    ASSERT_EQ(e.size(), 6U);
    EXPECT_EQ(*c->offset_for_time(p, e[3].timestamp_ms), first + 3) << "partition " << p;
    EXPECT_EQ(*c->offset_for_time(p, e[3].timestamp_ms - 1), first + 3) << "partition " << p;
    EXPECT_EQ(*c->offset_for_time(p, e[3].timestamp_ms + 1), first + 4) << "partition " << p;
    EXPECT_EQ(*c->offset_for_time(p, 0), first) << "partition " << p;
    // No entry that late: the end offset (past the last entry, where the next one goes).
    EXPECT_TRUE(
        TestFixture::in_sequence(*c->offset_for_time(p, e.back().timestamp_ms + 1), first + 6))
        << "partition " << p;
  }
  EXPECT_FALSE(c->offset_for_time(kPartitions, 0).ok());
  EXPECT_FALSE(c->offset_for_time(-1, 0).ok());

  // What --from-time does: seek to the found offset and read from there.
  const int64_t at = *c->offset_for_time(0, got[0][2].timestamp_ms);
  ASSERT_TRUE(c->seek(0, at).ok());
  Entries again = this->poll(*c);
  ASSERT_EQ(again[0].size(), 4U);
  EXPECT_EQ(again[0].front().key, got[0][2].key);
}

TYPED_TEST_P(LogContract, LagCountsCommittedEntriesPastThePosition) {
  const int64_t first = TestFixture::kFirst;
  ASSERT_NO_FATAL_FAILURE(this->publish(this->spread("k", 6), "c"));
  Member& c = this->member("g");
  std::map<int, int64_t> position;  // after what the polls returned
  std::map<int, int64_t> read;      // how many entries the polls returned
  for (int p = 0; p < kPartitions; ++p)
    position[p] = first;
  auto read_some = [&](size_t max_records) {
    for (const auto& [p, entries] : this->poll(*c, max_records)) {
      position[p] = entries.back().offset + 1;
      read[p] += static_cast<int64_t>(entries.size());
    }
  };
  // Where what lag() counts comes from fetches that answer in the background, polls that take
  // nothing wait (up to kSettleWithin) until it counts at least every entry left to read of
  // `published` per partition.
  auto wait_for_lag = [&](int64_t published) {
    auto counts_all = [&] {
      const std::map<int, int64_t> lag = c->lag();
      for (int p = 0; p < kPartitions; ++p) {
        if (lag.count(p) == 0 || lag.at(p) < published - read[p]) return false;
      }
      return true;
    };
    const auto deadline = std::chrono::steady_clock::now() + TestFixture::kSettleWithin;
    while (!counts_all() && std::chrono::steady_clock::now() < deadline) {
      this->poll(*c, 0);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(counts_all()) << "lag() never counted the entries left to read";
  };
  // `published` entries in each partition so far; `end` the offset past the last of them.
  auto expect_lag = [&](int64_t published, int64_t end) {
    if constexpr (!TypeParam::kLagKnownAtEachPoll) wait_for_lag(published);
    if constexpr (TypeParam::kExactLag) {
      std::map<int, int64_t> want;
      for (const auto& [p, pos] : position)
        want[p] = end - pos;
      EXPECT_EQ(c->lag(), want);
    } else {
      // Behind is behind: more than nothing left wherever entries are still to read.
      const std::map<int, int64_t> lag = c->lag();
      for (int p = 0; p < kPartitions; ++p) {
        ASSERT_EQ(lag.count(p), 1U) << "no lag for partition " << p;
        if (read[p] < published) {
          EXPECT_GT(lag.at(p), 0) << "partition " << p;
        }
      }
    }
  };
  read_some(kPartitions);  // a few records: most are still to read
  expect_lag(6, first + 6);
  ASSERT_NO_FATAL_FAILURE(this->publish(this->spread("more", 2), "c2"));
  read_some(kPartitions);
  expect_lag(8, first + 8);
  while (!this->poll(*c).empty()) {
  }
  const std::map<int, int64_t> caught_up = {{0, 0}, {1, 0}, {2, 0}, {3, 0}};
  EXPECT_EQ(c->lag(), caught_up);
  // Lag is about reading, not committing: a commit leaves it alone.
  ASSERT_TRUE(c->commit({{0, first}}).ok());
  EXPECT_EQ(c->lag()[0], 0);
}

// What `wait_caught_up` reads: where each partition's readable records end, and a group's
// committed offsets, both without joining the group (its member keeps its partitions).
TYPED_TEST_P(LogContract, ReadableEndsAndGroupOffsetsTellWhatAGroupHasLeft) {
  auto ends = this->log_->readable_ends();
  ASSERT_TRUE(ends.ok()) << ends.status().to_string();
  EXPECT_TRUE(ends->empty()) << "no records yet, nothing to wait for";
  ASSERT_NO_FATAL_FAILURE(this->publish(this->spread("a", 2), "c1"));
  ASSERT_NO_FATAL_FAILURE(this->publish(this->spread("b", 3), "c2"));

  Member& m = this->member("g");
  Entries got = this->poll_until_assigned(*m, all_partitions());
  this->append(&got, this->poll_all(*m));
  std::map<int, int64_t> past_last;  // what a processor commits once it stored everything
  for (const auto& [p, entries] : got) {
    ASSERT_EQ(entries.size(), 5U) << "partition " << p;
    past_last[p] = entries.back().offset + 1;
  }
  ends = this->log_->readable_ends();
  ASSERT_TRUE(ends.ok()) << ends.status().to_string();
  EXPECT_EQ(*ends, past_last);

  const std::string group = this->factory_.group("g");
  auto offsets = this->log_->group_offsets(group);
  ASSERT_TRUE(offsets.ok()) << offsets.status().to_string();
  EXPECT_TRUE(offsets->empty());
  std::map<int, int64_t> halfway = past_last;
  halfway[0] -= 2;
  ASSERT_TRUE(m->commit(halfway).ok());
  offsets = this->log_->group_offsets(group);
  ASSERT_TRUE(offsets.ok()) << offsets.status().to_string();
  EXPECT_EQ(*offsets, halfway);
  ASSERT_TRUE(m->commit(past_last).ok());
  offsets = this->log_->group_offsets(group);
  ASSERT_TRUE(offsets.ok()) << offsets.status().to_string();
  EXPECT_EQ(*offsets, past_last);
  // The look did not join the group: the member still holds everything and can commit.
  this->poll(*m);
  EXPECT_EQ(sorted(m->assignment()), all_partitions());
  EXPECT_TRUE(m->commit(past_last).ok());

  offsets = this->log_->group_offsets(this->factory_.group("another"));
  ASSERT_TRUE(offsets.ok()) << offsets.status().to_string();
  EXPECT_TRUE(offsets->empty());

  // A later look sees what was published since (a log may keep its readers between looks).
  ASSERT_NO_FATAL_FAILURE(this->publish(this->spread("c", 1), "c3"));
  Entries more;
  this->poll_until(
      *m, &more, [&] { return more.size() == all_partitions().size(); }, /*publish=*/true);
  for (const auto& [p, entries] : more)
    past_last[p] = entries.back().offset + 1;
  ends = this->log_->readable_ends();
  ASSERT_TRUE(ends.ok()) << ends.status().to_string();
  EXPECT_EQ(*ends, past_last);
  offsets = this->log_->group_offsets(group);
  ASSERT_TRUE(offsets.ok()) << offsets.status().to_string();
  EXPECT_NE(*offsets, past_last) << "nothing committed since";
}

REGISTER_TYPED_TEST_SUITE_P(
    LogContract, PublishPlacesRecordsByKeyWithConsecutiveOffsetsAndStoresTheCursor,
    AnEmptyPublishMovesOnlyTheCursor, ReadCursorGivesTheStoredCursorAndLeavesTheWriterPublishing,
    APollReturnsAtMostMaxRecordsInAll, ReadersSeeTransactionsWholeWhilePublishing,
    PartitionsMoveToAJoiningMemberOnlyAfterTheOwnerRevokedThem,
    PartitionsOfAMemberGoneWithoutCloseMoveOnFromTheCommittedOffsets,
    AMemberStartsAtTheGroupsCommittedOffsetsAnotherGroupAtTheBeginning,
    ARevokedPartitionCanBeCommittedDuringOnRevoked, SeekMovesAndClampsTheReadPosition,
    OffsetForTimeFindsTheFirstEntryAtOrAfterATime, LagCountsCommittedEntriesPastThePosition,
    ReadableEndsAndGroupOffsetsTellWhatAGroupHasLeft);

}  // namespace sluice::contract
