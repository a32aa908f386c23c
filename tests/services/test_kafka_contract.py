"""The LogWriter/LogConsumer contract suite (tests/unit/contract/log_contract.h), the one the
embedded and memory logs pass in unit_contract, on sluice's Kafka log against the real Kafka:
runs each case of build/tests/integration_kafka_contract (tests/integration/
kafka_contract_test.cpp) as a test of its own, with SLUICE_KAFKA_BROKERS set to the broker
these tests use (KAFKA_HOST, KAFKA_PORT). Each case makes a topic and groups of its own. A
missing executable or an unreachable broker fails the case; nothing is skipped."""
import os

import pytest

from conftest import BUILD_DIR, gtest_cases, run_gtest_case

BINARY = BUILD_DIR / "tests" / "integration_kafka_contract"


@pytest.mark.parametrize("case", gtest_cases(BINARY))
def test_kafka_log_contract(case, kafka_bootstrap):
    env = dict(os.environ, SLUICE_KAFKA_BROKERS=kafka_bootstrap)
    run_gtest_case(BINARY, case, "integration_kafka_contract", env)
