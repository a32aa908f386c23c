#include "cli/describe_config.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "schedule/dag.h"

namespace sluice::cli {

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

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string property(const LogConfig& l, const std::string& name) {
  auto it = l.kafka_options.find(name);
  return it == l.kafka_options.end() ? std::string() : it->second;
}

// Where a librdkafka property's value comes from, never the value: "file F", "env V", "none".
std::string property_source(const LogConfig& l, const std::string& name) {
  if (auto f = l.kafka_property_files.find(name); f != l.kafka_property_files.end()) {
    return "file " + f->second;
  }
  if (auto e = l.kafka_property_env.find(name); e != l.kafka_property_env.end()) {
    return "env " + e->second;
  }
  return "none";
}

// "TLS off, SASL off", or what is on: said in `check`, so that a plaintext broker connection
// is never a surprise. From security.protocol (librdkafka's default: plaintext).
std::string describe_kafka_security(const LogConfig& l) {
  const std::string protocol = lower(property(l, "security.protocol"));
  const bool tls = protocol == "ssl" || protocol == "sasl_ssl";
  const bool sasl = protocol == "sasl_plaintext" || protocol == "sasl_ssl";
  std::string text = "TLS off";
  if (tls) {
    const std::string ca = property(l, "ssl.ca.location");
    text = fmt::format("TLS on (CA {})", ca.empty() ? "system store" : ca);
    if (property(l, "enable.ssl.certificate.verification") == "false") {
      text += ", certificates NOT verified";
    }
  }
  if (!sasl) return text + ", SASL off";
  std::string mechanism = property(l, "sasl.mechanisms");
  if (mechanism.empty()) mechanism = property(l, "sasl.mechanism");
  return fmt::format("{}, SASL on ({} as {}, password from {})", text,
                     mechanism.empty() ? "GSSAPI" : mechanism, property(l, "sasl.username"),
                     property_source(l, "sasl.password"));
}

}  // namespace

std::string describe_log(const LogConfig& l) {
  switch (l.kind) {
    case LogKind::kKafka:
      return fmt::format("kafka {} topic {} ({} partitions), {}{}", l.brokers, l.topic,
                         l.partitions, describe_kafka_security(l),
                         l.dead_letter_topic.empty()
                             ? ""
                             : fmt::format(", dead letters to {}", l.dead_letter_topic));
    case LogKind::kEmbedded:
      break;
  }
  return fmt::format("embedded {} ({} partitions, fsync {})", l.dir, l.partitions,
                     fsync_policy_name(l.fsync.policy));
}

namespace {

// "TLS off", or on with what the nodes are checked against: said in `check` and the status
// page, so that plaintext to a cluster is never a surprise.
std::string describe_tls(const SinkTlsConfig& t) {
  if (!t.enabled) return "TLS off";
  std::string text = fmt::format("TLS on (CA {}", t.ca_file.empty() ? "system store" : t.ca_file);
  if (!t.cert_file.empty()) text += fmt::format(", client certificate {}", t.cert_file);
  if (!t.verify_hostname) text += ", host names NOT verified";
  return text + ")";
}

// ", password auth as U (password from file F | env V)", or nothing without a user name.
std::string describe_credentials(const SinkConfig& s) {
  if (s.username.empty()) return "";
  return fmt::format(", password auth as {} (password from {})", s.username,
                     s.password_file.empty() ? "env " + s.password_env : "file " + s.password_file);
}

}  // namespace

std::string describe_sink(const SinkConfig& s) {
  switch (s.kind) {
    case SinkKind::kSqlite:
      return fmt::format("sqlite {}", s.path);
    case SinkKind::kNull:
      return "null (discards every row)";
    case SinkKind::kCassandra:
      return fmt::format("cassandra {} keyspace {}, {}{}", s.hosts, s.keyspace, describe_tls(s.tls),
                         describe_credentials(s));
    case SinkKind::kPostgres:
      break;
  }
  return fmt::format("{} {} keyspace {}", kind_name(s.kind), s.hosts, s.keyspace);
}

std::string describe_workflow(const Workflow& w) {
  std::string tasks;
  for (size_t i : topological_order(w)) {
    const TaskSpec& t = w.tasks[i];
    tasks += fmt::format("{}{}", tasks.empty() ? "" : ", ", t.name);
    if (!t.after.empty()) tasks += fmt::format(" (after {})", fmt::join(t.after, ", "));
  }
  std::string when = w.schedule.kind() == Schedule::Kind::kManual
                         ? "manual only"
                         : fmt::format("{} in {}, catchup {}", w.schedule.text(), w.timezone.name(),
                                       w.catchup ? "on" : "off");
  if (w.paused) when += ", paused";
  return fmt::format("{}, {} task{}: {}", when, w.tasks.size(), w.tasks.size() == 1 ? "" : "s",
                     tasks);
}

std::string describe_protect(const PipelineConfig& c) {
  std::vector<std::string> hashed;
  std::vector<std::string> masked;
  for (const FieldConfig& f : c.fields) {
    if (f.protect.kind == ProtectKind::kHash) hashed.push_back(f.name);
    if (f.protect.kind == ProtectKind::kMask) masked.push_back(f.name);
  }
  if (hashed.empty() && masked.empty()) return "none";
  std::string text;
  if (!hashed.empty()) {
    const ProtectConfig& p = c.protect;
    std::vector<std::string> sources;
    if (!p.key_env.empty()) sources.push_back(fmt::format("${}", p.key_env));
    if (!p.key_file.empty() || p.create_key) {
      sources.push_back(fmt::format("{}{}",
                                    p.key_file.empty() ? c.data_dir + "/protect.key" : p.key_file,
                                    p.create_key ? ", made if missing" : ""));
    }
    text =
        fmt::format("{} hashed (key: {})", fmt::join(hashed, ", "), fmt::join(sources, ", else "));
  }
  if (!masked.empty()) {
    text += fmt::format("{}{} masked", text.empty() ? "" : "; ", fmt::join(masked, ", "));
  }
  return text;
}

}  // namespace sluice::cli
