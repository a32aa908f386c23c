// The words of run_store.h's enums, and the run id text: one table per enum, so that the
// tables, the CLI and the API cannot spell a state two ways.
#include <fmt/format.h>

#include <ctime>
#include <utility>

#include "schedule/store/run_store.h"

namespace sluice::schedule {
namespace {

constexpr std::pair<RunKind, std::string_view> kRunKinds[] = {
    {RunKind::kScheduled, "scheduled"},
    {RunKind::kManual, "manual"},
    {RunKind::kBackfill, "backfill"},
};

constexpr std::pair<RunState, std::string_view> kRunStates[] = {
    {RunState::kQueued, "queued"},
    {RunState::kRunning, "running"},
    {RunState::kSuccess, "success"},
    {RunState::kFailed, "failed"},
};

template <typename Enum, size_t N>
std::string_view name_in(const std::pair<Enum, std::string_view> (&table)[N], Enum value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "?";  // unreachable while every table lists every enumerator
}

template <typename Enum, size_t N>
std::optional<Enum> parse_in(const std::pair<Enum, std::string_view> (&table)[N],
                             std::string_view name) {
  for (const auto& [e, n] : table) {
    if (n == name) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view run_kind_name(RunKind kind) {
  return name_in(kRunKinds, kind);
}
std::string_view run_state_name(RunState state) {
  return name_in(kRunStates, state);
}
std::optional<RunKind> parse_run_kind(std::string_view name) {
  return parse_in(kRunKinds, name);
}
std::optional<RunState> parse_run_state(std::string_view name) {
  return parse_in(kRunStates, name);
}

std::string make_run_id(RunKind kind, int64_t logical_date_ms) {
  // Floor division, so that dates before 1970 keep a millisecond part in 0..999.
  int64_t seconds = logical_date_ms / 1000;
  int64_t millis = logical_date_ms % 1000;
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  const auto t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  // Airflow's isoformat() spelling; milliseconds only when there are some.
  std::string fraction = millis == 0 ? "" : fmt::format(".{:03}", millis);
  return fmt::format("{}__{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}+00:00", run_kind_name(kind),
                     utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                     utc.tm_sec, fraction);
}

}  // namespace sluice::schedule
