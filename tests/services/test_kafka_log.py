"""sluice's Kafka log (src/log/kafka/) against the real Kafka: runs each case of the GoogleTest
executable integration_kafka (tests/integration/kafka_log_test.cpp) as a test of its own.

The executable comes from the build tree: $SLUICE_BUILD_DIR (default build/, what `make build`
makes) /tests/integration_kafka. It reaches Kafka through KAFKA_HOST and KAFKA_PORT, like the
other tests here, and makes topics and groups of its own for every case.
"""
import os

import pytest

from conftest import BUILD_DIR, endpoint, gtest_cases, run_gtest_case

BINARY = BUILD_DIR / "tests" / "integration_kafka"


@pytest.mark.parametrize("case", gtest_cases(BINARY))
def test_kafka_log(case):
    host, port = endpoint("KAFKA", 9092)
    env = dict(os.environ, KAFKA_HOST=host, KAFKA_PORT=str(port))
    run_gtest_case(BINARY, case, "integration_kafka", env)
