#include "log/kafka/kafka_conf.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "core/log_secrets.h"
#include "log/kafka/kafka_refusal.h"

namespace sluice::kafka {
namespace {

constexpr std::string_view kUserKey = "log.kafka.properties";

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// librdkafka spells some values several ways: true/1, all/-1.
std::string canonical(std::string_view name, std::string_view value) {
  std::string v = lower(value);
  if (v == "1" && name != "acks") return "true";
  if (v == "0" && name != "acks") return "false";
  if (name == "acks" && v == "-1") return "all";
  return v;
}

Properties defaults(const LogConfig& config, ClientRole role) {
  Properties p = {
      {"bootstrap.servers", config.brokers},
      {"client.id", "sluice"},
      // Topics are made by sluice itself (KafkaLog::open), with the configured partitions.
      {"allow.auto.create.topics", "false"},
  };
  switch (role) {
    case ClientRole::kAdmin:
      break;
    case ClientRole::kProducer:
      p["compression.type"] = "lz4";
      p["linger.ms"] = "5";
      // A crashed ingest's open transaction blocks read_committed readers until the next
      // ingest fences it or this runs out.
      p["transaction.timeout.ms"] = "60000";
      break;
    case ClientRole::kConsumer:
      // Eager: a rebalance revokes everything before this member rejoins, so no commit is in
      // flight while its JoinGroup is. With cooperative-sticky (overridable) a member keeps
      // partitions across its own rejoin, and with librdkafka 2.0.2 against Kafka 3.9 a commit
      // sent then comes back ILLEGAL_GENERATION, which librdkafka answers by declaring the
      // assignment lost (docs/cluster.md, "What happens on a rebalance").
      p["partition.assignment.strategy"] = "roundrobin";
      p["auto.offset.reset"] = "earliest";
      // Bounded prefetch: at most this much fetched and not yet polled, per partition, so a
      // lag of millions of records costs no memory. Bounded in bytes only: a count bound
      // (queued.min.messages, 100000 by default) below what one fetch brings stops the fetcher
      // after every fetch, and librdkafka 2.0.2 looks again only when its broker thread wakes
      // (KafkaConsumer wakes it, but each stop still costs a round trip): with 2000 it read
      // ~5,000 records/s (docs/benchmarks.md, "Kafka to process").
      p["queued.max.messages.kbytes"] = "4096";
      p["fetch.max.bytes"] = "4194304";
      p["max.partition.fetch.bytes"] = "1048576";
      // A crashed worker's partitions move to the others after this long.
      p["session.timeout.ms"] = "10000";
      break;
    case ClientRole::kCursorReader:
      p["auto.offset.reset"] = "earliest";
      p["queued.max.messages.kbytes"] = "1024";
      break;
    case ClientRole::kDeadLetterProducer:
      p["compression.type"] = "lz4";
      p["linger.ms"] = "5";
      // No give-up: a dead letter waits out a Kafka outage, as the pipeline does, and its
      // group stays unacknowledged meanwhile (KafkaDeadLetters::unreachable() says so).
      p["message.timeout.ms"] = "0";
      break;
  }
  return p;
}

Properties required(ClientRole role) {
  switch (role) {
    case ClientRole::kProducer:
    case ClientRole::kDeadLetterProducer:
      // Transactions imply both; stated so that a contradicting property is reported. A dead
      // letter counts as sent once every in-sync replica has it, and retries never reorder
      // or duplicate it.
      return {{"enable.idempotence", "true"}, {"acks", "all"}};
    case ClientRole::kConsumer:
      return {{"isolation.level", "read_committed"},
              {"enable.auto.commit", "false"},
              {"enable.auto.offset.store", "false"},
              {"enable.partition.eof", "true"}};
    case ClientRole::kCursorReader:
      return {{"isolation.level", "read_committed"},
              {"enable.auto.commit", "false"},
              {"enable.partition.eof", "true"}};
    case ClientRole::kAdmin:
      break;
  }
  return {};
}

void log_cb(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
  note_refusal(rk, fac, buf);
  // syslog levels: 0-3 errors, 4 warning, 5 notice, 6 info, 7 debug.
  const auto spd = level <= 3   ? spdlog::level::err
                   : level == 4 ? spdlog::level::warn
                   : level == 5 ? spdlog::level::info
                                : spdlog::level::debug;
  spdlog::log(spd, "kafka: {}: {}", fac, buf);
}

}  // namespace

Result<Properties> client_properties(const LogConfig& config, ClientRole role,
                                     const Properties& fixed, const EnvLookup& env) {
  Properties out = defaults(config, role);
  // What the user set, from any of the three places, under the key that names it: a property
  // sluice needs is checked against all of them, not only against log.kafka.properties.
  std::map<std::string, std::string> where_given;
  for (const auto& [name, value] : config.kafka_options) {
    out[name] = value;
    where_given[name] = fmt::format("{}.{}", kUserKey, name);
  }
  for (const auto& [name, path] : config.kafka_property_files) {
    where_given[name] = fmt::format("{}_from_files.{}", kUserKey, name);
    SLUICE_ASSIGN_OR_RETURN(out[name], read_secret_file(where_given[name], path));
  }
  for (const auto& [name, var] : config.kafka_property_env) {
    where_given[name] = fmt::format("{}_from_env.{}", kUserKey, name);
    SLUICE_ASSIGN_OR_RETURN(out[name], read_secret_env(where_given[name], var, env));
  }
  Properties last = required(role);
  for (const auto& [name, value] : fixed)
    last[name] = value;
  for (const auto& [name, value] : last) {
    auto given = where_given.find(name);
    if (given != where_given.end() && canonical(name, out[name]) != canonical(name, value)) {
      return Status::invalid_argument(fmt::format(
          "{}: sluice needs '{}' here ({}); remove the property", given->second, value,
          role == ClientRole::kProducer             ? "its transactions rest on it"
          : role == ClientRole::kDeadLetterProducer ? "its dead-letter delivery rests on it"
                                                    : "its offset guarantees rest on it"));
    }
    out[name] = value;
  }
  return out;
}

Result<ConfPtr> make_conf(const Properties& properties) {
  ConfPtr conf(rd_kafka_conf_new());
  char errstr[512];
  for (const auto& [name, value] : properties) {
    if (is_secret_property(name)) register_log_secret(value);
    if (rd_kafka_conf_set(conf.get(), name.c_str(), value.c_str(), errstr, sizeof(errstr)) ==
        RD_KAFKA_CONF_OK) {
      continue;
    }
    // librdkafka quotes the value for some rejections: not for a secret.
    const std::string why = is_secret_property(name)
                                ? std::string("rejected by librdkafka (the value is not shown)")
                                : std::string(errstr);
    return Status::invalid_argument(fmt::format("{}.{}: {}", kUserKey, name, why));
  }
  rd_kafka_conf_set_log_cb(conf.get(), log_cb);
  return conf;
}

Result<KafkaPtr> new_client(ConfPtr conf, rd_kafka_type_t type) {
  char errstr[512];
  // rd_kafka_new() owns the configuration only when it succeeds.
  rd_kafka_t* rk = rd_kafka_new(type, conf.get(), errstr, sizeof(errstr));
  if (rk == nullptr) {
    return Status::invalid_argument(fmt::format("creating a Kafka client: {}", errstr));
  }
  (void)conf.release();
  return KafkaPtr(rk);
}

}  // namespace sluice::kafka
