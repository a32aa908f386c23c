"""Cassandra: Debian's python3-cassandra driver creates a keyspace and a table, writes 1,000
rows and reads every one back."""
import uuid

from cassandra.cluster import Cluster
from cassandra.concurrent import execute_concurrent_with_args
from conftest import cassandra_auth_provider

ROWS = 1_000


def test_driver_writes_and_reads_1000_rows(cassandra_endpoint):
    host, port = cassandra_endpoint
    cluster = Cluster([host], port=port, connect_timeout=10, auth_provider=cassandra_auth_provider())
    session = cluster.connect()
    keyspace = f"smoke_{uuid.uuid4().hex[:12]}"
    try:
        session.execute(
            f"CREATE KEYSPACE {keyspace} WITH replication = "
            "{'class': 'SimpleStrategy', 'replication_factor': 1}")
        session.set_keyspace(keyspace)
        session.execute("CREATE TABLE users (id int PRIMARY KEY, name text, score double)")
        insert = session.prepare("INSERT INTO users (id, name, score) VALUES (?, ?, ?)")
        results = execute_concurrent_with_args(
            session, insert, [(i, f"user-{i}", i * 0.5) for i in range(ROWS)], concurrency=50)
        assert all(ok for ok, _ in results)

        rows = {r.id: (r.name, r.score) for r in session.execute("SELECT id, name, score FROM users")}
        assert rows == {i: (f"user-{i}", i * 0.5) for i in range(ROWS)}
        one = session.execute("SELECT name FROM users WHERE id = %s", [421]).one()
        assert one.name == "user-421"
    finally:
        session.execute(f"DROP KEYSPACE IF EXISTS {keyspace}")
        cluster.shutdown()
