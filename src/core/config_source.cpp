// Reads `source:`. Each source kind reads its own sub-section (`source.http`, `source.file`)
// and registers in kSourceKinds.
#include <fmt/format.h>

#include "core/config_kinds.h"
#include "core/config_sections.h"

namespace sluice {
namespace {

constexpr int kMaxResultsPerPage = 5000;  // randomuser.me's own limit

void read_retry(ConfigReader& r, const YAML::Node& node, const std::string& key, RetryConfig* out) {
  if (!r.check_map(node, key, {"max_attempts", "initial_backoff_ms", "max_backoff_ms", "jitter"})) {
    return;
  }
  r.read(node, "max_attempts", key, &out->max_attempts, {1, 100});
  r.read(node, "initial_backoff_ms", key, &out->initial_backoff_ms, {0, 3600000});
  r.read(node, "max_backoff_ms", key, &out->max_backoff_ms, {0, 3600000});
  r.read(node, "jitter", key, &out->jitter, 0.0, 1.0);
  if (out->max_backoff_ms < out->initial_backoff_ms) {
    r.error(node["max_backoff_ms"].IsDefined() ? node["max_backoff_ms"] : node,
            join_key(key, "max_backoff_ms"),
            fmt::format("{} is less than initial_backoff_ms ({})", out->max_backoff_ms,
                        out->initial_backoff_ms));
  }
}

void read_http_section(ConfigReader& r, const YAML::Node& node, const std::string& key,
                       HttpSourceConfig* out) {
  if (!r.check_map(node, key,
                   {"url", "results_per_page", "pages_per_run", "seed", "connect_timeout_ms",
                    "read_timeout_ms", "retry", "records_path"})) {
    return;
  }
  if (r.require(node, "url", key)) {
    r.read(node, "url", key, &out->url);
    if (!out->url.starts_with("http://") && !out->url.starts_with("https://")) {
      r.error(node["url"], join_key(key, "url"),
              fmt::format("\"{}\" is not an http:// or https:// URL", out->url));
    }
  }
  r.read(node, "results_per_page", key, &out->results_per_page, {1, kMaxResultsPerPage});
  r.read(node, "pages_per_run", key, &out->pages_per_run, {1, 1000000});
  // `seed: ~` spells "no seed" explicitly.
  if (node["seed"].IsDefined() && !node["seed"].IsNull()) {
    std::string seed;
    r.read(node, "seed", key, &seed);
    out->seed = seed;
  }
  r.read(node, "connect_timeout_ms", key, &out->connect_timeout_ms, {1, 3600000});
  r.read(node, "read_timeout_ms", key, &out->read_timeout_ms, {1, 3600000});
  if (node["retry"].IsDefined()) read_retry(r, node["retry"], join_key(key, "retry"), &out->retry);
  r.read(node, "records_path", key, &out->records_path);
}

void read_file_section(ConfigReader& r, const YAML::Node& node, const std::string& key,
                       FileSourceConfig* out) {
  if (!r.check_map(node, key, {"path", "batch_records"})) return;
  if (r.require(node, "path", key)) r.read(node, "path", key, &out->path);
  r.read(node, "batch_records", key, &out->batch_records, {1, 10000000});
}

void read_http(ConfigReader& r, const YAML::Node& source, const std::string& key,
               SourceConfig* out) {
  if (source["http"].IsDefined()) {
    read_http_section(r, source["http"], join_key(key, "http"), &out->http);
  }
}

void read_file(ConfigReader& r, const YAML::Node& source, const std::string& key,
               SourceConfig* out) {
  if (source["file"].IsDefined()) {
    read_file_section(r, source["file"], join_key(key, "file"), &out->file);
  }
}

// The chosen kind's section is required; the other may stay, so switching is one edit.
template <SourceKind kKind>
void require_section(ConfigReader& r, const YAML::Node& source, const std::string& key,
                     const SourceConfig& /*config*/) {
  const std::string name(kind_name(kKind));
  if (!source[name].IsDefined()) {
    r.error(source, join_key(key, name),
            fmt::format("required key is missing (source kind is {})", name));
  }
}

using SourceKindEntry = KindEntry<SourceKind, SourceConfig>;

const std::vector<SourceKindEntry>& source_kinds() {
  static const std::vector<SourceKindEntry> kSourceKinds = {
      {SourceKind::kHttp, "http", true, {"http"}, read_http, require_section<SourceKind::kHttp>},
      {SourceKind::kFile, "file", true, {"file"}, read_file, require_section<SourceKind::kFile>},
  };
  return kSourceKinds;
}

}  // namespace

std::string_view kind_name(SourceKind kind) {
  return kind_entry<SourceKindEntry>(source_kinds(), kind).name;
}

void read_source(ConfigReader& r, const YAML::Node& node, SourceConfig* out) {
  const std::string key = "source";
  const std::span<const SourceKindEntry> kinds = source_kinds();
  if (!r.check_map(node, key, section_keys({"kind", "interval_ms"}, kinds))) return;
  const SourceKindEntry* chosen = read_kind(r, node, key, kinds, &out->kind);
  r.read(node, "interval_ms", key, &out->interval_ms, {1, 86400000});
  read_kind_sections(r, node, key, kinds, chosen, out);
}

}  // namespace sluice
