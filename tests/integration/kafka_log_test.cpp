// The Kafka log (src/log/kafka/) against the real Kafka that scripts/services/kafka starts:
// topics, the transactional writer and its cursor, fencing, read_committed, and consumer
// groups (assignment, commits, hand-over). Run by tests/services/test_kafka_log.py; by hand:
//   scripts/services/kafka start && build/tests/integration_kafka
// Every test uses topics and groups of its own, so runs never see each other's data.
#include "log/kafka/kafka_log.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <prometheus/registry.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "kafka_test_util.h"
#include "log/kafka/kafka_admin.h"
#include "log/kafka/kafka_conf.h"
#include "log/probe.h"

extern char** environ;

namespace sluice {
namespace {

using kafka::KafkaLog;
using testing::count;
using testing::Entries;
using testing::kafka_config;
using testing::poll_into;
using testing::poll_until;
using testing::RecordingListener;
using testing::unique_name;

std::unique_ptr<Log> open_log(const LogConfig& config) {
  auto log = KafkaLog::open(config);
  EXPECT_TRUE(log.ok()) << log.status().to_string();
  return log.ok() ? std::move(log).value() : nullptr;
}

std::unique_ptr<LogWriter> open_writer(Log& log) {
  auto writer = log.open_writer();
  EXPECT_TRUE(writer.ok()) << writer.status().to_string();
  return writer.ok() ? std::move(writer).value() : nullptr;
}

std::unique_ptr<LogConsumer> open_consumer(Log& log, const std::string& group,
                                           RebalanceListener* listener) {
  auto consumer = log.open_consumer(group);
  EXPECT_TRUE(consumer.ok()) << consumer.status().to_string();
  if (!consumer.ok()) return nullptr;
  Status s = (*consumer)->subscribe(listener);
  EXPECT_TRUE(s.ok()) << s.to_string();
  return std::move(consumer).value();
}

std::vector<int> sorted(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Everything in the topic, aborted transactions included (read_uncommitted), by a plain
// librdkafka consumer that has nothing to do with sluice's code: what reached the brokers.
std::vector<std::string> values_on_brokers(const std::string& topic, int partitions) {
  kafka::ConfPtr conf(rd_kafka_conf_new());
  char err[256];
  for (const auto& [k, v] :
       std::map<std::string, std::string>{{"bootstrap.servers", testing::brokers()},
                                          {"group.id", unique_name("raw")},
                                          {"isolation.level", "read_uncommitted"},
                                          {"enable.partition.eof", "true"},
                                          {"enable.auto.commit", "false"}}) {
    EXPECT_EQ(rd_kafka_conf_set(conf.get(), k.c_str(), v.c_str(), err, sizeof(err)),
              RD_KAFKA_CONF_OK)
        << err;
  }
  kafka::KafkaPtr rk(rd_kafka_new(RD_KAFKA_CONSUMER, conf.release(), err, sizeof(err)));
  EXPECT_NE(rk, nullptr) << err;
  kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p)
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  EXPECT_EQ(rd_kafka_assign(rk.get(), list.get()), RD_KAFKA_RESP_ERR_NO_ERROR);
  std::vector<std::string> values;
  std::set<int> at_end;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (static_cast<int>(at_end.size()) < partitions &&
         std::chrono::steady_clock::now() < deadline) {
    kafka::MessagePtr m(rd_kafka_consumer_poll(rk.get(), 200));
    if (m == nullptr) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      at_end.insert(m->partition);
    } else if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      values.emplace_back(static_cast<const char*>(m->payload), m->len);
    }
  }
  EXPECT_EQ(static_cast<int>(at_end.size()), partitions) << "did not reach the end of " << topic;
  rd_kafka_consumer_close(rk.get());
  return values;
}

