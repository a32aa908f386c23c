// PgRunStore's many-at-once calls (run_store.h, "Many at once"): each element's values go to
// the server as arrays, unnest() makes rows of them, and one statement per table does what a
// statement per element did, so a scheduler pass costs a few round trips, not one per run or
// instance.
#include <algorithm>
#include <numeric>
#include <set>
#include <tuple>

#include "schedule/store/postgres/pg_rows.h"
#include "schedule/store/postgres/pg_run_store.h"
#include "schedule/store/row_decode.h"
#include "schedule/store/store_checks.h"

namespace sluice::schedule {

Result<std::vector<CreatedRun>> PgRunStore::create_runs(const std::vector<NewRun>& runs) {
  SLUICE_RETURN_IF_ERROR(check_new_runs(runs));
  if (runs.empty()) return std::vector<CreatedRun>();
  // Safe to repeat: runs the lost attempt made are found by the second.
  return call("create_runs", Repeat::kIfDropped,
              [&] { return in_transaction([&] { return insert_runs(runs); }); });
}

Result<std::vector<CreatedRun>> PgRunStore::insert_runs(const std::vector<NewRun>& runs) {
  // Inserted in (workflow, logical date) order: two schedulers making overlapping runs wait
  // for each other's rows in one order, so they cannot deadlock.
  std::vector<size_t> order(runs.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(runs[a].workflow, runs[a].logical_date_ms) <
           std::tie(runs[b].workflow, runs[b].logical_date_ms);
  });
  std::vector<std::string> run_ids, workflows, kinds, params;
  std::vector<int64_t> dates, ends, created;
  for (size_t i : order) {
    const NewRun& run = runs[i];
    run_ids.push_back(make_run_id(run.kind, run.logical_date_ms));
    workflows.push_back(run.workflow);
    dates.push_back(run.logical_date_ms);
    ends.push_back(run.data_interval_end_ms);
    kinds.push_back(std::string(run_kind_name(run.kind)));
    params.push_back(params_to_json(run.params));
    created.push_back(run.now_ms);
  }
  SLUICE_ASSIGN_OR_RETURN(
      PgResult inserted,
      conn_.run("INSERT INTO workflow_runs (run_id, workflow, logical_date_ms, "
                "data_interval_end_ms, kind, params, state, created_ms) SELECT n.run_id, "
                "n.workflow, n.logical_date_ms, n.end_ms, n.kind, n.params, 'queued', "
                "n.created_ms FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], "
                "$5::text[], $6::text[], $7::bigint[]) WITH ORDINALITY AS n (run_id, workflow, "
                "logical_date_ms, end_ms, kind, params, created_ms, ord) ORDER BY n.ord ON "
                "CONFLICT DO NOTHING RETURNING " SLUICE_RUN_COLUMNS,
                PgParams()
                    .add(pg_array(run_ids))
                    .add(pg_array(workflows))
                    .add(pg_array(dates))
                    .add(pg_array(ends))
                    .add(pg_array(kinds))
                    .add(pg_array(params))
                    .add(pg_array(created))));
  SLUICE_ASSIGN_OR_RETURN(std::vector<WorkflowRun> made, runs_in(inserted));
  std::map<std::pair<std::string, int64_t>, CreatedRun> by_key;
  for (WorkflowRun& run : made) {
    std::pair<std::string, int64_t> key{run.workflow, run.logical_date_ms};
    by_key.emplace(std::move(key), CreatedRun{std::move(run), true});
  }

