"""The dead-letter wrapper (src/sink/dead_letter/kafka_dead_letters.h) on the real Kafka: runs
each case of build/tests/integration_kafka_dead_letters (tests/integration/
kafka_dead_letters_test.cpp; the Sink contract suite, then the topic's contents) as a test of its
own, with KAFKA_HOST and KAFKA_PORT of the broker these tests use. Each case makes topics of its
own. A missing executable or an unreachable broker fails the case; nothing is skipped."""
import os

import pytest

from conftest import BUILD_DIR, gtest_cases, run_gtest_case

BINARY = BUILD_DIR / "tests" / "integration_kafka_dead_letters"


@pytest.mark.parametrize("case", gtest_cases(BINARY))
def test_kafka_dead_letters(case, kafka_bootstrap):
    env = dict(os.environ, SLUICE_KAFKA_BROKERS=kafka_bootstrap)
    run_gtest_case(BINARY, case, "integration_kafka_dead_letters", env)