// A transaction of `n` records to partition 0 of `topic` that another transactional producer
// (plain librdkafka, not sluice) aborts after they reached the brokers.
void produce_and_abort(const std::string& topic, int n) {
  kafka::ConfPtr conf(rd_kafka_conf_new());
  char err[256];
  for (const auto& [k, v] : std::map<std::string, std::string>{
           {"bootstrap.servers", testing::brokers()}, {"transactional.id", unique_name("raw")}}) {
    ASSERT_EQ(rd_kafka_conf_set(conf.get(), k.c_str(), v.c_str(), err, sizeof(err)),
              RD_KAFKA_CONF_OK);
  }
  kafka::KafkaPtr producer(rd_kafka_new(RD_KAFKA_PRODUCER, conf.release(), err, sizeof(err)));
  ASSERT_NE(producer, nullptr) << err;
  ASSERT_EQ(rd_kafka_init_transactions(producer.get(), 30000), nullptr);
  ASSERT_EQ(rd_kafka_begin_transaction(producer.get()), nullptr);
  for (int i = 0; i < n; ++i) {
    const std::string value = "aborted-" + std::to_string(i);
    ASSERT_EQ(
        rd_kafka_producev(producer.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(0),
                          RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
        RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  ASSERT_EQ(rd_kafka_flush(producer.get(), 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_EQ(rd_kafka_abort_transaction(producer.get(), 30000), nullptr);
}

// Runs this executable again as a child that publishes `n` records with `cursor` under
// SLUICE_FAULT=`fault`; returns its wait status and, in *stderr_text, what it printed.
int run_child_publish(const LogConfig& config, const std::string& cursor, int n,
                      const std::string& fault, std::string* stderr_text) {
  const std::string err_file = "/tmp/" + unique_name("sluice-kafka-child") + ".err";
  std::vector<std::string> args = {"/proc/self/exe", "--child-publish",
                                   config.topic,     config.pipeline,
                                   cursor,           std::to_string(n)};
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = {"SLUICE_FAULT=" + fault};
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "SLUICE_FAULT=", 13) != 0) env_strings.emplace_back(*e);
  }
  std::vector<char*> envp;
  for (auto& e : env_strings)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(rc, 0) << std::strerror(rc);
  int status = 0;
  waitpid(pid, &status, 0);
  std::ifstream in(err_file);
  std::stringstream text;
  text << in.rdbuf();
  *stderr_text = text.str();
  ::unlink(err_file.c_str());
  return status;
}

// A topic of its own for each test, its log and a writer.
class KafkaLogTest : public ::testing::Test {
 protected:
  void open(const std::string& prefix, int partitions) {
    config_ = kafka_config(unique_name(prefix), partitions);
    log_ = open_log(config_);
    ASSERT_NE(log_, nullptr);
    writer_ = open_writer(*log_);
    ASSERT_NE(writer_, nullptr);
  }

  void publish(const std::vector<LogRecord>& records, const std::string& cursor) {
    Status s = writer_->publish(records, cursor);
    ASSERT_TRUE(s.ok()) << s.to_string();
  }

  // What a new member of a group of its own reads: `expected` entries, and nothing more.
  Entries read_everything(size_t expected) {
    Entries got;
    auto reader = open_consumer(*log_, unique_name("check"), nullptr);
    if (reader == nullptr) return got;
    EXPECT_TRUE(poll_until(*reader, &got, [&] { return count(got) >= expected; }));
    poll_into(*reader, &got, 300);  // anything past what was expected
    EXPECT_EQ(count(got), expected);
    return got;
  }

  static bool any_key_has(const Entries& entries, const std::string& part) {
    for (const auto& [p, list] : entries) {
      for (const LogEntry& e : list) {
        if (e.key.find(part) != std::string::npos) return true;
      }
    }
    return false;
  }

  LogConfig config_;
  std::unique_ptr<Log> log_;
  std::unique_ptr<LogWriter> writer_;
};

class KafkaLogWriter : public KafkaLogTest {};
class KafkaLogConsumer : public KafkaLogTest {};

// ---- Topics ----

TEST(KafkaLog, CreatesTheTopicAndACompactedCursorTopic) {
  const std::string topic = unique_name("sluice-topics");
  auto log = open_log(kafka_config(topic, 3));
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->partition_count(), 3);

  kafka::ConfPtr conf(rd_kafka_conf_new());
  char err[256];
  ASSERT_EQ(rd_kafka_conf_set(conf.get(), "bootstrap.servers", testing::brokers().c_str(), err,
                              sizeof(err)),
            RD_KAFKA_CONF_OK);
  kafka::KafkaPtr admin(rd_kafka_new(RD_KAFKA_PRODUCER, conf.release(), err, sizeof(err)));
  ASSERT_NE(admin, nullptr);
  EXPECT_EQ(*kafka::topic_partitions(admin.get(), topic, 10000), 3);
  EXPECT_EQ(*kafka::topic_partitions(admin.get(), topic + ".cursors", 10000), 1);

  // The cursor topic is compacted: only the newest cursor of each pipeline needs keeping.
  std::unique_ptr<rd_kafka_ConfigResource_t, decltype(&rd_kafka_ConfigResource_destroy)> res(
      rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, (topic + ".cursors").c_str()),
      &rd_kafka_ConfigResource_destroy);
  rd_kafka_ConfigResource_t* resources[] = {res.get()};
  kafka::QueuePtr queue(rd_kafka_queue_new(admin.get()));
  rd_kafka_DescribeConfigs(admin.get(), resources, 1, nullptr, queue.get());
  kafka::EventPtr event(rd_kafka_queue_poll(queue.get(), 15000));
  ASSERT_NE(event, nullptr);
  ASSERT_EQ(rd_kafka_event_error(event.get()), RD_KAFKA_RESP_ERR_NO_ERROR);
  size_t n = 0;
  const rd_kafka_ConfigResource_t** described = rd_kafka_DescribeConfigs_result_resources(
      rd_kafka_event_DescribeConfigs_result(event.get()), &n);
  ASSERT_EQ(n, 1U);
  size_t entries = 0;
  const rd_kafka_ConfigEntry_t** configs = rd_kafka_ConfigResource_configs(described[0], &entries);
  std::string policy;
  for (size_t i = 0; i < entries; ++i) {
    if (std::string(rd_kafka_ConfigEntry_name(configs[i])) == "cleanup.policy") {
      policy = rd_kafka_ConfigEntry_value(configs[i]);
    }
  }
  EXPECT_EQ(policy, "compact");

  // Opening again finds what is there; more partitions than configured are used as they are.
  auto again = open_log(kafka_config(topic, 2));
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->partition_count(), 3);
}

