// The columns both stores select for a run and for a task instance, and how one row of them
// becomes a WorkflowRun or a TaskInstance. A store's row type gives
//   std::string_view text(int column) const;  int64_t integer(int column) const;
//   bool null(int column) const;
// (SQLite: a stepped statement; PostgreSQL: one row of a result), so that the decoding and
// its checks are written once.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"
#include "schedule/store/params_json.h"
#include "schedule/store/run_store.h"

namespace sluice::schedule {

// SELECT lists, in the order the decoders read them. Macros, not constants: pasted into SQL
// string literals, they keep each statement one literal (the stores key their prepared
// statements by it).
#define SLUICE_RUN_COLUMNS                                                             \
  "id, run_id, workflow, logical_date_ms, data_interval_end_ms, kind, params, state, " \
  "created_ms, started_ms, ended_ms"
#define SLUICE_TASK_COLUMNS                                                                   \
  "run, task, state, attempt, max_attempts, owner, lease_until_ms, ready_at_ms, started_ms, " \
  "ended_ms"

template <typename Row>
std::optional<int64_t> nullable(const Row& row, int column) {
  if (row.null(column)) return std::nullopt;
  return row.integer(column);
}

template <typename Row>
Result<WorkflowRun> decode_run(const Row& row) {
  WorkflowRun r;
  r.id = row.integer(0);
  r.run_id = std::string(row.text(1));
  r.workflow = std::string(row.text(2));
  r.logical_date_ms = row.integer(3);
  r.data_interval_end_ms = row.integer(4);
  const std::optional<RunKind> kind = parse_run_kind(row.text(5));
  const std::optional<RunState> state = parse_run_state(row.text(7));
  if (!kind || !state) {
    return Status::corruption(
        fmt::format("run {}: unknown kind \"{}\" or state \"{}\"", r.id, row.text(5), row.text(7)));
  }
  r.kind = *kind;
  r.state = *state;
  SLUICE_ASSIGN_OR_RETURN(r.params, params_from_json(row.text(6)));
  r.created_ms = row.integer(8);
  r.started_ms = nullable(row, 9);
  r.ended_ms = nullable(row, 10);
  return r;
}

template <typename Row>
Result<TaskInstance> decode_task(const Row& row) {
  TaskInstance t;
  t.run = row.integer(0);
  t.task = std::string(row.text(1));
  const std::optional<TaskState> state = parse_task_state(row.text(2));
  if (!state) {
    return Status::corruption(
        fmt::format("task {} of run {}: unknown state \"{}\"", t.task, t.run, row.text(2)));
  }
  t.state = *state;
  t.attempt = static_cast<int>(row.integer(3));
  t.max_attempts = static_cast<int>(row.integer(4));
  t.owner = std::string(row.text(5));
  t.lease_until_ms = row.integer(6);
  t.ready_at_ms = row.integer(7);
  t.started_ms = nullable(row, 8);
  t.ended_ms = nullable(row, 9);
  return t;
}

}  // namespace sluice::schedule
