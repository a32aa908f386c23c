"""Prints the fault suite's tally at the end of a session (faultlib.TALLY, faultlib.HITS): the
figures docs/operations.md ("Fault suite") records."""

import os
from pathlib import Path

import faultlib


def pytest_terminal_summary(terminalreporter):
    lines = [f"{key}: {value}" for key, value in faultlib.TALLY.items()]
    lines += [f"  crashes at {moment}: {n}" for moment, n in sorted(faultlib.HITS.items())]
    lines.append(f"reproduce: {faultlib.REPRODUCE}")
    terminalreporter.section("fault suite summary")
    for line in lines:
        terminalreporter.write_line(line)
    out_dir = os.environ.get("SLUICE_TEST_OUTPUT_DIR")
    if out_dir:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        (Path(out_dir) / "faults-summary.txt").write_text("\n".join(lines) + "\n")
