// PipelineConfig: everything a pipeline YAML file declares (docs/configuration.md documents
// every key). Loaded and validated once at start-up by load_config(); after that it is plain
// data, safe to share read-only between threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/schema.h"

namespace sluice {

// One problem found while loading a config file: "local.yaml:12: rules[2].pattern: ...".
struct ConfigError {
  std::string file;
  int line = 0;     // 1-based; 0 when the problem has no single line (e.g. a missing file)
  std::string key;  // dotted path, e.g. "rules[2].pattern"
  std::string message;
  std::string to_string() const;
};

// Thrown by load_config with every problem found (not only the first).
class ConfigException : public std::runtime_error {
 public:
  explicit ConfigException(std::vector<ConfigError> errors);
  const std::vector<ConfigError>& errors() const { return errors_; }

 private:
  std::vector<ConfigError> errors_;
};

// The implementations of each interface, and the other choices config spells as words. Each is
// parsed once, by load_config(), from the table of its kinds (core/config_source.cpp,
// config_log.cpp, config_sink.cpp, config_rules.cpp); code past loading switches on the enum.
enum class SourceKind { kHttp, kFile };
enum class LogKind { kEmbedded, kKafka };
enum class SinkKind { kSqlite, kCassandra, kPostgres, kNull };
enum class FsyncPolicy { kBatch, kInterval, kNever };
enum class RuleKind { kRequired, kType, kRegex, kOneOf, kLength, kUnique, kRange, kTimestamp };

// The word config uses for each ("http", "embedded", "interval", "one_of").
std::string_view kind_name(SourceKind kind);
std::string_view kind_name(LogKind kind);
std::string_view kind_name(SinkKind kind);
std::string_view kind_name(RuleKind kind);
std::string_view fsync_policy_name(FsyncPolicy policy);
// Whether this binary builds the implementation. load_config() refuses a kind that is not
// built; the factories (make_log, make_sink) refuse the same kinds with kNotImplemented.
bool kind_built(LogKind kind);
bool kind_built(SinkKind kind);

struct RetryConfig {
  int max_attempts = 6;  // attempts per request, the first included
  int initial_backoff_ms = 200;
  int max_backoff_ms = 10000;
  double jitter = 0.2;  // +-20% of each backoff, so many clients don't retry in step
};

struct HttpSourceConfig {
  std::string url;             // e.g. http://127.0.0.1:8081/api/
  int results_per_page = 500;  // randomuser.me allows 1..5000
  int pages_per_run = 10;
  std::optional<std::string> seed;  // fixed seed => pageable, the cursor is the next page
  int connect_timeout_ms = 3000;
  int read_timeout_ms = 15000;
  RetryConfig retry;
  std::string records_path = "results";  // dotted path of the array of records in a response
};

struct FileSourceConfig {
  std::string path;  // NDJSON file; "-" for stdin
  int batch_records = 1000;
};

struct SourceConfig {
  SourceKind kind = SourceKind::kHttp;
  HttpSourceConfig http;
  FileSourceConfig file;
  int interval_ms = 5000;  // how often `sluice run` starts an ingest run
};

// `protect:` of a field: how its value is stored (docs/privacy.md). Rules judge the value as
// received; only what is stored in created_users is masked or hashed.
enum class ProtectKind { kNone, kMask, kHash };
struct FieldProtectConfig {
  ProtectKind kind = ProtectKind::kNone;
  int keep_first = 0;  // mask: characters (code points) kept at the start
  int keep_last = 0;   // mask: characters kept at the end
  int line = 0;
};

// How one schema field is filled from a source record. Exactly one of `from` and `template_text`.
struct FieldConfig {
  std::string name;
  FieldType type = FieldType::kText;
  std::string from;           // dotted JSON path, e.g. "location.postcode"
  std::string template_text;  // "{location.street.number} {location.street.name}, ..."
  // JSON kinds of the source value that `data_types` accepts; default from the type
  // (text: string; int: integer; float: integer, float; bool: bool; timestamp: string).
  std::vector<JsonKind> source_types;
  FieldProtectConfig protect;
  int line = 0;
};

struct RuleConfig {
  std::string id;  // used in reasons and metrics
  RuleKind kind = RuleKind::kRequired;
  std::vector<std::string> fields;  // `field: x` is read as fields: [x]
  std::string pattern;              // regex
  std::vector<std::string> values;  // one_of
  std::optional<int64_t> min;       // length (code points) | range
  std::optional<int64_t> max;
  std::optional<double> min_value;  // range on float fields
  std::optional<double> max_value;
  std::string format;  // timestamp: strftime-like format, default ISO-8601 with millis and Z
  int line = 0;        // of the rule's mapping, for errors found after loading (RuleSet::compile)
};

struct FsyncConfig {
  FsyncPolicy policy = FsyncPolicy::kInterval;
  int interval_ms = 50;
};

struct LogConfig {
  LogKind kind = LogKind::kEmbedded;
  std::string dir;  // embedded: default ${data_dir}/log
  int partitions = 4;
  FsyncConfig fsync;
  int64_t segment_bytes = 64LL << 20;
  int64_t retention_bytes = -1;  // per partition; -1 = unlimited
  int64_t retention_ms = 7LL * 24 * 3600 * 1000;
  // kafka (docs/cluster.md)
  std::string brokers;
  std::string topic = "user_profile_stream";
  // When set, every quarantined record is also produced to this topic with its reasons
  // (sink/dead_letter/kafka_dead_letters.h); "" (the default) sends none.
  std::string dead_letter_topic;
  int replication_factor = 1;  // of the topic and its cursor topic, when sluice creates them
  // librdkafka properties from `kafka.properties` (or the older `kafka_options`), passed through
  // as they are. Never a secret (sasl.password, ...): those are refused there, and named here
  // by where they are, read when a client is made (log/kafka/kafka_conf.h): property -> the
  // file whose first line holds the value, property -> the environment variable holding it.
  std::map<std::string, std::string> kafka_options;
  std::map<std::string, std::string> kafka_property_files;
  std::map<std::string, std::string> kafka_property_env;
  // The pipeline's name (set by load_config): kafka keys the cursor and names the ingest's
  // transactional.id with it.
  std::string pipeline;
};

// cassandra: how the keyspace is replicated when sluice creates it (docs/cluster.md).
enum class ReplicationStrategy { kSimple, kNetworkTopology };
struct ReplicationConfig {
  ReplicationStrategy strategy = ReplicationStrategy::kSimple;
  int replication_factor = 1;              // SimpleStrategy
  std::map<std::string, int> datacenters;  // NetworkTopologyStrategy: data center -> replicas
};

// cassandra: `sink.tls`, TLS to the nodes (docs/cluster.md, "TLS"). Off unless enabled; the
// files are PEM, checked readable at load and read again by each new connection.
struct SinkTlsConfig {
  bool enabled = false;
  std::string ca_file;    // the CAs the nodes' certificates must lead to; "": the system's store
  std::string cert_file;  // a client certificate, for nodes that ask for one; with key_file
  std::string key_file;
  bool verify_hostname = true;  // the certificate must name the host as `hosts` writes it
};

struct SinkConfig {
  SinkKind kind = SinkKind::kSqlite;
  std::string path;   // sqlite: default ${data_dir}/sluice.db
  std::string hosts;  // cassandra, postgres: "host[:port][,...]"
  // cassandra (docs/cluster.md, "Cassandra sink")
  std::string keyspace = "sluice";
  ReplicationConfig replication;
  std::string consistency = "LOCAL_QUORUM";  // upper case, a level that can read and write
  int write_concurrency = 64;                // writes in flight at once, over all groups
  int max_in_flight_groups = 4;
  int request_timeout_ms = 12000;
  std::string username;  // empty: no credentials
  // Where the password comes from, never the password itself: a file holding it (its first
  // line) or the name of an environment variable. Read when the sink opens.
  std::string password_file;
  std::string password_env;
  SinkTlsConfig tls;
};

struct ProcessConfig {
  std::string group = "sluice-process";
  int batch_records = 2000;  // max records per processed batch
  int queue_batches = 4;     // bounded queue depth between stages
  // `sluice run` pauses ingest while this many committed records wait to be processed, so a
  // slow sink slows ingest instead of growing the log without bound.
  int64_t max_lag_records = 200000;
  // Offsets of stored groups are committed at most this often (and at once when the
  // processor goes quiet, stops or loses a partition); a crash replays at most this much.
  int commit_interval_ms = 200;
};

// Top-level `protect:` (core/config_protect.cpp): where the key of `protect: hash` comes from.
// The environment variable wins when it is set; else the file, created with a random key when
// create_key is on and it is missing (embedded mode: every run on one data dir agrees).
struct ProtectConfig {
  std::string key_env;   // the variable holding the key itself
  std::string key_file;  // the file holding it on its first line; empty: <data_dir>/protect.key
  bool create_key = false;
  int line = 0;
};

struct ServeConfig {
  std::string listen = "127.0.0.1:8080";
  // The /api/ bearer token's file when SLUICE_API_TOKEN is unset (serve/api_token.h); default
  // ${data_dir}/api_token.
  std::string api_token_file;
  // Per client address on /api/ (serve/rate_limiter.h): requests per second on average, and
  // at once. 0 per second turns the limit off.
  double rate_limit_per_s = 100;
  int rate_limit_burst = 200;
};

// `scheduler:` (docs/configuration.md): where the run history lives (core/config_scheduler.cpp).
enum class RunStoreKind { kSqlite, kPostgres };
struct PostgresStoreConfig {
  // The libpq connection string is read, when the store opens, from this environment variable
  // or from the first line of this file (it may hold a password); or it is made of the keys
  // below, the password coming from password_file or password_env, never from the config.
  std::string dsn_env;
  std::string dsn_file;
  std::string host;
  int port = 5432;
  std::string database;
  std::string user;
  std::string password_file;
  std::string password_env;
  std::string schema = "public";  // where the tables live; created if missing
  int connect_timeout_ms = 10000;
};
struct SchedulerConfig {
  RunStoreKind store = RunStoreKind::kSqlite;
  std::string sqlite_path;  // "" = ${data_dir}/scheduler.db (make_run_store)
  PostgresStoreConfig postgres;
  int64_t lease_ms = 30000;  // a claimed task's lease; its owner renews it more often
};

struct PipelineConfig {
  std::string file;  // where it was loaded from
  std::string name;
  std::string data_dir = "./data";
  SourceConfig source;
  std::string key;
  std::vector<FieldConfig> fields;
  std::vector<RuleConfig> rules;
  LogConfig log;
  SinkConfig sink;
  ProcessConfig process;
  ServeConfig serve;
  SchedulerConfig scheduler;
  ProtectConfig protect;

  Schema schema() const;
  // True when some field is stored as a keyed hash (the pipeline then needs a key).
  bool hashes_fields() const;
};

// Loads, interpolates ${VAR} / ${VAR:-default} in scalar values, and validates. Throws
// ConfigException listing every problem with file, line and key. The top-level `workflows` and
// `workflow_files` are accepted unread: sluice_schedule reads them (core/config_modules.h).
PipelineConfig load_config(const std::string& path);
// Same, from text already in memory; `name` is used as the file name in errors.
PipelineConfig load_config_from_string(const std::string& yaml, const std::string& name);

}  // namespace sluice
