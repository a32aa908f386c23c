"""sluice's Cassandra sink (src/sink/cassandra/) against the real Cassandra: runs
build/tests/integration_cassandra_sink (the Sink contract suite on Cassandra, completions only
after every acknowledgement, write errors reaching the completion, key_owners() over 5,000
keys, two workers creating the tables at once), then reads the rows its
WritesRowsForTheIndependentReader case left behind with an independent client, Debian's
python3-cassandra, and checks they are what was written. Every keyspace of the run is dropped
afterwards."""
import datetime
import json
import os
import subprocess
import uuid

from cassandra.cluster import Cluster
from conftest import cassandra_auth_provider, cassandra_credentials

INGESTED_MS = 1764077401123


def at(ms):
    return datetime.datetime(1970, 1, 1) + datetime.timedelta(milliseconds=ms)


def expected_users():
    """What WritesRowsForTheIndependentReader stores (cassandra_sink_test.cpp)."""
    users = {}
    for i in range(200):
        users[f"user-{i}"] = (f"u{i}@x.io", f"Zoë ✓ '{i}'", None if i % 5 == 0 else f'O"Neil {i}',
                              i % 4, 1000 + i, at(INGESTED_MS + i))
    return users


def expected_quarantine():
    rows = {}
    for j in range(50):
        reasons = [{"rule": "required", "message": "email is missing"}]
        if j % 2 == 1:
            reasons.append({"rule": "email_format", "message": f'email "x{j}" has no @'})
        rows[(j % 4, 5000 + j)] = ("" if j % 3 == 0 else f"bad-{j}", f'{{"j":{j},"q":"\\"x\\""}}',
                                   reasons, at(INGESTED_MS))
    return rows


def sink_env(host, port, prefix, keyspace):
    env = dict(os.environ, SLUICE_CASSANDRA_HOSTS=f"{host}:{port}",
               SLUICE_CASSANDRA_SINK_TEST_PREFIX=prefix,
               SLUICE_CASSANDRA_SINK_TEST_KEYSPACE=keyspace)
    env.pop("SLUICE_CASSANDRA_CA_FILE", None)  # plaintext; test_cql_tls.py sets it for TLS
    credentials = cassandra_credentials()
    if credentials:
        env["SLUICE_CASSANDRA_USER"], password_file = credentials
        env["SLUICE_CASSANDRA_PASSWORD_FILE"] = str(password_file)
    return env


def run_sink_binary(binary, env, gtest_filter="*"):
    proc = subprocess.run([str(binary), f"--gtest_filter={gtest_filter}", "--gtest_brief=1"],
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{binary} failed:\n{proc.stdout[-8000:]}\n{proc.stderr[-2000:]}"
    assert "PASSED" in proc.stdout


def check_sink_rows(session, keyspace):
    """What WritesRowsForTheIndependentReader left in `keyspace`, read with python3-cassandra,
    and the tables' columns as the sink made them."""
    got = {r[0]: tuple(r[1:]) for r in session.execute(
        f'SELECT username, email, first_name, last_name, "_partition", "_offset", '
        f'"_ingested_at" FROM {keyspace}.created_users')}
    assert got == expected_users()

    quarantined = {}
    for r in session.execute(f'SELECT "_partition", "_offset", key, raw, reasons, '
                             f'"_ingested_at" FROM {keyspace}.quarantine'):
        quarantined[(r[0], r[1])] = (r[2], r[3], json.loads(r[4]), r[5])
        # Encoded as the SQLite sink does (core/reason.h): compact JSON, no spaces.
        assert r[4].startswith('[{"rule":"required","message":"email is missing"}')
    assert quarantined == expected_quarantine()

    def columns(table):
        return {r[0]: (r[1], r[2]) for r in session.execute(
            "SELECT column_name, kind, type FROM system_schema.columns "
            "WHERE keyspace_name = %s AND table_name = %s", [keyspace, table])}
    assert columns("created_users") == {
        "username": ("partition_key", "text"), "email": ("regular", "text"),
        "first_name": ("regular", "text"), "last_name": ("regular", "text"),
        "_partition": ("regular", "int"), "_offset": ("regular", "bigint"),
        "_ingested_at": ("regular", "timestamp")}
    assert columns("quarantine") == {  # PRIMARY KEY ((_partition, _offset))
        "_partition": ("partition_key", "int"), "_offset": ("partition_key", "bigint"),
        "key": ("regular", "text"), "raw": ("regular", "text"),
        "reasons": ("regular", "text"), "_ingested_at": ("regular", "timestamp")}


def drop_keyspaces(session, prefix):
    for r in session.execute("SELECT keyspace_name FROM system_schema.keyspaces"):
        if r[0].startswith(prefix):
            session.execute(f"DROP KEYSPACE IF EXISTS {r[0]}", timeout=60)


def test_cassandra_sink_against_cassandra(cassandra_endpoint, cassandra_sink_binary):
    host, port = cassandra_endpoint
    prefix = f"sink_{uuid.uuid4().hex[:10]}"
    keyspace = f"{prefix}_read"
    cluster = Cluster([host], port=port, connect_timeout=10,
                      auth_provider=cassandra_auth_provider())
    session = cluster.connect()
    try:
        run_sink_binary(cassandra_sink_binary, sink_env(host, port, prefix, keyspace))
        check_sink_rows(session, keyspace)
    finally:
        drop_keyspaces(session, prefix)
        cluster.shutdown()
