"""PostgreSQL: psql creates a table, fills it and reads it back."""
import subprocess
import uuid

from conftest import require_tool


def psql(endpoint, sql):
    host, port = endpoint
    return subprocess.run(
        [require_tool("psql"), "-h", host, "-p", str(port), "-U", "postgres", "-d", "sluice",
         "-v", "ON_ERROR_STOP=1", "-qtAX", "-c", sql],
        check=True, capture_output=True, text=True, timeout=60).stdout


def test_psql_creates_and_reads_back_a_table(postgres_endpoint):
    table = f"smoke_{uuid.uuid4().hex[:12]}"
    try:
        psql(postgres_endpoint, f"CREATE TABLE {table} (id int PRIMARY KEY, name text NOT NULL)")
        psql(postgres_endpoint,
             f"INSERT INTO {table} SELECT g, 'row-' || g FROM generate_series(1, 500) g")
        out = psql(postgres_endpoint, f"SELECT count(*), sum(id), max(name) FROM {table}")
        assert out.strip() == "500|125250|row-99"
        assert psql(postgres_endpoint, f"SELECT name FROM {table} WHERE id = 7").strip() == "row-7"
    finally:
        psql(postgres_endpoint, f"DROP TABLE IF EXISTS {table}")
