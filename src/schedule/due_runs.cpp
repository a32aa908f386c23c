#include "schedule/due_runs.h"

#include <algorithm>

namespace sluice {
namespace {

constexpr std::chrono::seconds kSecond{1};

// The first logical date a new scheduled run may have: after `latest`, not before start_date.
std::optional<Instant> first_candidate(const Workflow& w, std::optional<Instant> latest) {
  std::optional<Instant> first;
  if (w.start_date) first = next_fire_after(w, *w.start_date - kSecond);
  if (latest) {
    const std::optional<Instant> after = next_fire_after(w, *latest);
    if (!after) return std::nullopt;
    first = first ? std::max(*first, *after) : *after;
  }
  return first;
}

bool past_end(const Workflow& w, Instant logical_date) {
  return w.end_date && logical_date > *w.end_date;
}

std::vector<Instant> catch_up(const Workflow& w, std::optional<Instant> latest, Instant now,
                              size_t limit) {
  std::vector<Instant> out;
  std::optional<Instant> date = first_candidate(w, latest);
  while (date && out.size() < limit && !past_end(w, *date)) {
    const std::optional<Instant> end = next_fire_after(w, *date);
    if (!end || *end > now) break;
    out.push_back(*date);
    date = end;
  }
  return out;
}

// The latest logical date whose interval is complete at `now`, within start_date and end_date.
std::optional<Instant> latest_complete(const Workflow& w, Instant now) {
  const std::optional<Instant> end = latest_fire_at_or_before(w, now);
  if (!end) return std::nullopt;
  std::optional<Instant> date = latest_fire_at_or_before(w, *end - kSecond);
  // Past end_date, the last allowed logical date's interval is complete all the more.
  if (date && past_end(w, *date)) date = latest_fire_at_or_before(w, *w.end_date);
  if (!date) return std::nullopt;
  const std::optional<Instant> first = first_candidate(w, std::nullopt);
  if (first && *date < *first) return std::nullopt;
  return date;
}

}  // namespace

std::optional<Instant> next_fire_after(const Workflow& workflow, Instant t) {
  return workflow.schedule.next_after(t, workflow.timezone, workflow.anchor());
}

std::optional<Instant> latest_fire_at_or_before(const Workflow& workflow, Instant t) {
  return workflow.schedule.latest_at_or_before(t, workflow.timezone, workflow.anchor());
}

DataInterval data_interval(const Workflow& workflow, Instant logical_date) {
  const std::optional<Instant> end = next_fire_after(workflow, logical_date);
  return {logical_date, end.value_or(logical_date)};
}

std::vector<Instant> due_logical_dates(const Workflow& workflow, std::optional<Instant> latest,
                                       Instant now, size_t limit) {
  if (workflow.schedule.kind() == Schedule::Kind::kManual || limit == 0) return {};
  if (workflow.catchup) return catch_up(workflow, latest, now, limit);
  const std::optional<Instant> date = latest_complete(workflow, now);
  if (!date || (latest && *date <= *latest)) return {};
  return {*date};
}

std::optional<Instant> next_due_time(const Workflow& workflow, std::optional<Instant> latest,
                                     Instant now) {
  if (workflow.schedule.kind() == Schedule::Kind::kManual) return std::nullopt;
  const std::vector<Instant> due = due_logical_dates(workflow, latest, now, 1);
  if (!due.empty()) return data_interval(workflow, due.front()).end;
  const std::optional<Instant> first = first_candidate(workflow, latest);
  // After `latest` no fire time is left.
  if (latest && !first) return std::nullopt;
  std::optional<Instant> date = first;
  if (!workflow.catchup) {
    // Only the latest complete interval runs: the next is the one `now` is in, unless the
    // first allowed logical date comes later.
    const std::optional<Instant> current = latest_fire_at_or_before(workflow, now);
    if (current && (!date || *current > *date)) date = current;
  }
  if (!date || past_end(workflow, *date)) return std::nullopt;
  return next_fire_after(workflow, *date);
}

}  // namespace sluice
