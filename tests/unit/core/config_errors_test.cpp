// Every kind of config problem is reported with the file, the line and the dotted key.
#include <gtest/gtest.h>

#include <string>

#include "config_test_util.h"
#include "core/config.h"

namespace sluice {
namespace {

using testing::config_errors;
using testing::kMinimalConfig;
using testing::single_error;

// kMinimalConfig with `more` appended (its lines start at 14).
std::string with(const std::string& more) {
  return std::string(kMinimalConfig) + more;
}

// kMinimalConfig with the first occurrence of `from` replaced by `to`.
std::string replaced(const std::string& from, const std::string& to) {
  std::string s = kMinimalConfig;
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

TEST(ConfigErrors, MinimalConfigLoads) {
  EXPECT_TRUE(config_errors(kMinimalConfig).empty());
}

TEST(ConfigErrors, UnknownTopLevelKey) {
  ConfigError e = single_error(with("sinks: {}\n"));
  EXPECT_EQ(e.file, "test.yaml");
  EXPECT_EQ(e.line, 14);
  EXPECT_EQ(e.key, "sinks");
  EXPECT_NE(e.message.find("unknown key"), std::string::npos);
}

TEST(ConfigErrors, UnknownNestedKey) {
  ConfigError e = single_error(replaced("    url:", "    ur1: x\n    url:"));
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.key, "source.http.ur1");
}

TEST(ConfigErrors, DuplicateKey) {
  ConfigError e = single_error(with("pipeline: again\n"));
  EXPECT_EQ(e.line, 14);
  EXPECT_EQ(e.key, "pipeline");
  EXPECT_NE(e.message.find("more than once"), std::string::npos);
}

TEST(ConfigErrors, WrongTypeForInteger) {
  ConfigError e = single_error(with("process:\n  batch_records: lots\n"));
  EXPECT_EQ(e.line, 15);
  EXPECT_EQ(e.key, "process.batch_records");
  EXPECT_NE(e.message.find("expected an integer"), std::string::npos);
}

TEST(ConfigErrors, WrongTypeMappingWhereStringExpected) {
  ConfigError e = single_error(replaced("pipeline: demo", "pipeline: {a: b}"));
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.key, "pipeline");
  EXPECT_NE(e.message.find("got a mapping"), std::string::npos);
}

TEST(ConfigErrors, MissingRequiredKeys) {
  std::vector<ConfigError> errors = config_errors("data_dir: /tmp\n");
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].key, "pipeline");
  EXPECT_EQ(errors[1].key, "source");
  EXPECT_EQ(errors[2].key, "schema");
  for (const auto& e : errors)
    EXPECT_EQ(e.message, "required key is missing");
}

TEST(ConfigErrors, MissingUrlForHttpSource) {
  ConfigError e = single_error(replaced("    url: http://127.0.0.1:8081/api/\n", "    seed: x\n"));
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.key, "source.http.url");
}

TEST(ConfigErrors, ResultsPerPageOutOfRange) {
  for (const char* bad : {"0", "5001", "-3"}) {
    ConfigError e = single_error(
        replaced("    url:", std::string("    results_per_page: ") + bad + "\n    url:"));
    EXPECT_EQ(e.line, 5) << bad;
    EXPECT_EQ(e.key, "source.http.results_per_page") << bad;
    EXPECT_NE(e.message.find("between 1 and 5000"), std::string::npos) << e.message;
  }
  for (const char* good : {"1", "5000"}) {
    EXPECT_TRUE(config_errors(replaced("    url:",
                                       std::string("    results_per_page: ") + good + "\n    url:"))
                    .empty())
        << good;
  }
}

TEST(ConfigErrors, PartitionsMustBePositive) {
  ConfigError e = single_error(with("log:\n  partitions: 0\n"));
  EXPECT_EQ(e.line, 15);
  EXPECT_EQ(e.key, "log.partitions");
}