TEST(KafkaLog, ATopicWithFewerPartitionsThanConfiguredIsAnErrorNamingBoth) {
  const std::string topic = unique_name("sluice-few");
  ASSERT_NE(open_log(kafka_config(topic, 2)), nullptr);
  auto log = KafkaLog::open(kafka_config(topic, 5));
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.status().code(), StatusCode::kInvalidArgument);
  const std::string& m = log.status().message();
  EXPECT_NE(m.find("'" + topic + "' has 2 partitions"), std::string::npos) << m;
  EXPECT_NE(m.find("the 5 that log.partitions asks for"), std::string::npos) << m;
}

TEST(KafkaLog, TheFactoryOpensTheKafkaKind) {
  auto log = make_log(kafka_config(unique_name("sluice-factory"), 2));
  ASSERT_TRUE(log.ok()) << log.status().to_string();
  EXPECT_EQ((*log)->partition_count(), 2);
}

// ---- Writer: publish and cursor ----

TEST_F(KafkaLogWriter, PublishedRecordsAndTheCursorComeBack) {
  ASSERT_NO_FATAL_FAILURE(open("sluice-roundtrip", 3));
  EXPECT_EQ(*writer_->last_cursor(), "");
  const auto page1 = testing::records("a", 40, 5000);
  const auto page2 = testing::records("b", 9, 6000);
  ASSERT_NO_FATAL_FAILURE(publish(page1, "page=1"));
  EXPECT_EQ(*writer_->last_cursor(), "page=1");
  ASSERT_NO_FATAL_FAILURE(publish(page2, "page=2"));
  ASSERT_NO_FATAL_FAILURE(publish({}, "page=2-done"));  // an empty publish moves the cursor
  EXPECT_EQ(*writer_->last_cursor(), "page=2-done");

  // A new writer (a restarted ingest) reads the cursor back from the cursor topic.
  writer_.reset();
  log_ = open_log(config_);
  ASSERT_NE(log_, nullptr);
  writer_ = open_writer(*log_);
  ASSERT_NE(writer_, nullptr);
  EXPECT_EQ(*writer_->last_cursor(), "page=2-done");

  // Each record in partition_for(key), in publish order, with its key, value and timestamp;
  // the cursor records stay in the cursor topic.
  std::map<int, std::vector<LogRecord>> expected;
  for (const auto* page : {&page1, &page2}) {
    for (const LogRecord& r : *page)
      expected[writer_->partition_for(r.key)].push_back(r);
  }
  ASSERT_GT(expected.size(), 1U);
  Entries got = read_everything(49);
  for (const auto& [p, want] : expected) {
    ASSERT_EQ(got[p].size(), want.size()) << "partition " << p;
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got[p][i].key, want[i].key);
      EXPECT_EQ(got[p][i].value, want[i].value);
      EXPECT_EQ(got[p][i].timestamp_ms, want[i].timestamp_ms);
      if (i > 0) {
        EXPECT_GT(got[p][i].offset, got[p][i - 1].offset);
      }
    }
  }
}

TEST_F(KafkaLogWriter, KeysGoWhereKafkasJavaPartitionerPutsThem) {
  ASSERT_NO_FATAL_FAILURE(open("sluice-murmur", 10));
  // toPositive(murmur2(key)) % 10 with the murmur2 values of Kafka's own UtilsTest:
  // "21" -973932308, "foobar" -790332482, "abc" 479470107.
  EXPECT_EQ(writer_->partition_for("21"), 0);
  EXPECT_EQ(writer_->partition_for("foobar"), 6);
  EXPECT_EQ(writer_->partition_for("abc"), 7);
  std::map<int, int> spread;
  for (int i = 0; i < 1000; ++i)
    ++spread[writer_->partition_for("user" + std::to_string(i))];
  ASSERT_EQ(spread.size(), 10U);
  for (const auto& [p, n] : spread)
    EXPECT_GT(n, 60) << "partition " << p;
  EXPECT_EQ(writer_->partition_for(""), writer_->partition_for("")) << "an empty key is stable";
}

