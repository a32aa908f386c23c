// The Sink contract (src/sink/sink.h): one typed suite run against every Sink implementation.
// The interface has no read-back, so each implementation's factory reads its tables back into
// one shape (Tables). A factory is a class with
//   explicit Factory(const Schema& schema);
//   std::unique_ptr<Sink> make();   // a sink on the same store each time (for durable ones)
//   Tables read_back() const;       // the tables as a reader independent of the sink sees them
// and joins with INSTANTIATE_TYPED_TEST_SUITE_P(Name, SinkContract, Types<...>) (durable ones
// also in DurableSinkContract): the local sinks in sink_contract_test.cpp, Cassandra in
// tests/integration/cassandra_sink_test.cpp (it needs a server).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/reason.h"
#include "sink/memory/memory_sink.h"
#include "sink/sink.h"

namespace sluice::contract {

// ---- The common shape of both tables ----

struct StoredRow {
  std::vector<std::optional<std::string>> values;  // per schema field, as text
  LogPosition position;
  bool operator==(const StoredRow&) const = default;
};

struct QuarantinedRow {
  std::string raw;
  std::string reasons;  // as the table holds them: [{"rule":...,"message":...}, ...]
  bool operator==(const QuarantinedRow&) const = default;
};

struct Tables {
  std::map<std::string, StoredRow> users;                            // by key
  std::map<std::pair<int32_t, int64_t>, QuarantinedRow> quarantine;  // by position
  bool operator==(const Tables&) const = default;
};

// A MemorySink's tables (the factories of sinks that keep their rows in one).
inline Tables memory_tables(const MemorySink& sink) {
  Tables t;
  for (auto& [key, row] : sink.stored())
    t.users[key] = StoredRow{row.values, row.position};
  for (auto& [at, row] : sink.quarantined())
    t.quarantine[at] = QuarantinedRow{row.raw, reasons_to_json(row.reasons)};
  return t;
}

inline void PrintTo(const Tables& t, std::ostream* os) {
  *os << "\n  created_users:";
  for (const auto& [key, row] : t.users) {
    *os << "\n    " << key << " @" << row.position.partition << ":" << row.position.offset << " [";
    for (const auto& v : row.values)
      *os << (v ? "\"" + *v + "\"" : "null") << " ";
    *os << "]";
  }
  *os << "\n  quarantine:";
  for (const auto& [at, row] : t.quarantine)
    *os << "\n    @" << at.first << ":" << at.second << " " << row.raw << " " << row.reasons;
}

// ---- The fixture ----

template <typename Factory>
class SinkContract : public ::testing::Test {
 protected:
  void SetUp() override {
    sink_ = factory_.make();
    Status s = sink_->open();
    ASSERT_TRUE(s.ok()) << s.to_string();
  }

  // A valid record, owned by the fixture: it outlives the sink, so a group still pending when
  // a test fails early never points at a freed record.
  const Record* user(std::string_view name, std::optional<std::string_view> email,
                     int32_t partition, int64_t offset) {
    auto& r = records_.emplace_back(std::make_unique<Record>(&schema_));
    r->set_text(0, name);
    if (email) {
      r->set_text(1, *email);
    } else {
      r->set_null(1);
    }
    r->meta.partition = partition;
    r->meta.offset = offset;
    r->meta.ingest_time_ms = 1764077401123;
    return r.get();
  }

  static StoredRow row(std::string_view name, std::optional<std::string_view> email,
                       int32_t partition, int64_t offset) {
    StoredRow r;
    r.values.emplace_back(std::string(name));
    if (email) {
      r.values.emplace_back(std::string(*email));
    } else {
      r.values.emplace_back(std::nullopt);
    }
    r.position = {partition, offset};
    return r;
  }

  static QuarantineRow bad(int32_t partition, int64_t offset, std::string key, std::string raw,
                           std::vector<Reason> reasons) {
    return QuarantineRow{
        {partition, offset}, std::move(key), std::move(raw), std::move(reasons), 1764077401123};
  }

  // Submits `groups` one-row groups whose completions take `slow`, then call `completed`;
  // `submitted` runs each time submit() has returned. Stops at the first refused submit.
  // Each completion keeps a copy of `completed` (callers pass temporaries, gone when this
  // returns); what it refers to must outlive the completions: drain() before it goes.
  void submit_slow(
      int groups, std::chrono::milliseconds slow, const std::function<void()>& completed,
      const std::function<void()>& submitted = [] {}) {
    for (int g = 0; g < groups; ++g) {
      const Record* r = user("user" + std::to_string(g), "u@x.io", 0, g);
      Status s = sink_->submit({{r}, {}}, [slow, completed](const Status&) {
        std::this_thread::sleep_for(slow);
        completed();
      });
      if (!s.ok()) {
        ADD_FAILURE() << s.to_string();
        return;
      }
      submitted();
    }
  }