TEST(ConfigErrors, BadEnumValues) {
  std::vector<ConfigError> errors =
      config_errors(with("log:\n  fsync: {policy: sometimes}\nsink:\n  kind: mysql\n"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].key, "log.fsync.policy");
  EXPECT_EQ(errors[0].line, 15);
  EXPECT_NE(errors[0].message.find("batch, interval, never"), std::string::npos);
  EXPECT_EQ(errors[1].key, "sink.kind");
  EXPECT_EQ(errors[1].line, 17);
}

TEST(ConfigErrors, BadSourceKind) {
  ConfigError e = single_error(replaced("kind: http", "kind: ftp"));
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.key, "source.kind");
}

TEST(ConfigErrors, BadFieldTypeAndSourceType) {
  std::vector<ConfigError> errors =
      config_errors(replaced("{name: email, from: email}",
                             "{name: email, type: string, from: email, source_types: [str]}"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].key, "schema.fields[1].type");
  EXPECT_EQ(errors[0].line, 10);
  EXPECT_EQ(errors[1].key, "schema.fields[1].source_types[0]");
  EXPECT_EQ(errors[1].line, 10);
}

TEST(ConfigErrors, BadRegexIsCompiled) {
  ConfigError e =
      single_error(with("  - id: fmt\n    kind: regex\n    field: email\n"
                        "    pattern: '^[a-z+$'\n"));
  EXPECT_EQ(e.line, 17);
  EXPECT_EQ(e.key, "rules[1].pattern");
  EXPECT_NE(e.message.find("bad regex"), std::string::npos);
}

TEST(ConfigErrors, UnknownRuleKind) {
  ConfigError e = single_error(with("  - {id: x, kind: lenght, field: email, min: 1}\n"));
  EXPECT_EQ(e.line, 14);
  EXPECT_EQ(e.key, "rules[1].kind");
  EXPECT_NE(e.message.find("unknown rule kind \"lenght\""), std::string::npos);
}

TEST(ConfigErrors, RuleNamesUnknownField) {
  ConfigError e = single_error(with("  - {id: x, kind: required, fields: [username, emial]}\n"));
  EXPECT_EQ(e.line, 14);
  EXPECT_EQ(e.key, "rules[1].fields");
  EXPECT_NE(e.message.find("unknown field \"emial\""), std::string::npos);
}

TEST(ConfigErrors, RuleKeyNotUsedByItsKind) {
  ConfigError e =
      single_error(with("  - {id: x, kind: one_of, field: email, values: [a],\n"
                        "     pattern: 'a'}\n"));
  EXPECT_EQ(e.line, 15);
  EXPECT_EQ(e.key, "rules[1].pattern");
}

TEST(ConfigErrors, RuleKindSpecificRequirements) {
  std::vector<ConfigError> errors =
      config_errors(with("  - {id: a, kind: regex, field: email}\n"               // 14: no pattern
                         "  - {id: b, kind: one_of, field: email, values: []}\n"  // 15
                         "  - {id: c, kind: length, field: email}\n"              // 16
                         "  - {id: d, kind: length, field: email, min: 5, max: 2}\n"  // 17
                         "  - {id: e, kind: unique}\n"));                             // 18
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_EQ(errors[0].line, 14);
  EXPECT_EQ(errors[0].key, "rules[1].pattern");
  EXPECT_EQ(errors[1].line, 15);
  EXPECT_EQ(errors[1].key, "rules[2].values");
  EXPECT_EQ(errors[2].line, 16);
  EXPECT_EQ(errors[3].line, 17);
  EXPECT_EQ(errors[3].key, "rules[4].max");
  EXPECT_EQ(errors[4].line, 18);
  EXPECT_EQ(errors[4].key, "rules[5].fields");
}

