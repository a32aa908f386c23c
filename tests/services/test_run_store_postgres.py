"""The RunStore contract (tests/unit/contract/run_store_contract.h), the one the SQLite store
passes in unit_run_store, on the PostgreSQL store against the real server, plus its own cases
(reconnecting, errors, schema versions): runs each case of build/tests/
integration_run_store_postgres (tests/integration/postgres_run_store_test.cpp) as a test of its
own, with SLUICE_RUN_STORE_DSN naming the server these tests use (POSTGRES_HOST, POSTGRES_PORT,
database sluice, user postgres). Each case works in a schema of its own and drops it; the
multi-process cases start build/tests/run_store_claimer. A missing executable or an
unreachable server fails the case; nothing is skipped."""
import os

import pytest

from conftest import BUILD_DIR, gtest_cases, run_gtest_case

BINARY = BUILD_DIR / "tests" / "integration_run_store_postgres"


@pytest.mark.parametrize("case", gtest_cases(BINARY))
def test_run_store_postgres(case, postgres_endpoint):
    host, port = postgres_endpoint
    env = dict(os.environ,
               SLUICE_RUN_STORE_DSN=f"host={host} port={port} dbname=sluice user=postgres")
    run_gtest_case(BINARY, case, "integration_run_store_postgres", env)
