"""The data disk fills up during a `sluice run` and is freed again: a clear error (a log line and
/readyz naming the full disk), no corruption, and the pipeline goes on by itself once there is
room, to the fault-free run's tables. The disk is a small tmpfs mounted by the test (as root);
where mounting is not allowed, files may not grow past a limit set on the process instead
(RLIMIT_FSIZE, EFBIG: "File too large"), raised again with prlimit while it runs
(SLUICE_FAULTS_NO_MOUNT=1 takes that way where mounting works)."""

import os
import resource
import signal
import subprocess

import faultlib

INPUT = faultlib.Input("faults-disk", pages=40, results=500)
DISK_BYTES = 64 << 20
ROOM_BYTES = 12 << 20  # left free at the start: the run needs ~45 MB in all
FULL_WORDS = ("No space left on device", "database or disk is full", "File too large",
              "disk I/O error")


def mount_tmpfs(where):
    where.mkdir()
    if os.environ.get("SLUICE_FAULTS_NO_MOUNT"):  # to try the other way where mounting works
        return False
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs",
                           str(where)], capture_output=True)
    return made.returncode == 0


def test_disk_full_then_freed_resumes_by_itself(tmp_path, tmp_path_factory):
    disk = tmp_path / "disk"
    mounted = mount_tmpfs(disk)
    print("data disk:", f"tmpfs of {DISK_BYTES >> 20} MiB" if mounted else "RLIMIT_FSIZE")
    filler = disk / "filler"
    limit = None
    if mounted:
        with open(filler, "wb") as f:
            f.write(b"\0" * (DISK_BYTES - ROOM_BYTES))
    else:
        limit = 8 << 20

    def limit_files():
        if limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            # The soft limit only: prlimit may raise it again without privileges.
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    try:
        with INPUT.mock(tmp_path) as api:
            config, env = INPUT.config(disk, api, pages_per_run=2, interval_ms=100,
                                       segment_bytes=1048576)
            db = faultlib.db_path(disk)
            run = faultlib.Run(config, env, tmp_path, preexec_fn=limit_files)
            try:
                run.wait_for("/readyz naming the full disk",
                             lambda: (lambda c, b: c == 503 and any(w in b for w in FULL_WORDS))(
                                 *run.readyz()), 60)
                faultlib.count("faults injected")
                logged = [line for line in run.output().splitlines()
                          if ("[warning]" in line or "[error]" in line)
                          and any(w in line for w in FULL_WORDS)]
                assert logged and str(disk) in logged[0], run.output()[-4000:]
                assert faultlib.total_rows(db) < INPUT.records
                # Room again: the pipeline finds it by itself.
                if mounted:
                    os.unlink(filler)
                else:
                    resource.prlimit(run.proc.pid, resource.RLIMIT_FSIZE,
                                     (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
                run.wait_for("every record stored",
                             lambda: faultlib.total_rows(db) >= INPUT.records, 120)
                run.wait_for("/readyz ready", lambda: run.readyz()[0] == 200, 30)
                assert run.stop() == 0, run.output()[-4000:]
            finally:
                run.kill()
            # No corruption: the log and the database open again without complaint.
            out = faultlib.harness.run(["run", "--config", config, "--once"], env)
            assert "log recovery" not in out.stdout + out.stderr
        faultlib.assert_same_as_reference(db, INPUT, tmp_path_factory.getbasetemp())
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(disk)], check=False)
