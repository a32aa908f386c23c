"""Damaged log segments after a run (docs/log_format.md, "Recovery on open"): a last segment
truncated mid-batch, bytes flipped in its last batch, bytes flipped in a middle batch. A torn or
corrupt tail is cut back to the last whole batch and the pages it held are fetched again; a
corrupt middle batch stops `sluice run` with an error naming the segment file and the byte,
and nothing is skipped. The documented way on (docs/operations.md, "A damaged log"): move the
log aside and run again, which re-reads the source from its first page. Each case ends with the
fault-free run's tables, row for row."""

import shutil
import struct
from pathlib import Path

import pytest

import faultlib

INPUT = faultlib.Input("faults-damage", pages=20, results=500)
HEADER = 40  # batch header bytes (docs/log_format.md, "Segments and batches")


def batches(segment):
    """[(position, total size)] of the whole batches in a segment file."""
    data = segment.read_bytes()
    out, pos = [], 0
    while pos + HEADER <= len(data):
        magic, _crc, length = struct.unpack_from("<4sII", data, pos)
        assert magic == b"SLB1", f"{segment} byte {pos}"
        out.append((pos, HEADER + length))
        pos += HEADER + length
    return out


def last_segment(tmp):
    """The largest partition's last segment file."""
    partitions = sorted((Path(tmp) / "data" / "log").glob("p*"),
                        key=lambda p: sum(f.stat().st_size for f in p.glob("*.seg")))
    return sorted(partitions[-1].glob("*.seg"))[-1]


def flip(path, position, n=8):
    with open(path, "r+b") as f:
        f.seek(position)
        data = bytearray(f.read(n))
        f.seek(position)
        f.write(bytes(b ^ 0xFF for b in data))


def first_run(tmp, api):
    config, env = INPUT.config(tmp, api)
    faultlib.harness.run(["run", "--config", config, "--once"], env)
    return config, env


@pytest.mark.parametrize("damage", ["truncate mid-batch", "flip bytes in the last batch"])
def test_a_damaged_tail_is_cut_to_the_last_whole_batch(damage, tmp_path, tmp_path_factory):
    with INPUT.mock(tmp_path) as api:
        config, env = first_run(tmp_path, api)
        segment = last_segment(tmp_path)
        position, size = batches(segment)[-1]
        if damage == "truncate mid-batch":
            with open(segment, "r+b") as f:
                f.truncate(position + size // 2)
        else:
            flip(segment, position + HEADER + size // 3)
        faultlib.count("bad inputs tried")
        out = faultlib.harness.run(["run", "--config", config, "--once"], env)
        logged = out.stdout + out.stderr
        assert "cut" in logged and f"at byte {position} of {segment}" in logged, logged[-4000:]
    faultlib.assert_same_as_reference(faultlib.db_path(tmp_path), INPUT,
                                      tmp_path_factory.getbasetemp())


def test_a_corrupt_middle_batch_stops_the_run_naming_file_and_byte(tmp_path, tmp_path_factory):
    with INPUT.mock(tmp_path) as api:
        config, env = first_run(tmp_path, api)
        db = faultlib.db_path(tmp_path)
        before = faultlib.rows(db)
        segment = last_segment(tmp_path)
        found = batches(segment)
        assert len(found) >= 3
        position, size = found[len(found) // 2]
        flip(segment, position + HEADER + size // 2)
        faultlib.count("bad inputs tried")
        out = faultlib.harness.run(["run", "--config", config, "--once"], env, check=False)
        assert out.returncode != 0
        error = [line for line in (out.stdout + out.stderr).splitlines() if "[error]" in line]
        assert error, out.stdout + out.stderr
        assert "Corruption" in error[-1] and str(segment) in error[-1], error[-1]
        assert f"checksum mismatch at byte {position}," in error[-1], error[-1]
        assert "refusing to open" in error[-1], error[-1]
        # Nothing was cut or skipped: the segment keeps its bytes, the tables their rows.
        assert len(batches(segment)) == len(found)
        assert faultlib.rows(db) == before
        # The documented way on: the log moved aside, the source read again from page 1.
        shutil.move(tmp_path / "data" / "log", tmp_path / "log.damaged")
        faultlib.harness.run(["run", "--config", config, "--once"], env)
    faultlib.assert_same_as_reference(faultlib.db_path(tmp_path), INPUT,
                                      tmp_path_factory.getbasetemp())
