#include <fmt/format.h>

#include "core/config_interpolate.h"
#include "schedule/store/postgres/pg_connect_options.h"
#include "schedule/store/postgres/pg_run_store.h"
#include "schedule/store/run_store.h"
#include "schedule/store/sqlite/sqlite_run_store.h"

namespace sluice::schedule {

Result<std::unique_ptr<RunStore>> make_run_store(const SchedulerConfig& config,
                                                 const std::string& data_dir) {
  switch (config.store) {
    case RunStoreKind::kSqlite: {
      std::string path = config.sqlite_path;
      if (path.empty()) {
        path = data_dir.empty() ? "scheduler.db" : fmt::format("{}/scheduler.db", data_dir);
      }
      return std::unique_ptr<RunStore>(new SqliteRunStore(std::move(path)));
    }
    case RunStoreKind::kPostgres: {
      SLUICE_ASSIGN_OR_RETURN(PgConnectParams params,
                              postgres_connect_params(config.postgres, process_env()));
      return std::unique_ptr<RunStore>(new PgRunStore(std::move(params), config.postgres.schema));
    }
  }
  return Status::invalid_argument("scheduler.store: a store without a factory");
}

}  // namespace sluice::schedule