  void write(SinkGroup group) {
    Status s = write_and_wait(sink_.get(), std::move(group));
    ASSERT_TRUE(s.ok()) << s.to_string();
  }

  Tables tables() const { return factory_.read_back(); }

  Schema schema_{{{"username", FieldType::kText}, {"email", FieldType::kText}}, "username"};
  Factory factory_{schema_};
  std::vector<std::unique_ptr<Record>> records_;
  std::unique_ptr<Sink> sink_;  // last: goes first, finishing what is queued
};

TYPED_TEST_SUITE_P(SinkContract);

// ---- Completion ----

TYPED_TEST_P(SinkContract, CompletionFiresOnceOkAndOnlyOnceTheRowsAreReadable) {
  constexpr int kGroups = 6;
  struct Seen {
    int calls = 0;
    Status status;
    bool rows_there = false;
  };
  std::mutex mu;
  std::vector<Seen> seen(kGroups);
  for (int g = 0; g < kGroups; ++g) {
    SinkGroup group;
    if (g != kGroups - 1) group.valid = {this->user("user" + std::to_string(g), "u@x.io", 0, g)};
    // (the last group is empty: it completes too)
    if (g % 2 == 0) group.quarantine = {this->bad(1, g, "", "{}", {{"required", "m"}})};
    Status s = this->sink_->submit(std::move(group), [&, g](const Status& status) {
      // Read back here, on the sink's thread: the rows must be there already.
      const Tables now = this->tables();
      bool there = true;
      if (g != kGroups - 1) there = now.users.count("user" + std::to_string(g)) == 1;
      if (g % 2 == 0) there = there && now.quarantine.count({1, g}) == 1;
      std::lock_guard lock(mu);
      ++seen[g].calls;
      seen[g].status = status;
      seen[g].rows_there = there;
    });
    // No ASSERT while groups are pending: their completions use this frame.
    EXPECT_TRUE(s.ok()) << s.to_string();
  }
  this->sink_->drain();
  this->sink_.reset();  // a completion firing twice would have had its chance by now
  std::lock_guard lock(mu);
  for (int g = 0; g < kGroups; ++g) {
    EXPECT_EQ(seen[g].calls, 1) << "group " << g;
    EXPECT_TRUE(seen[g].status.ok()) << "group " << g << ": " << seen[g].status.to_string();
    EXPECT_TRUE(seen[g].rows_there) << "group " << g << " completed before its rows were in";
  }
}

TYPED_TEST_P(SinkContract, ARefusedSubmitNeverCompletes) {
  auto unopened = this->factory_.make();  // submit() before open() is refused
  bool called = false;
  Status s = unopened->submit({{this->user("alice", "a@x.io", 0, 1)}, {}},
                              [&](const Status&) { called = true; });
  EXPECT_FALSE(s.ok());
  unopened->drain();
  unopened.reset();
  EXPECT_FALSE(called) << "the completion of a group that was not taken ran";
}

TYPED_TEST_P(SinkContract, NoMoreThanMaxInFlightGroupsArePending) {
  const int max = this->sink_->max_in_flight();
  ASSERT_GE(max, 1);
  std::atomic<int> pending{0};
  int most = 0;
  // Slow completions: submit() is what has to hold the caller back.
  this->submit_slow(
      3 * max + 2, std::chrono::milliseconds(20), [&] { pending.fetch_sub(1); },
      [&] { most = std::max(most, pending.fetch_add(1) + 1); });
  this->sink_->drain();
  EXPECT_LE(most, max) << "more groups pending than max_in_flight()";
  EXPECT_EQ(most, max) << "submit() held back the caller before max_in_flight() was reached";
  EXPECT_EQ(pending.load(), 0);
}

TYPED_TEST_P(SinkContract, DrainReturnsOnlyAfterEveryCompletionRan) {
  std::atomic<int> completed{0};
  this->submit_slow(5, std::chrono::milliseconds(10), [&] { completed.fetch_add(1); });
  this->sink_->drain();
  EXPECT_EQ(completed.load(), 5);
  this->sink_->drain();  // nothing pending: returns at once
  EXPECT_EQ(completed.load(), 5);
}

// ---- Idempotence ----

TYPED_TEST_P(SinkContract, ReplayingAGroupGivesTheSameTables) {
  auto a = this->user("alice", "a@x.io", 0, 10);
  auto b = this->user("bob", std::nullopt, 1, 3);
  const std::vector<Reason> two = {{"required", "email is missing"},
                                   {"email_format", R"(email "x" has no @)"}};
  auto group = [&] {
    return SinkGroup{{a, b},
                     {this->bad(2, 7, "carol", R"({"login":{}})", {{"required", "m"}}),
                      this->bad(2, 8, "", R"({"email":"x"})", two)}};
  };
  ASSERT_NO_FATAL_FAILURE(this->write(group()));
  const Tables once = this->tables();
  Tables want;
  want.users["alice"] = this->row("alice", "a@x.io", 0, 10);
  want.users["bob"] = this->row("bob", std::nullopt, 1, 3);
  want.quarantine[{2, 7}] = {R"({"login":{}})", R"([{"rule":"required","message":"m"}])"};
  want.quarantine[{2, 8}] = {R"({"email":"x"})",
                             R"([{"rule":"required","message":"email is missing"},)"
                             R"({"rule":"email_format","message":"email \"x\" has no @"}])"};
  EXPECT_EQ(once, want);
  ASSERT_NO_FATAL_FAILURE(this->write(group()));
  ASSERT_NO_FATAL_FAILURE(this->write(group()));
  EXPECT_EQ(this->tables(), once);
}