// The batch and its cursor commit together: a publisher killed after producing everything but
// before the commit leaves nothing a read_committed reader can see, and the cursor unchanged.
TEST_F(KafkaLogWriter, AnIngestKilledBetweenProduceAndCommitLeavesNothingVisible) {
  ASSERT_NO_FATAL_FAILURE(open("sluice-crash", 3));
  ASSERT_NO_FATAL_FAILURE(publish(testing::records("page1", 30), "page=2"));
  writer_.reset();

  std::string child_err;
  const int status = run_child_publish(config_, "page=3", 25,
                                       "kafka.after_produce_before_commit:crash", &child_err);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT)
      << "the child was to abort at the fault point; status " << status << "\n"
      << child_err;
  EXPECT_NE(child_err.find("crashing at kafka.after_produce_before_commit"), std::string::npos)
      << child_err;
  // The killed transaction's records did reach the brokers: only the missing commit hides them.
  const auto raw = values_on_brokers(config_.topic, 3);
  EXPECT_EQ(
      std::count_if(raw.begin(), raw.end(),
                    [](const std::string& v) { return v.find("crash-") != std::string::npos; }),
      25);

  // The next ingest ends the open transaction and finds the cursor of the last committed batch,
  writer_ = open_writer(*log_);
  ASSERT_NE(writer_, nullptr);
  EXPECT_EQ(*writer_->last_cursor(), "page=2");
  EXPECT_FALSE(any_key_has(read_everything(30), "crash"));
  // and publishes the page again: now it is there, once.
  ASSERT_NO_FATAL_FAILURE(publish(testing::records("crash", 25), "page=3"));
  EXPECT_EQ(*writer_->last_cursor(), "page=3");
  read_everything(55);
}

TEST_F(KafkaLogWriter, ASecondIngestOfThePipelineFencesTheFirst) {
  ASSERT_NO_FATAL_FAILURE(open("sluice-fence", 3));
  ASSERT_NO_FATAL_FAILURE(publish(testing::records("one", 5), "page=1"));

  auto other_log = open_log(config_);  // another process, as far as Kafka can tell
  ASSERT_NE(other_log, nullptr);
  auto second = open_writer(*other_log);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(*second->last_cursor(), "page=1");

  for (int attempt = 0; attempt < 2; ++attempt) {
    Status s = writer_->publish(testing::records("stale", 5), "page=2");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), StatusCode::kAborted);
    EXPECT_NE(s.message().find("fenced by another ingest of pipeline " + config_.pipeline),
              std::string::npos)
        << s.to_string();
  }
  EXPECT_FALSE(writer_->last_cursor().ok());
  ASSERT_TRUE(second->publish(testing::records("two", 5), "page=2").ok());
  EXPECT_EQ(*second->last_cursor(), "page=2");
  EXPECT_FALSE(any_key_has(read_everything(10), "stale")) << "a fenced batch became visible";
}

// Log::read_cursor() (what `sluice ingest --dry-run` uses) from another process's log reads the
// cursor with a plain read_committed consumer: the running ingest is not fenced, before, during
// or after its publishes, and what it reads is what the writer's last_cursor() says.
TEST_F(KafkaLogWriter, ReadCursorFromAnotherLogLeavesTheRunningIngestPublishing) {
  ASSERT_NO_FATAL_FAILURE(open("sluice-readcursor", 3));
  auto other_log = open_log(config_);  // another process, as far as Kafka can tell
  ASSERT_NE(other_log, nullptr);
  auto read = [&] {
    auto cursor = other_log->read_cursor();
    EXPECT_TRUE(cursor.ok()) << cursor.status().to_string();
    return cursor.ok() ? *cursor : "<error>";
  };
  EXPECT_EQ(read(), "");
  ASSERT_NO_FATAL_FAILURE(publish(testing::records("one", 5), "page=1"));
  ASSERT_NO_FATAL_FAILURE(publish(testing::records("two", 5), "page=2"));
  EXPECT_EQ(read(), "page=2");
  EXPECT_EQ(read(), *writer_->last_cursor());

  // Reads while the writer publishes: each one sees some committed page's cursor.
  constexpr int kPages = 12;
  std::atomic<bool> publishing{true};
  std::thread ingest([&] {
    for (int page = 3; page <= kPages; ++page) {
      Status s = writer_->publish(testing::records("p" + std::to_string(page), 5),
                                  "page=" + std::to_string(page));
      EXPECT_TRUE(s.ok()) << "page " << page << ": " << s.to_string();
    }
    publishing = false;
  });
  int reads = 0;
  for (; publishing.load() || reads == 0; ++reads) {
    const std::string seen = read();
    EXPECT_EQ(seen.rfind("page=", 0), 0U) << seen;
  }
  ingest.join();
  EXPECT_GT(reads, 0);
  ASSERT_NO_FATAL_FAILURE(publish(testing::records("after", 5), "page=13"));
  EXPECT_EQ(*writer_->last_cursor(), "page=13");
  EXPECT_EQ(read(), "page=13");
  EXPECT_EQ(count(read_everything(5 * 13)), 5U * 13U);
}

