"""The cluster-mode fault scenarios need the real servers that scripts/test-services starts, so
they run with tests/services (scripts/test-services runs this folder after it), not under ctest.
They share tests/services' settings and fixtures: its conftest.py is loaded here under another
module name, and everything it exports is exported again from this one, so that
tests/services/pipeline_harness.py's `from conftest import ...` finds it too."""

import importlib.util
import sys
from pathlib import Path

SERVICES_TESTS = Path(__file__).resolve().parents[2] / "services"
sys.path.insert(0, str(SERVICES_TESTS))

_spec = importlib.util.spec_from_file_location("services_conftest", SERVICES_TESTS / "conftest.py")
services_conftest = importlib.util.module_from_spec(_spec)
sys.modules["services_conftest"] = services_conftest
_spec.loader.exec_module(services_conftest)

from services_conftest import *  # noqa: E402,F401,F403  (settings and fixtures)

import faultlib  # noqa: E402  (tests/faults/faultlib.py, on the path for tests/faults/conftest.py)

faultlib.REPRODUCE = ("make services-test, or with the servers up: python3 -m pytest "
                      "tests/faults/cluster (SLUICE_FAULTS_SEED=<seed> repeats the kill moments)")