// ---- key_owners ----

TYPED_TEST_P(SinkContract, KeyOwnersGivesTheStoredPositionOfStoredKeysOnly) {
  constexpr int kStored = 1500;
  SinkGroup first;
  SinkGroup second;
  for (int i = 0; i < kStored; ++i) {
    (i < kStored / 2 ? first : second)
        .valid.push_back(this->user("user" + std::to_string(i), "u@x.io", i % 4, 100 + i));
  }
  for (int i = 0; i < 10; ++i)
    second.quarantine.push_back(this->bad(5, i, "bad" + std::to_string(i), "{}", {{"r", "m"}}));
  ASSERT_NO_FATAL_FAILURE(this->write(std::move(first)));
  ASSERT_NO_FATAL_FAILURE(this->write(std::move(second)));

  std::vector<std::string> names;
  for (int i = kStored - 1; i >= 0; --i)
    names.push_back("user" + std::to_string(i));
  for (int i = 0; i < 600; ++i)
    names.push_back("nobody" + std::to_string(i));
  for (int i = 0; i < 10; ++i)
    names.push_back("bad" + std::to_string(i));  // quarantined: not stored
  const std::vector<std::string_view> keys(names.begin(), names.end());
  auto owners = this->sink_->key_owners(keys);
  ASSERT_TRUE(owners.ok()) << owners.status().to_string();
  EXPECT_EQ(owners->size(), static_cast<size_t>(kStored));
  for (int i = 0; i < kStored; ++i) {
    auto it = owners->find("user" + std::to_string(i));
    ASSERT_NE(it, owners->end()) << "user" << i;
    EXPECT_EQ(it->second, (LogPosition{i % 4, 100 + i})) << "user" << i;
  }

  auto none = this->sink_->key_owners({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  // A key stored anew is owned by its new position.
  auto moved = this->user("user7", "new@x.io", 3, 9000);
  ASSERT_NO_FATAL_FAILURE(this->write({{moved}, {}}));
  owners = this->sink_->key_owners({"user7"});
  ASSERT_TRUE(owners.ok());
  EXPECT_EQ(owners->at("user7"), (LogPosition{3, 9000}));
}

// ---- Reconcile ----

TYPED_TEST_P(SinkContract, ReconcileMovesAPositionBetweenTables) {
  auto alice = this->user("alice", "a@x.io", 0, 10);
  const auto alice_bad = this->bad(0, 10, "alice", R"({"u":"alice"})", {{"email_format", "m"}});
  ASSERT_NO_FATAL_FAILURE(this->write({{alice}, {}}));

  // Now invalid: it leaves created_users.
  ASSERT_NO_FATAL_FAILURE(this->write({{}, {alice_bad}, true}));
  Tables t = this->tables();
  EXPECT_EQ(t.users.count("alice"), 0U) << "a now-invalid position stayed stored";
  EXPECT_EQ(t.quarantine.count({0, 10}), 1U);
  auto owners = this->sink_->key_owners({"alice"});
  ASSERT_TRUE(owners.ok());
  EXPECT_EQ(owners->count("alice"), 0U);

  // Valid again: it leaves quarantine.
  ASSERT_NO_FATAL_FAILURE(this->write({{alice}, {}, true}));
  t = this->tables();
  EXPECT_EQ(t.users["alice"], this->row("alice", "a@x.io", 0, 10));
  EXPECT_TRUE(t.quarantine.empty()) << "a now-valid position stayed quarantined";
}

TYPED_TEST_P(SinkContract, WithoutReconcileAValidRowUpsertsAndQuarantineLeavesStoredRowsAlone) {
  auto first = this->user("alice", "a@x.io", 0, 10);
  auto later = this->user("alice", "new@x.io", 1, 20);
  ASSERT_NO_FATAL_FAILURE(this->write({{first}, {}}));
  ASSERT_NO_FATAL_FAILURE(this->write({{later}, {}}));
  Tables t = this->tables();
  ASSERT_EQ(t.users.size(), 1U);
  EXPECT_EQ(t.users["alice"], this->row("alice", "new@x.io", 1, 20));

  // A crash replay (same verdicts) skips reconciling: a quarantine row for a position does
  // not touch created_users.
  ASSERT_NO_FATAL_FAILURE(this->write({{}, {this->bad(1, 20, "alice", "{}", {{"r", "m"}})}}));
  t = this->tables();
  EXPECT_EQ(t.users["alice"], this->row("alice", "new@x.io", 1, 20));
  EXPECT_EQ(t.quarantine.count({1, 20}), 1U);

  // Reconciling the older position leaves the row another position now holds.
  ASSERT_NO_FATAL_FAILURE(this->write({{}, {this->bad(0, 10, "alice", "{}", {{"r", "m"}})}, true}));
  t = this->tables();
  EXPECT_EQ(t.users["alice"], this->row("alice", "new@x.io", 1, 20))
      << "reconcile removed a row stored by another position";
}

REGISTER_TYPED_TEST_SUITE_P(SinkContract, CompletionFiresOnceOkAndOnlyOnceTheRowsAreReadable,
                            ARefusedSubmitNeverCompletes, NoMoreThanMaxInFlightGroupsArePending,
                            DrainReturnsOnlyAfterEveryCompletionRan,
                            ReplayingAGroupGivesTheSameTables,
                            KeyOwnersGivesTheStoredPositionOfStoredKeysOnly,
                            ReconcileMovesAPositionBetweenTables,
                            WithoutReconcileAValidRowUpsertsAndQuarantineLeavesStoredRowsAlone);

// ---- Durability ----

// Only for sinks that keep their rows past the object (instantiated for those alone).
template <typename Factory>
class DurableSinkContract : public SinkContract<Factory> {};

TYPED_TEST_SUITE_P(DurableSinkContract);

TYPED_TEST_P(DurableSinkContract, CompletedRowsAreSeenByAFreshSinkOnTheSameStore) {
  auto alice = this->user("alice", "a@x.io", 0, 10);
  ASSERT_NO_FATAL_FAILURE(
      this->write({{alice}, {this->bad(0, 11, "bob", "{}", {{"required", "m"}})}}));
  const Tables written = this->tables();
  ASSERT_EQ(written.users.size(), 1U);
  ASSERT_EQ(written.quarantine.size(), 1U);

  // While the first sink is still open (no clean shutdown has happened)...
  auto fresh = this->factory_.make();
  ASSERT_TRUE(fresh->open().ok());
  auto owners = fresh->key_owners({"alice", "bob"});
  ASSERT_TRUE(owners.ok()) << owners.status().to_string();
  EXPECT_EQ(*owners, (std::unordered_map<std::string, LogPosition>{{"alice", {0, 10}}}));
  fresh.reset();
  // ...and after both are gone.
  this->sink_.reset();
  auto reopened = this->factory_.make();
  ASSERT_TRUE(reopened->open().ok());
  EXPECT_EQ(this->tables(), written);
  owners = reopened->key_owners({"alice"});
  ASSERT_TRUE(owners.ok());
  EXPECT_EQ(owners->size(), 1U);
}

REGISTER_TYPED_TEST_SUITE_P(DurableSinkContract, CompletedRowsAreSeenByAFreshSinkOnTheSameStore);

}  // namespace sluice::contract
