// `sluice check --config FILE`: load and validate a pipeline config; print a summary, or every
// problem as file:line: key: message (exit 2).
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/pipeline_compile.h"
#include "core/config.h"

namespace sluice::cli {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items)
    out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string describe_source(const SourceConfig& s) {
  switch (s.kind) {
    case SourceKind::kFile:
      return fmt::format("file {} ({} records per batch)", s.file.path, s.file.batch_records);
    case SourceKind::kHttp:
      break;
  }
  return fmt::format("http {} ({} per page, {} pages per run, seed {})", s.http.url,
                     s.http.results_per_page, s.http.pages_per_run,
                     s.http.seed ? *s.http.seed : "none: not pageable");
}

std::string describe_log(const LogConfig& l) {
  switch (l.kind) {
    case LogKind::kKafka:
      return fmt::format("kafka {} topic {} ({} partitions)", l.brokers, l.topic, l.partitions);
    case LogKind::kEmbedded:
      break;
  }
  return fmt::format("embedded {} ({} partitions, fsync {})", l.dir, l.partitions,
                     fsync_policy_name(l.fsync.policy));
}

std::string describe_sink(const SinkConfig& s) {
  switch (s.kind) {
    case SinkKind::kSqlite:
      return fmt::format("sqlite {}", s.path);
    case SinkKind::kNull:
      return "null (discards every row)";
    case SinkKind::kCassandra:
    case SinkKind::kPostgres:
      break;
  }
  return fmt::format("{} {} keyspace {}", kind_name(s.kind), s.hosts, s.keyspace);
}

void print_summary(const PipelineConfig& c) {
  std::vector<std::string> ids;
  for (const auto& r : c.rules)
    ids.push_back(r.id);
  std::printf("%s: ok\n", c.file.c_str());
  std::printf("  pipeline  %s\n", c.name.c_str());
  std::printf("  source    %s\n", describe_source(c.source).c_str());
  std::printf("  schema    %zu fields, key %s\n", c.fields.size(), c.key.c_str());
  std::printf("  rules     %zu: %s\n", c.rules.size(), join(ids).c_str());
  std::printf("  log       %s\n", describe_log(c.log).c_str());
  std::printf("  sink      %s\n", describe_sink(c.sink).c_str());
}

int check(const std::string& path) {
  try {
    PipelineConfig config = load_config(path);
    check_pipeline_compiles(config);
    print_summary(config);
    return kExitOk;
  } catch (const ConfigException& e) {
    for (const auto& err : e.errors())
      std::fprintf(stderr, "%s\n", err.to_string().c_str());
    const size_t n = e.errors().size();
    std::fprintf(stderr, "%s: %zu problem%s\n", path.c_str(), n, n == 1 ? "" : "s");
    return kExitUsage;
  }
}

}  // namespace

void add_check_command(CLI::App& app, CommandRun* run) {
  auto* sub = app.add_subcommand("check", "Validate a pipeline config and print every problem");
  auto config = std::make_shared<std::string>();
  sub->add_option("--config,-c", *config, "Pipeline config (YAML)")->required();
  sub->callback([run, config] { *run = [config] { return check(*config); }; });
}

}  // namespace sluice::cli