// An error inside a transaction aborts it: nothing of the batch shows, the cursor stays, and
// the writer goes on with the next publish.
TEST_F(KafkaLogWriter, AFailedPublishAbortsItsTransaction) {
  ASSERT_NO_FATAL_FAILURE(open("sluice-abort", 3));
  ASSERT_NO_FATAL_FAILURE(publish(testing::records("ok", 6), "page=1"));
  auto bad = testing::records("doomed", 6);
  bad[3].value.assign(2 << 20, 'x');  // past message.max.bytes
  Status s = writer_->publish(bad, "page=2");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("transaction aborted"), std::string::npos) << s.to_string();
  ASSERT_TRUE(writer_->last_cursor().ok());
  EXPECT_EQ(*writer_->last_cursor(), "page=1");
  ASSERT_NO_FATAL_FAILURE(publish(testing::records("next", 6), "page=2"));

  auto reopened = open_log(config_);
  ASSERT_NE(reopened, nullptr);
  auto fresh = open_writer(*reopened);
  ASSERT_NE(fresh, nullptr);
  EXPECT_EQ(*fresh->last_cursor(), "page=2");
  EXPECT_FALSE(any_key_has(read_everything(12), "doomed"));
}

// The writer counts each committed transaction and its bytes in the log's probe, and nothing
// for one Kafka aborted. The brokers hold the partitions: the log reports no usage of them.
TEST(KafkaLog, TheWriterCountsCommittedTransactionsInTheProbe) {
  const LogConfig config = kafka_config(unique_name("sluice-probe"), 2);
  auto log = open_log(config);
  ASSERT_NE(log, nullptr);
  prometheus::Registry registry;
  LogProbe probe(registry, "demo");
  log->set_probe(&probe);
  auto writer = open_writer(*log);
  ASSERT_NE(writer, nullptr);
  auto value_of = [&](const std::string& name) {
    for (const auto& f : registry.Collect()) {
      if (f.name == name) return f.metric.at(0).counter.value;
    }
    return -1.0;
  };
  const auto page = testing::records("a", 8);
  double bytes = 0;
  for (const auto& r : page)
    bytes += static_cast<double>(r.key.size() + r.value.size());
  ASSERT_TRUE(writer->publish(page, "page=2").ok());
  EXPECT_EQ(value_of("sluice_log_appends_total"), 1);
  EXPECT_EQ(value_of("sluice_log_appended_bytes_total"), bytes);
  auto bad = testing::records("doomed", 2);
  bad[1].value.assign(2 << 20, 'x');  // past message.max.bytes: aborted
  ASSERT_FALSE(writer->publish(bad, "page=3").ok());
  EXPECT_EQ(value_of("sluice_log_appends_total"), 1);
  EXPECT_EQ(value_of("sluice_log_appended_bytes_total"), bytes);
  EXPECT_TRUE(log->partition_usage().empty());
}

// ---- Consumer ----

// A transaction another producer aborted is on the brokers, yet the consumer never returns it,
// and reads on past it.
TEST_F(KafkaLogConsumer, ReadCommittedHidesAnAbortedTransaction) {
  ASSERT_NO_FATAL_FAILURE(open("sluice-aborted", 1));
  ASSERT_NO_FATAL_FAILURE(publish(testing::records("before", 4), "c1"));
  ASSERT_NO_FATAL_FAILURE(produce_and_abort(config_.topic, 7));
  ASSERT_NO_FATAL_FAILURE(publish(testing::records("after", 3), "c2"));
  EXPECT_EQ(values_on_brokers(config_.topic, 1).size(), 14U) << "4 + 7 aborted + 3";

  auto reader = open_consumer(*log_, unique_name("check"), nullptr);
  ASSERT_NE(reader, nullptr);
  Entries got;
  ASSERT_TRUE(poll_until(*reader, &got, [&] { return count(got) >= 7; }));
  poll_into(*reader, &got, 500);
  ASSERT_EQ(count(got), 7U);
  for (const LogEntry& e : got[0])
    EXPECT_EQ(e.value.find("aborted"), std::string::npos) << e.value;
  EXPECT_EQ(got[0][3].key, "before-3");
  EXPECT_EQ(got[0][4].key, "after-0");
  EXPECT_GT(got[0][4].offset, got[0][3].offset + 7) << "the aborted records' offsets are skipped";
  EXPECT_EQ(reader->lag()[0], 0) << "caught up";
}

