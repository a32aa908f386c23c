// SqliteRunStore's many-at-once calls (run_store.h, "Many at once"). SQLite runs in this
// process, so a statement costs no round trip: the changes run the one-element statements in a
// loop inside one write transaction (one lock, one commit), and the reads are one statement
// each over a JSON array of the keys (finish_all too: see there).
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

// One UPDATE ... FROM over the ends as a JSON array: a statement per end cost more in
// starting the statement than in changing its row. The unary + keeps SQLite from driving the
// join from the state or owner index (every running row times every end): each end finds its
// row through the unique (run, task) index.
Result<std::vector<bool>> SqliteRunStore::finish_all(const std::vector<AttemptEnd>& ends,
                                                     int64_t now_ms) {
  SLUICE_RETURN_IF_ERROR(check_finishes(ends));
  if (ends.empty()) return std::vector<bool>();
  nlohmann::json rows = nlohmann::json::array();
  std::map<std::pair<int64_t, std::string_view>, size_t> index;
  for (size_t i = 0; i < ends.size(); ++i) {
    const AttemptEnd& end = ends[i];
    rows.push_back({end.attempt.run, end.attempt.task, end.attempt.attempt, end.attempt.owner,
                    task_state_name(end.to), end.retry_at_ms});
    index[{end.attempt.run, end.attempt.task}] = i;
  }
  const std::string bound = rows.dump();  // bound without a copy: lives until the reset
  std::lock_guard lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(
      auto stmt,
      statement("UPDATE task_instances AS t SET state = e.value ->> 4, owner = '', "
                "lease_until_ms = 0, ended_ms = ?2, ready_at_ms = CASE e.value ->> 4 WHEN "
                "'up_for_retry' THEN e.value ->> 5 ELSE t.ready_at_ms END FROM json_each(?1) AS e "
                "WHERE t.run = e.value ->> 0 AND t.task = e.value ->> 1 AND t.attempt = e.value "
                "->> 2 AND +t.owner = e.value ->> 3 AND +t.state = 'running' RETURNING run, task"));
  stmt->bind_text(1, bound);
  stmt->bind_int(2, now_ms);
  std::vector<bool> moved(ends.size(), false);
  while (true) {
    auto row = stmt->step();
    if (!row.ok()) {
      stmt->reset();
      return row.status().with_context("finish_all");
    }
    if (!*row) break;
    auto it = index.find({stmt->column_int(0), stmt->column_text(1)});
    if (it != index.end()) moved[it->second] = true;
  }
  stmt->reset();
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
