"""The Cassandra side of the Kafka benchmarks (kafka_process.py --sink cassandra,
kafka_latency.py): the sink section of a pipeline config for a fresh keyspace, the CPU seconds
of the Cassandra JVM, and dropping the keyspace afterwards. Needs python3-cassandra for the
drop (run the scripts with /usr/bin/python3)."""

import os
import re
import subprocess
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SERVICES_HOME = Path(os.environ.get("SLUICE_SERVICES_HOME", "/var/lib/sluice-services"))
TICKS = os.sysconf("SC_CLK_TCK")


def fresh_keyspace():
    return f"bench_{uuid.uuid4().hex[:10]}"


def credentials():
    """(user, password file) when Cassandra runs with --auth (scripts/services/cassandra), else
    None: the same test as tests/services/conftest.py."""
    state = SERVICES_HOME / "cassandra"
    mode = state / "mode"
    if mode.exists() and mode.read_text().strip() == "yes":
        return os.environ.get("CASSANDRA_SUPERUSER", "sluice"), state / "superuser.password"
    return None


def cluster_section(name):
    """The text of config/cluster.yaml's top-level section `name` (its header line included)."""
    text = (REPO / "config" / "cluster.yaml").read_text()
    start = text.index(f"\n{name}:\n") + 1
    end = text.find("\n\n", start)
    return text[start:end + 1]


def sink_yaml(hosts, keyspace):
    """config/cluster.yaml's sink section as shipped, for `hosts` and `keyspace` (created by
    the sink), with the credentials of an --auth Cassandra."""
    auth = credentials()
    user, password_file = (auth[0], str(auth[1])) if auth else ("", "")
    section = cluster_section("sink")
    for variable, value in (("SLUICE_CASSANDRA_HOSTS", hosts), ("SLUICE_KEYSPACE", keyspace),
                            ("SLUICE_CASSANDRA_USER", user),
                            ("SLUICE_CASSANDRA_PASSWORD_FILE", password_file)):
        section, n = re.subn(r"\$\{" + variable + r":-[^}]*\}", f'"{value}"', section)
        assert n == 1, f"config/cluster.yaml's sink section lost {variable}"
    return section


def process_tuning():
    """config/cluster.yaml's process keys other than the group, as indented lines."""
    lines = cluster_section("process").splitlines()[1:]
    return "".join(line + "\n" for line in lines if not line.strip().startswith("group:"))


def jvm_pid():
    """The Cassandra JVM's pid: the services' pid file, else the CassandraDaemon process."""
    pidfile = SERVICES_HOME / "cassandra" / "cassandra.pid"
    if pidfile.exists():
        pid = int(pidfile.read_text().split()[0])
        if Path(f"/proc/{pid}").exists():
            return pid
    out = subprocess.run(["pgrep", "-f", "CassandraDaemon"], capture_output=True, text=True)
    pids = out.stdout.split()
    if not pids:
        raise SystemExit("no Cassandra JVM found (scripts/services/cassandra status)")
    return int(pids[0])


def cpu_seconds(pid):
    """User + system CPU seconds of a live process so far (/proc/PID/stat, fields 14 and 15)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
    return (int(fields[11]) + int(fields[12])) / TICKS


def drop_keyspace(keyspace, host="127.0.0.1", port=9042):
    from cassandra.cluster import Cluster
    auth_provider = None
    auth = credentials()
    if auth:
        from cassandra.auth import PlainTextAuthProvider
        auth_provider = PlainTextAuthProvider(auth[0], auth[1].read_text().strip())
    cluster = Cluster([host], port=port, connect_timeout=15, auth_provider=auth_provider)
    try:
        cluster.connect().execute(f"DROP KEYSPACE IF EXISTS {keyspace}", timeout=60)
    finally:
        cluster.shutdown()