TEST(ConfigErrors, RuleFieldTypeMismatch) {
  ConfigError e = single_error(with("  - {id: x, kind: regex, field: age, pattern: '\\d+'}\n"));
  EXPECT_EQ(e.line, 14);
  EXPECT_EQ(e.key, "rules[1].fields");
  EXPECT_NE(e.message.find("judge text fields"), std::string::npos);
}

// The processor judges uniqueness against stored rows, indexed by key only: a unique rule on
// any other field could not be judged there, so loading refuses it (for every field it names).
TEST(ConfigErrors, UniqueOnlyOnKeyField) {
  ConfigError e = single_error(with("  - {id: u, kind: unique, field: email}\n"));
  EXPECT_EQ(e.line, 14);
  EXPECT_EQ(e.key, "rules[1].fields");
  EXPECT_NE(e.message.find("unique rules apply to the key field (\"username\"), not \"email\""),
            std::string::npos)
      << e.message;

  ConfigError both = single_error(with("  - {id: u, kind: unique, fields: [username, age]}\n"));
  EXPECT_EQ(both.line, 14);
  EXPECT_NE(both.message.find("not \"age\""), std::string::npos) << both.message;

  EXPECT_TRUE(config_errors(with("  - {id: u, kind: unique, field: username}\n")).empty());
}

// Kinds a later issue builds are known words, refused with where they are and why.
TEST(ConfigErrors, KindsNotBuiltAreRefused) {
  std::vector<ConfigError> errors =
      config_errors(with("log:\n  kind: kafka\n  brokers: 127.0.0.1:9092\n  topic: t\n"
                         "  kafka_options: {linger.ms: 5}\n"
                         "sink: {kind: cassandra, hosts: 127.0.0.1, keyspace: spark_streaming}\n"));
  // The Kafka log and the Cassandra sink are built; PostgreSQL is not yet.
  EXPECT_TRUE(errors.empty()) << errors[0].to_string();

  ConfigError pg = single_error(with("sink:\n  kind: postgres\n  hosts: db:5432\n"));
  EXPECT_EQ(pg.line, 15);
  EXPECT_EQ(pg.key, "sink.kind");
  EXPECT_NE(pg.message.find("not built yet"), std::string::npos);
}

// An empty `kind:` is YAML's null too, yet no choice at all: never the null sink.
TEST(ConfigErrors, AnEmptySinkKindIsNotTheNullSink) {
  ConfigError e = single_error(with("sink:\n  kind:\n  path: /x.db\n"));
  EXPECT_EQ(e.key, "sink.kind");
  EXPECT_NE(e.message.find("expected a string, got null"), std::string::npos) << e.message;
}

// Each kind still checks its own keys, chosen or not, and what it needs when chosen.
TEST(ConfigErrors, EachKindChecksItsOwnKeys) {
  std::vector<ConfigError> errors =
      config_errors(with("log:\n  kind: kafka\n  segment_bytes: 12\n"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].key, "log.brokers");  // what kafka needs, at the section's line
  EXPECT_EQ(errors[0].line, 15);
  EXPECT_EQ(errors[0].message, "required key is missing");
  EXPECT_EQ(errors[1].key, "log.segment_bytes");  // an embedded key, still range-checked
  EXPECT_EQ(errors[1].line, 16);

  ConfigError e = single_error(with("sink:\n  path: /x.db\n  hosts: {a: b}\n"));
  EXPECT_EQ(e.line, 16);
  EXPECT_EQ(e.key, "sink.hosts");
}

TEST(ConfigErrors, KeyFieldNotInSchema) {
  ConfigError e = single_error(replaced("key: username", "key: user_name"));
  EXPECT_EQ(e.line, 7);
  EXPECT_EQ(e.key, "schema.key");
}

TEST(ConfigErrors, FieldWithBothFromAndTemplate) {
  ConfigError e = single_error(
      replaced("{name: email, from: email}", "{name: email, from: email, template: '{email}'}"));
  EXPECT_EQ(e.line, 10);
  EXPECT_EQ(e.key, "schema.fields[1]");
  EXPECT_NE(e.message.find("not both"), std::string::npos);
}