TEST_F(KafkaLogConsumer, AMemberIsAssignedCommitsAndTheNextOneStartsThere) {
  ASSERT_NO_FATAL_FAILURE(open("sluice-commit", 3));
  ASSERT_NO_FATAL_FAILURE(publish(testing::records("k", 60), "c"));
  const std::string group = unique_name("group");

  std::atomic<int> seq{0};
  RecordingListener listener(&seq);
  auto a = open_consumer(*log_, group, &listener);
  ASSERT_NE(a, nullptr);
  Entries got;
  ASSERT_TRUE(poll_until(*a, &got, [&] { return count(got) >= 60; }));
  auto events = listener.events();
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].kind, '+');
  EXPECT_EQ(sorted(events[0].partitions), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(sorted(a->assignment()), (std::vector<int>{0, 1, 2}));

  // Commit the third entry of each partition as the next to read.
  std::map<int, int64_t> next;
  for (const auto& [p, entries] : got) {
    ASSERT_GE(entries.size(), 3U);
    next[p] = entries[2].offset;
  }
  ASSERT_TRUE(a->commit(next).ok());
  auto stored = a->committed({0, 1, 2});
  ASSERT_TRUE(stored.ok()) << stored.status().to_string();
  EXPECT_EQ(*stored, next);
  Status refused = a->commit({{7, 1}});
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument) << refused.to_string();

  ASSERT_TRUE(a->close().ok());
  events = listener.events();
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(events[1].kind, '-');
  EXPECT_EQ(sorted(events[1].partitions), (std::vector<int>{0, 1, 2}));
  EXPECT_TRUE(a->assignment().empty());

  RecordingListener second(&seq);
  auto b = open_consumer(*log_, group, &second);
  ASSERT_NE(b, nullptr);
  Entries again;
  const size_t want = 60 - 2 * 3;
  ASSERT_TRUE(poll_until(*b, &again, [&] { return count(again) >= want; }));
  poll_into(*b, &again, 300);
  EXPECT_EQ(count(again), want);
  for (const auto& [p, entries] : again)
    EXPECT_EQ(entries.front().offset, next[p]) << "partition " << p;
}

// Two members split the partitions; a member that closes hands its partitions to the other.
// Whatever the assignor: a partition is never owned by both, the new owner gets it only after
// the old one's on_revoked ran (and committed), and every record is read exactly once.
class KafkaLogGroup : public KafkaLogTest {
 protected:
  struct Member {
    explicit Member(std::atomic<int>* seq) : listener(seq) {}
    RecordingListener listener;
    std::unique_ptr<LogConsumer> consumer;
    Entries got;
    std::map<int, int64_t> next;  // after what it read
  };

  std::unique_ptr<Member> member(const std::string& group) {
    auto m = std::make_unique<Member>(&seq_);
    Member* raw = m.get();
    m->listener.during_assign = [this, raw](const std::vector<int>& partitions) {
      for (int p : partitions) {
        auto [it, fresh] = owners_.emplace(p, raw);
        EXPECT_TRUE(fresh) << "partition " << p << " assigned while another member holds it";
      }
    };
    m->listener.during_revoke = [this, raw](const std::vector<int>& partitions) {
      std::map<int, int64_t> offsets;
      for (int p : partitions) {
        EXPECT_EQ(owners_[p], raw) << "partition " << p << " revoked but not owned";
        owners_.erase(p);
        if (raw->next.count(p) != 0) offsets[p] = raw->next[p];
      }
      Status s = raw->consumer->commit(offsets);
      EXPECT_TRUE(s.ok()) << "commit in on_revoked: " << s.to_string();
    };
    m->consumer = open_consumer(*log_, group, &m->listener);
    return m;
  }

  static void poll_member(Member& m) {
    Entries got;
    poll_into(*m.consumer, &got, 50);
    for (auto& [p, entries] : got) {
      m.next[p] = entries.back().offset + 1;
      for (auto& e : entries)
        m.got[p].push_back(std::move(e));
    }
  }

