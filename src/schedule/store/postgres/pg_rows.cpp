#include "schedule/store/postgres/pg_rows.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "schedule/store/row_decode.h"

namespace sluice::schedule {

Result<std::vector<WorkflowRun>> runs_in(const PgResult& result) {
  std::vector<WorkflowRun> runs;
  runs.reserve(result.rows());
  for (int i = 0; i < result.rows(); ++i) {
    SLUICE_ASSIGN_OR_RETURN(WorkflowRun run, decode_run(PgRow{result, i}));
    runs.push_back(std::move(run));
  }
  return runs;
}

Result<std::vector<TaskInstance>> tasks_in(const PgResult& result) {
  std::vector<TaskInstance> tasks;
  tasks.reserve(result.rows());
  for (int i = 0; i < result.rows(); ++i) {
    SLUICE_ASSIGN_OR_RETURN(TaskInstance task, decode_task(PgRow{result, i}));
    tasks.push_back(std::move(task));
  }
  return tasks;
}

Result<WorkflowRun> one_run(const PgResult& result, std::string_view what) {
  if (result.rows() == 0) return Status::not_found(fmt::format("no run {}", what));
  return decode_run(PgRow{result, 0});
}

std::string pg_array(const std::vector<std::string>& values) {
  // Every element quoted, so that commas, braces, spaces and "NULL" stay text.
  std::string out = "{";
  for (const std::string& v : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string pg_array(const std::vector<int64_t>& values) {
  return fmt::format("{{{}}}", fmt::join(values, ","));
}

}  // namespace sluice::schedule
