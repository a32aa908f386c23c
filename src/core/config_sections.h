// The readers of each top-level section of a pipeline config (internal to config loading).
// Each checks its section's keys, types and ranges and reports through the ConfigReader;
// validate_config() then checks what spans sections (fields named by rules, the key field).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/config_reader.h"

namespace sluice {

void read_source(ConfigReader& r, const YAML::Node& node, SourceConfig* out);
// `schema:` holds `key` and `fields`; `key_line` receives the line of `key` for later checks.
void read_schema(ConfigReader& r, const YAML::Node& node, PipelineConfig* out, int* key_line);
// A field's `protect:` (`hash`, `mask`, or a map with kind, keep_first, keep_last).
void read_field_protect(ConfigReader& r, const YAML::Node& node, const std::string& key,
                        FieldProtectConfig* out);
// The top-level `protect:` (the hash key's source).
void read_protect(ConfigReader& r, const YAML::Node& node, ProtectConfig* out);
void read_rules(ConfigReader& r, const YAML::Node& node, std::vector<RuleConfig>* out);
// Why the rule's kind cannot judge `field` (its type, or for `unique` a field other than the
// key), as its entry in the rule kinds' table says; nullopt when it can.
std::optional<std::string> rule_field_problem(const RuleConfig& rule, const FieldConfig& field,
                                              const std::string& key_field);
void read_log(ConfigReader& r, const YAML::Node& node, LogConfig* out);
void read_sink(ConfigReader& r, const YAML::Node& node, SinkConfig* out);
// `tls` of the cassandra sink section `node` (at `key`): its keys and types, then, when the
// sink is chosen, what they name: files readable, a certificate with its key, nothing named
// while TLS is off.
void read_sink_tls(ConfigReader& r, const YAML::Node& node, const std::string& key,
                   SinkTlsConfig* out);
void check_sink_tls(ConfigReader& r, const YAML::Node& node, const std::string& key,
                    const SinkTlsConfig& tls);
void read_process(ConfigReader& r, const YAML::Node& node, ProcessConfig* out);
void read_serve(ConfigReader& r, const YAML::Node& node, ServeConfig* out);
void read_scheduler(ConfigReader& r, const YAML::Node& node, SchedulerConfig* out);

// Cross-section checks: the key field exists, every field a rule names exists and is one the
// rule kind can judge, rule ids are unique.
void validate_config(ConfigReader& r, const PipelineConfig& config, int key_line);
// Fields' `protect:` against the key, their types and the top-level `protect:` section.
void validate_protect(ConfigReader& r, const PipelineConfig& config);

}  // namespace sluice