  void split_and_hand_over(const std::string& assignor) {
    config_ = kafka_config(unique_name("sluice-split"), 4);
    config_.kafka_options["partition.assignment.strategy"] = assignor;
    log_ = open_log(config_);
    ASSERT_NE(log_, nullptr);
    writer_ = open_writer(*log_);
    ASSERT_NE(writer_, nullptr);
    ASSERT_NO_FATAL_FAILURE(publish(testing::records("k", 80), "c"));
    const std::string group = unique_name("group");

    auto a = member(group);
    ASSERT_NE(a->consumer, nullptr);
    poll_member(*a);
    ASSERT_EQ(sorted(a->consumer->assignment()), (std::vector<int>{0, 1, 2, 3}));
    auto b = member(group);
    ASSERT_NE(b->consumer, nullptr);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while ((a->consumer->assignment().size() != 2 || b->consumer->assignment().size() != 2) &&
           std::chrono::steady_clock::now() < deadline) {
      poll_member(*a);
      poll_member(*b);
    }
    const std::vector<int> kept = sorted(a->consumer->assignment());
    const std::vector<int> moved = sorted(b->consumer->assignment());
    ASSERT_EQ(kept.size(), 2U);
    ASSERT_EQ(moved.size(), 2U);
    ASSERT_TRUE(a->listener.revoked_before(moved, b->listener));

    // a closes (the pause lets the end of the last rebalance reach a's queue unpolled, as when
    // a worker is stopped right after one): on_revoked for what it had, then b takes it all.
    std::this_thread::sleep_for(std::chrono::seconds(1));
    ASSERT_TRUE(a->consumer->close().ok());
    EXPECT_TRUE(a->consumer->assignment().empty());
    EXPECT_EQ(a->listener.events().back().kind, '-');
    while (b->consumer->assignment().size() != 4 && std::chrono::steady_clock::now() < deadline)
      poll_member(*b);
    ASSERT_EQ(sorted(b->consumer->assignment()), (std::vector<int>{0, 1, 2, 3}));
    EXPECT_TRUE(a->listener.revoked_before(kept, b->listener));
    while (count(a->got) + count(b->got) < 80 && std::chrono::steady_clock::now() < deadline)
      poll_member(*b);
    poll_member(*b);
    std::multiset<std::string> keys;
    for (const Member* m : {a.get(), b.get()}) {
      for (const auto& [p, entries] : m->got) {
        for (const auto& e : entries)
          keys.insert(e.key);
      }
    }
    EXPECT_EQ(keys.size(), 80U);
    EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), 80U) << "a record read twice";
  }

  std::atomic<int> seq_{0};
  std::map<int, const Member*> owners_;  // partition -> the member the listeners say owns it
};

TEST_F(KafkaLogGroup, TwoMembersSplitAndACloseHandsOverWithTheDefaultAssignor) {
  split_and_hand_over("roundrobin");
}

TEST_F(KafkaLogGroup, TwoMembersSplitAndACloseHandsOverWithCooperativeSticky) {
  split_and_hand_over("cooperative-sticky");
}

// As the processor does it: on_revoked (polling thread) waits while another thread commits.
TEST_F(KafkaLogConsumer, ACommitFromAnotherThreadDuringOnRevokedGoesThrough) {
  ASSERT_NO_FATAL_FAILURE(open("sluice-thread", 2));
  ASSERT_NO_FATAL_FAILURE(publish(testing::records("k", 20), "c"));
  std::atomic<int> seq{0};
  RecordingListener listener(&seq);
  std::unique_ptr<LogConsumer> consumer;
  Entries got;
  std::vector<Status> commits;
  listener.during_revoke = [&](const std::vector<int>& partitions) {
    std::map<int, int64_t> offsets;
    for (int p : partitions)
      offsets[p] = got[p].back().offset + 1;
    std::thread writer_thread([&] { commits.push_back(consumer->commit(offsets)); });
    writer_thread.join();
  };
  consumer = open_consumer(*log_, unique_name("group"), &listener);
  ASSERT_NE(consumer, nullptr);
  ASSERT_TRUE(poll_until(*consumer, &got, [&] { return count(got) >= 20; }));
  ASSERT_TRUE(consumer->close().ok());
  ASSERT_EQ(commits.size(), 1U);
  EXPECT_TRUE(commits[0].ok()) << commits[0].to_string();
}