TEST(ConfigErrors, FieldWithNeitherFromNorTemplate) {
  ConfigError e = single_error(replaced("{name: email, from: email}", "{name: email}"));
  EXPECT_EQ(e.line, 10);
  EXPECT_EQ(e.key, "schema.fields[1]");
}

TEST(ConfigErrors, BadTemplatePlaceholders) {
  for (const char* bad : {"'{a.b'", "'x {} y'", "'a } b'", "'{a..b}'", "'{a b}'"}) {
    ConfigError e = single_error(replaced("{name: email, from: email}",
                                          std::string("{name: email, template: ") + bad + "}"));
    EXPECT_EQ(e.line, 10) << bad;
    EXPECT_EQ(e.key, "schema.fields[1].template") << bad;
  }
  EXPECT_TRUE(config_errors(replaced("{name: email, from: email}",
                                     "{name: email, template: '{{literal}} {a.b}-{c}'}"))
                  .empty());
}

TEST(ConfigErrors, DuplicateFieldNamesAndRuleIds) {
  std::vector<ConfigError> errors =
      config_errors(with("  - {id: required, kind: required, fields: [email]}\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].key, "rules[1].id");
  EXPECT_NE(errors[0].message.find("duplicate rule id"), std::string::npos);

  ConfigError e = single_error(replaced("{name: email, from: email}", "{name: username, from: x}"));
  EXPECT_EQ(e.line, 10);
  EXPECT_EQ(e.key, "schema.fields[1].name");
}

TEST(ConfigErrors, YamlSyntaxErrorHasLine) {
  ConfigError e = single_error(with("log: [unclosed\n"));
  EXPECT_GE(e.line, 14);
  EXPECT_NE(e.message.find("YAML syntax"), std::string::npos);
}

TEST(ConfigErrors, UnsetVariableIsNamed) {
  unsetenv("SLUICE_TEST_SURELY_UNSET");
  ConfigError e = single_error(replaced("pipeline: demo", "pipeline: ${SLUICE_TEST_SURELY_UNSET}"));
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.key, "pipeline");
  EXPECT_NE(e.message.find("SLUICE_TEST_SURELY_UNSET is not set"), std::string::npos);
}

TEST(ConfigErrors, ReportsEveryProblemNotOnlyTheFirst) {
  std::vector<ConfigError> errors = config_errors(
      replaced("kind: http", "kind: ftp") +
      "  - {id: x, kind: nope}\nlog: {partitions: -1}\nprocess: {queue_batches: many}\n");
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].key, "source.kind");
  EXPECT_EQ(errors[1].key, "rules[1].kind");
  EXPECT_EQ(errors[2].key, "log.partitions");
  EXPECT_EQ(errors[3].key, "process.queue_batches");
}

TEST(ConfigErrors, MissingFileNamesIt) {
  try {
    load_config("/nonexistent/pipeline.yaml");
    FAIL() << "expected ConfigException";
  } catch (const ConfigException& e) {
    ASSERT_EQ(e.errors().size(), 1u);
    EXPECT_EQ(e.errors()[0].file, "/nonexistent/pipeline.yaml");
    EXPECT_EQ(e.errors()[0].line, 0);
    EXPECT_NE(e.errors()[0].to_string().find("cannot read"), std::string::npos);
  }
}

TEST(ConfigErrors, ToStringFormat) {
  ConfigError e{"local.yaml", 12, "rules[2].pattern", "bad regex"};
  EXPECT_EQ(e.to_string(), "local.yaml:12: rules[2].pattern: bad regex");
  ConfigError no_line{"x.yaml", 0, "", "the file is empty"};
  EXPECT_EQ(no_line.to_string(), "x.yaml: the file is empty");
}

}  // namespace
}  // namespace sluice
