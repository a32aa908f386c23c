// SqliteRunStore's many-at-once calls (run_store.h, "Many at once"). SQLite runs in this
// process, so a statement costs no round trip: the changes run the one-element statements in a
// loop inside one write transaction (one lock, one commit), and the reads are one statement
// each over a JSON array of the keys.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "schedule/store/row_decode.h"
#include "schedule/store/sqlite/sqlite_row.h"
#include "schedule/store/sqlite/sqlite_run_store.h"
#include "schedule/store/store_checks.h"

namespace sluice::schedule {

Result<std::vector<CreatedRun>> SqliteRunStore::create_runs(const std::vector<NewRun>& runs) {
  SLUICE_RETURN_IF_ERROR(check_new_runs(runs));
  if (runs.empty()) return std::vector<CreatedRun>();
  std::lock_guard lock(mu_);
  auto created = in_write_transaction([&]() -> Result<std::vector<CreatedRun>> {
    std::vector<CreatedRun> out;
    out.reserve(runs.size());
    for (const NewRun& run : runs) {
      SLUICE_ASSIGN_OR_RETURN(CreatedRun one, create_run_locked(run));
      out.push_back(std::move(one));
    }
    return out;
  });
  if (!created.ok()) return created.status().with_context("create_runs");
  return created;
}

Result<std::vector<WorkflowRun>> SqliteRunStore::get_runs(const std::vector<int64_t>& ids) {
  if (ids.empty()) return std::vector<WorkflowRun>();
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(auto stmt, statement("SELECT " SLUICE_RUN_COLUMNS
                                               " FROM workflow_runs WHERE id IN (SELECT value FROM "
                                               "json_each(?1)) ORDER BY id"));
  // Bound without a copy: it must live until the statement is reset.
  const std::string keys = nlohmann::json(ids).dump();
  stmt->bind_text(1, keys);
  auto runs = runs_of(stmt);
  stmt->reset();
  if (!runs.ok()) return runs.status().with_context("get_runs");
  return runs;
}

Result<std::map<int64_t, std::vector<TaskInstance>>> SqliteRunStore::task_instances_of(
    const std::vector<int64_t>& runs) {
  std::map<int64_t, std::vector<TaskInstance>> out;
  if (runs.empty()) return out;
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(auto stmt,
                          statement("SELECT " SLUICE_TASK_COLUMNS
                                    " FROM task_instances WHERE run IN (SELECT value FROM "
                                    "json_each(?1)) ORDER BY run, position"));
  const std::string keys = nlohmann::json(runs).dump();
  stmt->bind_text(1, keys);
  auto tasks = tasks_of(stmt);
  stmt->reset();
  if (!tasks.ok()) return tasks.status().with_context("task_instances_of");
  for (TaskInstance& t : *tasks)
    out[t.run].push_back(std::move(t));
  return out;
}

Result<std::vector<bool>> SqliteRunStore::finish_all(const std::vector<AttemptEnd>& ends,
                                                     int64_t now_ms) {
  SLUICE_RETURN_IF_ERROR(check_finishes(ends));
  if (ends.empty()) return std::vector<bool>();
  std::lock_guard lock(mu_);
  auto moved = in_write_transaction([&]() -> Result<std::vector<bool>> {
    std::vector<bool> out;
    out.reserve(ends.size());
    for (const AttemptEnd& end : ends) {
      SLUICE_ASSIGN_OR_RETURN(bool one,
                              finish_locked(end.attempt, end.to, now_ms, end.retry_at_ms));
      out.push_back(one);
    }
    return out;
  });
  if (!moved.ok()) return moved.status().with_context("finish_all");
  return moved;
}

Result<std::map<std::string, ScheduleState>> SqliteRunStore::schedule_states(
    const std::vector<std::string>& workflows) {
  for (const std::string& w : workflows)
    SLUICE_RETURN_IF_ERROR(check_name("schedule_states", "the workflow name", w));
  std::map<std::string, ScheduleState> out;
  if (workflows.empty()) return out;
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(
      auto stmt,
      statement("SELECT w.value, (SELECT max(logical_date_ms) FROM workflow_runs r WHERE "
                "r.workflow = w.value AND r.kind = 'scheduled'), (SELECT count(*) FROM "
                "workflow_runs r WHERE r.workflow = w.value AND r.state IN ('queued', "
                "'running')) FROM json_each(?1) w"));
  const std::string names = nlohmann::json(workflows).dump();
  stmt->bind_text(1, names);
  while (true) {
    auto row = stmt->step();
    if (!row.ok()) {
      stmt->reset();
      return row.status().with_context("schedule_states");
    }
    if (!*row) break;
    ScheduleState& state = out[std::string(stmt->column_text(0))];
    if (!stmt->column_is_null(1)) state.latest_scheduled_ms = stmt->column_int(1);
    state.active_runs = static_cast<int>(stmt->column_int(2));
  }
  stmt->reset();
  return out;
}

}  // namespace sluice::schedule
