// The table of an interface's kinds as config knows them (internal to config loading). Each of
// `source`, `log` and `sink` has one table (config_source.cpp, config_log.cpp, config_sink.cpp)
// in which every kind registers the word `kind:` spells, whether this binary builds it, the
// keys of the section that belong to it and the functions that read and check them. The
// section's reader parses `kind` once into the enum through the table and hands each kind its
// keys; past loading, code switches on the enum (a kind without a case in a factory's switch is
// a -Wswitch error).
#pragma once

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config_reader.h"

namespace sluice {

template <typename Kind, typename Config>
struct KindEntry {
  Kind kind;
  std::string_view name;
  bool built;                          // false: `kind: <name>` is refused with "not built yet"
  std::vector<std::string_view> keys;  // keys of the section this kind reads (kinds may share)
  // Reads the kind's own keys, checking types and ranges, whenever they are present: a section
  // may keep another kind's keys (switching is one edit), but they must still be valid.
  void (*read)(ConfigReader& r, const YAML::Node& section, const std::string& key, Config* out);
  // What the kind needs when it is the one chosen (e.g. kafka's brokers); may be null.
  void (*require)(ConfigReader& r, const YAML::Node& section, const std::string& key,
                  const Config& config);
};

// The entry of `kind` (every enumerator has one).
template <typename Entry>
const Entry& kind_entry(std::span<const Entry> table, decltype(Entry::kind) kind) {
  for (const Entry& e : table) {
    if (e.kind == kind) return e;
  }
  return table.front();  // unreachable while the table lists every enumerator
}

// `common` plus every kind's keys: what check_map accepts in the section.
template <typename Entry>
std::vector<std::string_view> section_keys(std::initializer_list<std::string_view> common,
                                           std::span<const Entry> table) {
  std::vector<std::string_view> keys(common);
  for (const Entry& e : table) {
    for (std::string_view k : e.keys) {
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  }
  return keys;
}

// Reads `kind` of `section` into *kind (left at its default when absent), reporting a name not
// in the table and one this binary does not build. Returns the chosen entry, or null when the
// kind is unknown.
template <typename Entry>
const Entry* read_kind(ConfigReader& r, const YAML::Node& section, const std::string& key,
                       std::span<const Entry> table, decltype(Entry::kind)* kind) {
  std::vector<std::string_view> names;
  std::string built;
  for (const Entry& e : table) {
    names.push_back(e.name);
    if (e.built) built += fmt::format("{}{}", built.empty() ? "" : ", ", e.name);
  }
  if (!section["kind"].IsDefined()) return &kind_entry(table, *kind);
  const std::optional<size_t> chosen = r.read_choice(section, "kind", key, names);
  if (!chosen) return nullptr;
  const Entry& entry = table[*chosen];
  *kind = entry.kind;
  if (!entry.built) {
    r.error(section["kind"], join_key(key, "kind"),
            fmt::format("{} kind \"{}\" is not built yet in this binary (built: {})", key,
                        entry.name, built));
  }
  return &entry;
}

// Reads every kind's keys, then checks what the chosen one requires.
template <typename Entry, typename Config>
void read_kind_sections(ConfigReader& r, const YAML::Node& section, const std::string& key,
                        std::span<const Entry> table, const Entry* chosen, Config* out) {
  for (const Entry& e : table)
    e.read(r, section, key, out);
  if (chosen != nullptr && chosen->require != nullptr) chosen->require(r, section, key, *out);
}

}  // namespace sluice
