// Drives the built `sluice` binary: `sluice test` must fail on wrong expectations (exit 1, with a
// diff) and on broken test files (exit 2, with file:line); `sluice check` must exit 2 with
// file:line: key for a bad config. Skipped when the binary has not been built.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

CliRun run_sluice(const std::string& args) {
  CliRun r;
  std::string cmd = std::string(SLUICE_BINARY) + " " + args + " 2>&1";
  std::FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe) != nullptr)
    r.output += buf.data();
  int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class SluiceCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(SLUICE_BINARY)) << "sluice is not built: " << SLUICE_BINARY;
  }
  static std::string fixture(const char* name) {
    return std::string(SLUICE_SOURCE_DIR "/tests/pipelines/fixtures/") + name;
  }
  // Writes `text` to a file named `name` in the test temp dir; returns its path.
  static std::string temp_file(const std::string& name, const std::string& text) {
    std::string path = ::testing::TempDir() + name;
    std::ofstream(path) << text;
    return path;
  }
};

// A pipeline whose timestamp rule (line 6) loads but does not compile.
constexpr const char* kRuleThatDoesNotCompile =
    "pipeline: p\n"
    "source: {http: {url: http://x}}\n"
    "schema: {key: k, fields: [{name: k, from: k}]}\n"
    "rules:\n"
    "  - {id: req, kind: required, field: k}\n"
    "  - id: ts\n"
    "    kind: timestamp\n"
    "    field: k\n"
    "    format: '%Y-%Q'\n";