  // Another scheduler's runs: their transactions have committed (ours waited for them), and
  // this statement's snapshot, taken after, sees them.
  std::vector<std::string> other_workflows;
  std::vector<int64_t> other_dates;
  for (const NewRun& run : runs) {
    if (by_key.count({run.workflow, run.logical_date_ms}) == 0) {
      other_workflows.push_back(run.workflow);
      other_dates.push_back(run.logical_date_ms);
    }
  }
  if (!other_workflows.empty()) {
    SLUICE_ASSIGN_OR_RETURN(
        PgResult found,
        conn_.run("SELECT " SLUICE_RUN_COLUMNS
                  " FROM workflow_runs WHERE (workflow, logical_date_ms) IN (SELECT * FROM "
                  "unnest($1::text[], $2::bigint[]))",
                  PgParams().add(pg_array(other_workflows)).add(pg_array(other_dates))));
    SLUICE_ASSIGN_OR_RETURN(std::vector<WorkflowRun> existing, runs_in(found));
    for (WorkflowRun& run : existing) {
      std::pair<std::string, int64_t> key{run.workflow, run.logical_date_ms};
      by_key.emplace(std::move(key), CreatedRun{std::move(run), false});
    }
  }

  // The task instances of every run made, in one INSERT.
  std::vector<int64_t> task_runs, positions, retries, queued, ready;
  std::vector<std::string> names;
  std::vector<CreatedRun> out;
  out.reserve(runs.size());
  for (const NewRun& run : runs) {
    auto it = by_key.find({run.workflow, run.logical_date_ms});
    if (it == by_key.end()) {
      return Status::internal(fmt::format("run of workflow {} at {} neither inserted nor found",
                                          run.workflow, run.logical_date_ms));
    }
    if (it->second.created) {
      for (size_t i = 0; i < run.tasks.size(); ++i) {
        task_runs.push_back(it->second.run.id);
        names.push_back(run.tasks[i].name);
        positions.push_back(static_cast<int64_t>(i));
        retries.push_back(run.tasks[i].retries);
        queued.push_back(run.tasks[i].queued ? 1 : 0);
        ready.push_back(run.tasks[i].queued ? run.ready_at_ms : 0);
      }
    }
    out.push_back(it->second);
  }
  if (task_runs.empty()) return out;
  SLUICE_RETURN_IF_ERROR(
      conn_
          .run("INSERT INTO task_instances (run, task, position, state, max_attempts, retries, "
               "ready_at_ms) SELECT t.run, t.name, t.position, CASE t.queued WHEN 1 THEN "
               "'queued' ELSE 'none' END, t.retries + 1, t.retries, t.ready FROM "
               "unnest($1::bigint[], $2::text[], $3::int[], $4::int[], $5::int[], $6::bigint[]) "
               "AS t (run, name, position, retries, queued, ready)",
               PgParams()
                   .add(pg_array(task_runs))
                   .add(pg_array(names))
                   .add(pg_array(positions))
                   .add(pg_array(retries))
                   .add(pg_array(queued))
                   .add(pg_array(ready)))
          .status());
  return out;
}

Result<std::vector<WorkflowRun>> PgRunStore::get_runs(const std::vector<int64_t>& ids) {
  if (ids.empty()) return std::vector<WorkflowRun>();
  return call("get_runs", Repeat::kIfDropped, [&]() -> Result<std::vector<WorkflowRun>> {
    SLUICE_ASSIGN_OR_RETURN(PgResult found,
                            conn_.run("SELECT " SLUICE_RUN_COLUMNS
                                      " FROM workflow_runs WHERE id = ANY($1::bigint[]) ORDER "
                                      "BY id",
                                      PgParams().add(pg_array(ids))));
    return runs_in(found);
  });
}

Result<std::map<int64_t, std::vector<TaskInstance>>> PgRunStore::task_instances_of(
    const std::vector<int64_t>& runs) {
  using Instances = std::map<int64_t, std::vector<TaskInstance>>;
  if (runs.empty()) return Instances();
  return call("task_instances_of", Repeat::kIfDropped, [&]() -> Result<Instances> {
    SLUICE_ASSIGN_OR_RETURN(PgResult found,
                            conn_.run("SELECT " SLUICE_TASK_COLUMNS
                                      " FROM task_instances WHERE run = ANY($1::bigint[]) "
                                      "ORDER BY run, position",
                                      PgParams().add(pg_array(runs))));
    SLUICE_ASSIGN_OR_RETURN(std::vector<TaskInstance> tasks, tasks_in(found));
    Instances out;
    for (TaskInstance& t : tasks)
      out[t.run].push_back(std::move(t));
    return out;
  });
}

