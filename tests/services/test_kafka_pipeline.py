"""The real `sluice ingest` and `sluice process` on the Kafka log (SQLite sink): the same pages
give the same stored rows and the same quarantine verdicts as on the embedded log, and the
cursor goes on from where the last committed page left it."""
import uuid

import pytest

from conftest import REPO
from pipeline_harness import mock_api, require_sluice, sluice, sqlite_tables


@pytest.fixture
def mock_api_url(tmp_path):
    with mock_api(tmp_path / "mock.log") as url:
        yield url


def test_kafka_and_embedded_logs_store_the_same(tmp_path, kafka_bootstrap, mock_api_url):
    require_sluice()
    local = (REPO / "config" / "local.yaml").read_text()
    topic = f"pipeline-{uuid.uuid4().hex[:12]}"
    kafka = local.replace("  kind: embedded\n",
                          f"  kind: kafka\n  brokers: {kafka_bootstrap}\n  topic: {topic}\n", 1)
    assert kafka != local
    (tmp_path / "kafka.yaml").write_text(kafka)

    out = {}
    for name, config in (("embedded", REPO / "config" / "local.yaml"),
                         ("kafka", tmp_path / "kafka.yaml")):
        data = tmp_path / name
        env = {"SLUICE_DATA_DIR": str(data), "SLUICE_API_URL": mock_api_url}
        first = sluice(config, env, "ingest", "--once")
        assert "cursor '' -> 'page=5'" in first, first
        second = sluice(config, env, "ingest", "--once")
        assert "cursor 'page=5' -> 'page=9'" in second, second
        processed = sluice(config, env, "process", "--until-idle")
        assert "processed 4000 records" in processed, processed
        out[name] = sqlite_tables(data / "sluice.db")

    users, quarantine = out["kafka"]
    assert len(users) + len(quarantine) == 4000
    assert len(quarantine) > 100
    assert out["kafka"][0] == out["embedded"][0]
    assert out["kafka"][1] == out["embedded"][1]