TEST_F(SluiceCli, TestReportsEachMismatchAndExitsOne) {
  CliRun r = run_sluice("test " + fixture("failing.yaml"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("failing.yaml:10: FAIL \"expects a failure that does not happen\""),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("rules: expected [gender_values], got []"), std::string::npos);
  EXPECT_NE(r.output.find("first_name: expected \"Right\", got \"Wrong\""), std::string::npos);
  EXPECT_NE(r.output.find("last_name: expected null, got \"Expectations\""), std::string::npos);
  EXPECT_NE(r.output.find("1 passed, 2 failed"), std::string::npos);
}

TEST_F(SluiceCli, TestRejectsBrokenFilesWithLines) {
  CliRun r = run_sluice("test " + fixture("broken.yaml"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("broken.yaml:6: failed: \"no_such_rule\" is not a rule id"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("broken.yaml:9: row.nickname: not a field"), std::string::npos);

  CliRun s = run_sluice("test " + fixture("broken_syntax.yaml"));
  EXPECT_EQ(s.exit_code, 2) << s.output;
  EXPECT_NE(s.output.find("broken_syntax.yaml:1: config: no pipeline config"), std::string::npos)
      << s.output;
  EXPECT_NE(s.output.find("broken_syntax.yaml:6: cases[1].colour: unknown key"), std::string::npos);
  EXPECT_NE(s.output.find("broken_syntax.yaml:5: cases[1].input: not valid JSON"),
            std::string::npos);
}

TEST_F(SluiceCli, CheckShippedConfigSummarises) {
  CliRun r = run_sluice("check --config " SLUICE_SOURCE_DIR "/config/local.yaml");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("pipeline  user_profiles"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("11 fields, key username"), std::string::npos);
  EXPECT_NE(r.output.find("7: required, data_types,"), std::string::npos);
  EXPECT_NE(r.output.find("protect   email, phone hashed (key: $SLUICE_PROTECT_KEY, else "),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("/protect.key, made if missing)"), std::string::npos) << r.output;
  // The reference DAG, on a short schedule for `make run`.
  EXPECT_NE(r.output.find("realtime_user_streaming_pipeline: @every 30s in UTC, catchup off, 3 "
                          "tasks: ensure, ingest (after ensure), wait_caught_up (after ingest)"),
            std::string::npos)
      << r.output;
}

TEST_F(SluiceCli, CheckSaysWhetherTheCassandraSinkUsesTls) {
  for (const char* name :
       {"SLUICE_CASSANDRA_HOSTS", "SLUICE_KEYSPACE", "SLUICE_CASSANDRA_TLS",
        "SLUICE_CASSANDRA_CA_FILE", "SLUICE_CASSANDRA_CERT_FILE", "SLUICE_CASSANDRA_KEY_FILE",
        "SLUICE_CASSANDRA_USER", "SLUICE_KAFKA_BROKERS", "SLUICE_TOPIC", "SLUICE_PARTITIONS",
        "SLUICE_KAFKA_SECURITY", "SLUICE_KAFKA_USER", "SLUICE_KAFKA_CA_FILE",
        "SLUICE_KAFKA_PASSWORD_FILE", "SLUICE_KAFKA_SASL_MECHANISM"}) {
    unsetenv(name);  // the shipped defaults, whatever the caller's environment
  }
  CliRun r = run_sluice("check --config " SLUICE_SOURCE_DIR "/config/cluster.yaml");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("sink      cassandra 127.0.0.1:9042 keyspace sluice, TLS off\n"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("log       kafka 127.0.0.1:9092 topic user_profile_stream (3 "
                          "partitions), TLS off, SASL off\n"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("realtime_user_streaming_pipeline: @daily in UTC, catchup off, 3 tasks"),
            std::string::npos)
      << r.output;

  const std::string ca = temp_file("check_tls_ca.pem", "PEM\n");
  const std::string path = temp_file("check_tls.yaml",
                                     "pipeline: p\n"
                                     "source: {http: {url: http://x}}\n"
                                     "schema: {key: k, fields: [{name: k, from: k}]}\n"
                                     "sink:\n"
                                     "  kind: cassandra\n"
                                     "  hosts: db1,db2\n"
                                     "  tls: {enabled: true, ca_file: " +
                                         ca + ", verify_hostname: false}\n");
  r = run_sluice("check --config " + path);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("cassandra db1,db2 keyspace sluice, TLS on (CA " + ca +
                          ", host names NOT verified)"),
            std::string::npos)
      << r.output;
}

TEST_F(SluiceCli, CheckSaysWhetherKafkaUsesTlsAndSaslAndWhereThePasswordsAre) {
  setenv("SLUICE_KAFKA_SECURITY", "SASL_SSL", 1);
  setenv("SLUICE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", 1);
  setenv("SLUICE_KAFKA_USER", "pipeline", 1);
  setenv("SLUICE_KAFKA_CA_FILE", "/etc/kafka/ca.pem", 1);
  setenv("SLUICE_KAFKA_PASSWORD_FILE", "/run/kafka.password", 1);
  setenv("SLUICE_CASSANDRA_USER", "writer", 1);
  setenv("SLUICE_CASSANDRA_PASSWORD_FILE", "/run/cassandra.password", 1);
  CliRun r = run_sluice("check --config " SLUICE_SOURCE_DIR "/config/cluster.yaml");
  for (const char* name :
       {"SLUICE_KAFKA_SECURITY", "SLUICE_KAFKA_SASL_MECHANISM", "SLUICE_KAFKA_USER",
        "SLUICE_KAFKA_CA_FILE", "SLUICE_KAFKA_PASSWORD_FILE", "SLUICE_CASSANDRA_USER",
        "SLUICE_CASSANDRA_PASSWORD_FILE"}) {
    unsetenv(name);
  }
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("partitions), TLS on (CA /etc/kafka/ca.pem), SASL on (SCRAM-SHA-512 as "
                          "pipeline, password from file /run/kafka.password)"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find(", password auth as writer (password from file "
                          "/run/cassandra.password)"),
            std::string::npos)
      << r.output;
}

TEST_F(SluiceCli, CheckPrintsEveryProblemAndExitsTwo) {
  const std::string path = temp_file("sluice_bad_config.yaml",
                                     "pipeline: p\n"
                                     "source: {http: {url: http://x, results_per_page: 9000}}\n"
                                     "schema: {key: k, fields: [{name: k, from: k}]}\n"
                                     "rules:\n"
                                     "  - {id: r, kind: regex, field: k, pattern: '(('}\n");
  CliRun r = run_sluice("check --config " + path);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(path + ":2: source.http.results_per_page:"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find(path + ":5: rules[0].pattern: bad regex"), std::string::npos);
  EXPECT_NE(r.output.find("2 problems"), std::string::npos);
}

TEST_F(SluiceCli, CheckDescribesEachWorkflow) {
  const std::string path = temp_file("sluice_workflows.yaml",
                                     "pipeline: p\n"
                                     "source: {http: {url: http://x}}\n"
                                     "schema: {key: k, fields: [{name: k, from: k}]}\n"
                                     "workflows:\n"
                                     "  - name: nightly\n"
                                     "    schedule: '@daily'\n"
                                     "    timezone: Europe/Berlin\n"
                                     "    tasks:\n"
                                     "      - {name: ingest, kind: ingest, after: ensure}\n"
                                     "      - {name: ensure, kind: ensure}\n"
                                     "  - {name: by_hand, tasks: [{name: t, kind: ensure}]}\n");
  CliRun r = run_sluice("check --config " + path);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("  workflows 2\n"
                          "    nightly: @daily in Europe/Berlin, catchup off, 2 tasks: ensure, "
                          "ingest (after ensure)\n"
                          "    by_hand: manual only, 1 task: t\n"),
            std::string::npos)
      << r.output;
}

// A broken workflow is a config error (2) in `check` and in every command that loads the
// pipeline, with the pipeline's own problems, in file order.
TEST_F(SluiceCli, WorkflowErrorsExitTwoWithFileAndLine) {
  const std::string path = temp_file("sluice_bad_workflow.yaml",
                                     "pipeline: p\n"
                                     "source: {http: {url: http://x, results_per_page: 9000}}\n"
                                     "schema: {key: k, fields: [{name: k, from: k}]}\n"
                                     "workflows:\n"
                                     "  - name: w\n"
                                     "    tasks:\n"
                                     "      - {name: a, kind: shell, command: x, after: b}\n"
                                     "      - {name: b, kind: shell, command: x, after: a}\n");
  CliRun r = run_sluice("check --config " + path);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  const std::string expected = path + ":2: source.http.results_per_page:";
  const size_t first = r.output.find(expected);
  const size_t second =
      r.output.find(path + ":7: workflows[w].tasks[a].after: tasks form a cycle: a -> b -> a");
  EXPECT_NE(first, std::string::npos) << r.output;
  EXPECT_NE(second, std::string::npos) << r.output;
  EXPECT_LT(first, second) << r.output;
  EXPECT_NE(r.output.find("2 problems"), std::string::npos) << r.output;
  CliRun ingest = run_sluice("ingest --once --dry-run --config " + path);
  EXPECT_EQ(ingest.exit_code, 2) << ingest.output;
  EXPECT_NE(ingest.output.find(path + ":7: workflows[w].tasks[a].after"), std::string::npos)
      << ingest.output;
}

// A rule that loads but does not compile (here a timestamp format) is reported with its line.
TEST_F(SluiceCli, CheckNamesTheLineOfARuleThatDoesNotCompile) {
  const std::string path = temp_file("sluice_bad_rule.yaml", kRuleThatDoesNotCompile);
  CliRun r = run_sluice("check --config " + path);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(path + ":6: rules[1]: rule 'ts': "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("unknown format directive '%Q'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 problem"), std::string::npos) << r.output;
}

// One exit code for the same failure in every command: a pipeline that does not compile is a
// config error (2) wherever it is run, before anything is opened.
TEST_F(SluiceCli, APipelineThatDoesNotCompileExitsTwoInEveryCommand) {
  const std::string path = temp_file("sluice_bad_rule_run.yaml", kRuleThatDoesNotCompile);
  for (const std::string command : {"run --once", "process --until-idle", "ingest --once",
                                    "ingest --once --dry-run", "replay --from-offset 0"}) {
    CliRun r = run_sluice(std::string(command).append(" --config ").append(path));
    EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.output;
    EXPECT_NE(r.output.find(path + ":6: rules[1]:"), std::string::npos) << command << r.output;
  }
}

// A verdicts file that cannot be written is a runtime failure (1), not a usage error.
TEST_F(SluiceCli, UnwritableVerdictsFileIsARuntimeFailure) {
  const std::string path = temp_file("sluice_verdicts.yaml",
                                     "pipeline: p\n"
                                     "source: {kind: file, file: {path: /dev/null}}\n"
                                     "schema: {key: k, fields: [{name: k, from: k}]}\n");
  CliRun r = run_sluice("ingest --once --dry-run --config " + path +
                        " --verdicts-out /nonexistent-dir/verdicts.ndjson");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("cannot write /nonexistent-dir/verdicts.ndjson"), std::string::npos)
      << r.output;
}

// Commands a later issue builds say so and exit 1: the command line was fine.
TEST_F(SluiceCli, CommandsNotBuiltYetExitOne) {
  CliRun r = run_sluice("bench");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("not built yet"), std::string::npos) << r.output;
}

TEST_F(SluiceCli, SchedulerWithoutConfigIsUsage) {
  CliRun r = run_sluice("scheduler");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--config is required"), std::string::npos) << r.output;
}

}  // namespace
