"""Kafka: Debian's kcat (librdkafka) produces and consumes 10,000 keyed messages on a new
3-partition topic and every one arrives exactly once."""
import collections
import subprocess
import uuid

from conftest import SERVICES, require_tool

COUNT = 10_000


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120, **kw)


def test_kcat_roundtrip_10000_messages_on_3_partitions(kafka_bootstrap):
    kcat = require_tool("kcat")
    topic = f"smoke-{uuid.uuid4().hex[:12]}"
    run([str(SERVICES / "kafka"), "topics", "--create", "--topic", topic,
         "--partitions", "3", "--replication-factor", "1"])

    meta = run([kcat, "-L", "-b", kafka_bootstrap, "-t", topic]).stdout
    assert f'topic "{topic}" with 3 partitions' in meta, meta

    payload = "".join(f"key-{i}\tvalue-{i}\n" for i in range(COUNT))
    run([kcat, "-P", "-b", kafka_bootstrap, "-t", topic, "-K", "\t",
         "-X", "acks=all", "-X", "linger.ms=5"], input=payload)

    out = run([kcat, "-C", "-b", kafka_bootstrap, "-t", topic, "-o", "beginning", "-e", "-q",
               "-f", "%p\t%k\t%s\n"]).stdout
    rows = [line.split("\t") for line in out.splitlines()]
    assert len(rows) == COUNT, f"consumed {len(rows)} of {COUNT}"
    seen = {(k, v) for _, k, v in rows}
    assert seen == {(f"key-{i}", f"value-{i}") for i in range(COUNT)}
    per_partition = collections.Counter(p for p, _, _ in rows)
    assert sorted(per_partition) == ["0", "1", "2"], per_partition
    # The same key always lands on the same partition.
    by_key = {}
    for p, k, _ in rows:
        assert by_key.setdefault(k, p) == p