TEST_F(KafkaLogConsumer, SeekOffsetForTimeAndLag) {
  ASSERT_NO_FATAL_FAILURE(open("sluice-seek", 1));
  ASSERT_NO_FATAL_FAILURE(publish(testing::records("k", 10, 1000), "c"));
  std::atomic<int> seq{0};
  RecordingListener listener(&seq);
  auto consumer = open_consumer(*log_, unique_name("group"), &listener);
  ASSERT_NE(consumer, nullptr);
  EXPECT_FALSE(consumer->seek(0, 0).ok()) << "seek before the partition was assigned";
  Entries got;
  poll_into(*consumer, &got, 0, 4);  // the first poll waits for the group and the first fetch
  ASSERT_EQ(count(got), 4U);
  // Past the position: 6 records and the transaction's commit marker, which holds an offset.
  EXPECT_EQ(consumer->lag()[0], 6 + 1);
  ASSERT_TRUE(poll_until(*consumer, &got, [&] { return count(got) >= 10; }));
  poll_into(*consumer, &got, 300);
  EXPECT_EQ(consumer->lag()[0], 0);
  const std::vector<LogEntry>& all = got[0];

  // offset_for_time: the first entry at or after the time; the end when none is that late.
  EXPECT_EQ(*consumer->offset_for_time(0, all[3].timestamp_ms), all[3].offset);
  EXPECT_EQ(*consumer->offset_for_time(0, all[3].timestamp_ms + 1), all[4].offset);
  EXPECT_EQ(*consumer->offset_for_time(0, 0), all[0].offset);
  EXPECT_GT(*consumer->offset_for_time(0, all.back().timestamp_ms + 1), all.back().offset);
  EXPECT_FALSE(consumer->offset_for_time(1, 0).ok());

  ASSERT_TRUE(consumer->seek(0, all[7].offset).ok());
  Entries again;
  poll_into(*consumer, &again, 0);
  ASSERT_EQ(again[0].size(), 3U);
  EXPECT_EQ(again[0][0].offset, all[7].offset);
  ASSERT_TRUE(consumer->seek(0, -500).ok());  // clamped to the start
  again.clear();
  ASSERT_TRUE(poll_until(*consumer, &again, [&] { return count(again) >= 10; }));
  EXPECT_EQ(again[0][0].offset, all[0].offset);
  ASSERT_TRUE(consumer->seek(0, 1000000).ok());  // clamped to the end
  again.clear();
  poll_into(*consumer, &again, 200);
  EXPECT_TRUE(again.empty());
  ASSERT_TRUE(writer_->publish(testing::records("more", 1, 9000), "c2").ok());
  ASSERT_TRUE(poll_until(*consumer, &again, [&] { return count(again) >= 1; }));
  EXPECT_EQ(again[0][0].key, "more-0") << "a seek past the end lost the next record";
}

// A seek() made inside on_assigned decides where the new partition starts (the processor's
// replay start offsets), and commit() works there too.
TEST_F(KafkaLogConsumer, ASeekInOnAssignedSetsTheStart) {
  ASSERT_NO_FATAL_FAILURE(open("sluice-start", 1));
  ASSERT_NO_FATAL_FAILURE(publish(testing::records("k", 10), "c"));
  std::atomic<int> seq{0};
  RecordingListener listener(&seq);
  std::unique_ptr<LogConsumer> consumer;
  std::vector<Status> in_assign;
  listener.during_assign = [&](const std::vector<int>&) {
    in_assign.push_back(consumer->seek(0, 6));
    in_assign.push_back(consumer->commit({{0, 6}}));
  };
  const std::string group = unique_name("group");
  consumer = open_consumer(*log_, group, &listener);
  ASSERT_NE(consumer, nullptr);
  Entries got;
  ASSERT_TRUE(poll_until(*consumer, &got, [&] { return count(got) >= 4; }));
  ASSERT_EQ(in_assign.size(), 2U);
  EXPECT_TRUE(in_assign[0].ok()) << in_assign[0].to_string();
  EXPECT_TRUE(in_assign[1].ok()) << in_assign[1].to_string();
  EXPECT_EQ(got[0].front().offset, 6);
  EXPECT_EQ(got[0].front().key, "k-6");
  EXPECT_EQ(consumer->committed({0})->at(0), 6);
}

}  // namespace
}  // namespace sluice

namespace {

// --child-publish TOPIC PIPELINE CURSOR N: publishes N records "crash-<i>" with CURSOR (under
// whatever SLUICE_FAULT the parent set) and exits 0 if the publish returned ok.
int child_publish(char** argv) {
  sluice::LogConfig config = sluice::testing::kafka_config(argv[2], 3);
  config.pipeline = argv[3];
  auto log = sluice::kafka::KafkaLog::open(config);
  if (!log.ok()) return 3;
  auto writer = (*log)->open_writer();
  if (!writer.ok()) return 4;
  sluice::Status s =
      (*writer)->publish(sluice::testing::records("crash", std::stoi(argv[5])), argv[4]);
  return s.ok() ? 0 : 5;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 6 && std::string(argv[1]) == "--child-publish") return child_publish(argv);
  if (std::getenv("SLUICE_TEST_KAFKA_DEBUG") != nullptr) spdlog::set_level(spdlog::level::debug);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
