"""An Airflow DAG that drives sluice: the daily user-profiles ingestion of the reference stack
(ensure >> ingest >> process), each step one `sluice` command run by BashOperator.

sluice can run this job itself (docs/workflows.md); this file is for teams that keep Airflow as
their scheduler. Install and settings: deploy/airflow/README.md. In short, each task finds

  the binary      Airflow Variable `sluice_bin`,      else $SLUICE_BIN,      else `sluice` on PATH
  the config      Airflow Variable `sluice_config`,   else $SLUICE_CONFIG  (absolute; required)
  the data dir    Airflow Variable `sluice_data_dir`, else $SLUICE_DATA_DIR (else the config's)

and runs sluice in the config's folder, so a relative path in the config never lands in the
throwaway folder a BashOperator starts in. Every other SLUICE_* variable of the worker (the API
URL, brokers, hosts) reaches sluice unchanged. The file holds no secret: credentials belong in
the config's ${ENV} references or the worker's environment.

Retries and their delay may be overridden through SLUICE_AIRFLOW_RETRIES and
SLUICE_AIRFLOW_RETRY_DELAY_SECONDS in the environment of whatever parses this file (tests use
that to see a failing run end in seconds instead of fifteen minutes).
"""

import os
from datetime import datetime, timedelta, timezone

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
try:  # Airflow 3, and Airflow 2 with the standard provider
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:  # Airflow 2
    from airflow.operators.bash import BashOperator

DAG_ID = "realtime_user_streaming_pipeline"

DEFAULT_ARGS = {
    "owner": "sluice",
    "retries": int(os.environ.get("SLUICE_AIRFLOW_RETRIES", "3")),
    "retry_delay": timedelta(
        seconds=int(os.environ.get("SLUICE_AIRFLOW_RETRY_DELAY_SECONDS", "300"))),
}

# What every task passes to its shell: the settings as Airflow resolves them at run time (an
# unset Variable gives ""), and the run it belongs to. append_env keeps the worker's own
# environment underneath.
TASK_ENV = {
    "SLUICE_AIRFLOW_BIN": "{{ var.value.get('sluice_bin', '') }}",
    "SLUICE_AIRFLOW_CONFIG": "{{ var.value.get('sluice_config', '') }}",
    "SLUICE_AIRFLOW_DATA_DIR": "{{ var.value.get('sluice_data_dir', '') }}",
    "SLUICE_LOGICAL_DATE": "{{ ds }}",
    "SLUICE_RUN_ID": "{{ run_id }}",
}

# The shell every task starts with: pick the settings (Variable, then environment), check them,
# and move to the config's folder. Exit 2 is sluice's own code for a bad config. No Jinja here
# beyond what TASK_ENV already rendered.
PRELUDE = r"""
set -eu
say() { echo "sluice DAG: $*" >&2; }
bin=${SLUICE_AIRFLOW_BIN:-${SLUICE_BIN:-sluice}}
config=${SLUICE_AIRFLOW_CONFIG:-${SLUICE_CONFIG:-}}
data_dir=${SLUICE_AIRFLOW_DATA_DIR:-${SLUICE_DATA_DIR:-}}
case $config in
  /*) ;;
  "") say "no pipeline config: set the Airflow Variable sluice_config or SLUICE_CONFIG"; exit 2 ;;
  *) say "the pipeline config must be an absolute path, got '$config'"; exit 2 ;;
esac
[ -f "$config" ] || { say "no such pipeline config: $config"; exit 2; }
if [ -n "$data_dir" ]; then export SLUICE_DATA_DIR="$data_dir"; fi
cd "$(dirname "$config")"
say "$TASK_STEP for logical date $SLUICE_LOGICAL_DATE (run $SLUICE_RUN_ID):" \
  "$bin, $config${SLUICE_DATA_DIR:+, data dir $SLUICE_DATA_DIR}"
"""

# Each step and the sluice commands it runs (docs/workflows.md, "Running under Airflow").
STEPS = {
    # Validate the config (exit 2 with file:line: key: message), then open the log and the sink,
    # which creates what is missing; --until-idle also finishes whatever an earlier run left in
    # the log, so ingest starts from a caught-up pipeline.
    "ensure": 'if [ -n "${SLUICE_DATA_DIR:-}" ]; then mkdir -p "$SLUICE_DATA_DIR"; fi\n'
              '"$bin" check --config "$config"\n'
              '"$bin" process --until-idle --config "$config"\n',
    # One extraction run from the stored cursor: up to the configured pages per run.
    "ingest": '"$bin" ingest --once --config "$config"\n',
    # Map, judge and store everything published until the log is caught up.
    "process": '"$bin" process --until-idle --config "$config"\n',
}

TIMEOUTS = {"ensure": timedelta(minutes=30), "ingest": timedelta(hours=1),
            "process": timedelta(hours=2)}

with DAG(
    dag_id=DAG_ID,
    description="sluice user_profiles: ensure >> ingest >> process, once a day",
    schedule="@daily",
    start_date=datetime(2024, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    # Embedded mode lets one sluice process at a time hold the log: runs never overlap.
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["sluice"],
) as dag:
    previous = None
    for step, commands in STEPS.items():
        task = BashOperator(
            task_id=step,
            bash_command=PRELUDE + commands,
            env={**TASK_ENV, "TASK_STEP": step},
            append_env=True,
            skip_on_exit_code=None,  # sluice exits 0, 1 or 2: 99 means nothing to skip
            execution_timeout=TIMEOUTS[step],
        )
        if previous is not None:
            previous >> task
        previous = task