Result<std::vector<bool>> PgRunStore::finish_all(const std::vector<AttemptEnd>& ends,
                                                 int64_t now_ms) {
  SLUICE_RETURN_IF_ERROR(check_finishes(ends));
  if (ends.empty()) return std::vector<bool>();
  std::vector<int64_t> runs, attempts, retry_at;
  std::vector<std::string> tasks, owners, states;
  for (const AttemptEnd& end : ends) {
    runs.push_back(end.attempt.run);
    tasks.push_back(end.attempt.task);
    attempts.push_back(end.attempt.attempt);
    owners.push_back(end.attempt.owner);
    states.push_back(std::string(task_state_name(end.to)));
    retry_at.push_back(end.retry_at_ms);
  }
  return call("finish_all", Repeat::kNo, [&]() -> Result<std::vector<bool>> {
    // One statement: all of it or none of it, as a transaction would be.
    SLUICE_ASSIGN_OR_RETURN(
        PgResult moved,
        conn_.run("UPDATE task_instances t SET state = e.state, owner = '', lease_until_ms = 0, "
                  "ended_ms = $7::bigint, ready_at_ms = CASE e.state WHEN 'up_for_retry' THEN "
                  "e.retry_at ELSE t.ready_at_ms END FROM unnest($1::bigint[], $2::text[], "
                  "$3::int[], $4::text[], $5::text[], $6::bigint[]) WITH ORDINALITY AS e (run, "
                  "task, attempt, owner, state, retry_at, ord) WHERE t.run = e.run AND t.task = "
                  "e.task AND t.attempt = e.attempt AND t.owner = e.owner AND t.state = "
                  "'running' RETURNING e.ord",
                  PgParams()
                      .add(pg_array(runs))
                      .add(pg_array(tasks))
                      .add(pg_array(attempts))
                      .add(pg_array(owners))
                      .add(pg_array(states))
                      .add(pg_array(retry_at))
                      .add(now_ms)));
    std::vector<bool> out(ends.size(), false);
    for (int i = 0; i < moved.rows(); ++i) {
      const int64_t ord = moved.integer(i, 0);
      if (ord >= 1 && ord <= static_cast<int64_t>(out.size())) out[ord - 1] = true;
    }
    return out;
  });
}

Result<std::map<std::string, ScheduleState>> PgRunStore::schedule_states(
    const std::vector<std::string>& workflows) {
  for (const std::string& w : workflows)
    SLUICE_RETURN_IF_ERROR(check_name("schedule_states", "the workflow name", w));
  using States = std::map<std::string, ScheduleState>;
  if (workflows.empty()) return States();
  return call("schedule_states", Repeat::kIfDropped, [&]() -> Result<States> {
    SLUICE_ASSIGN_OR_RETURN(
        PgResult found,
        conn_.run("SELECT w.name, (SELECT max(logical_date_ms) FROM workflow_runs r WHERE "
                  "r.workflow = w.name AND r.kind = 'scheduled'), (SELECT count(*) FROM "
                  "workflow_runs r WHERE r.workflow = w.name AND r.state IN ('queued', "
                  "'running')) FROM unnest($1::text[]) AS w (name)",
                  PgParams().add(pg_array(workflows))));
    States out;
    for (int i = 0; i < found.rows(); ++i) {
      ScheduleState& state = out[std::string(found.text(i, 0))];
      if (!found.null(i, 1)) state.latest_scheduled_ms = found.integer(i, 1);
      state.active_runs = static_cast<int>(found.integer(i, 2));
    }
    return out;
  });
}

}  // namespace sluice::schedule
