#!/usr/bin/env python3
"""Holds src/ to the layering its CMake files declare.

Each src/<module>/CMakeLists.txt names the modules its library links (sluice_module(sluice_x
deps...) or, for the executable, target_link_libraries). A header of module M may only be
included from a folder that is M itself or declares sluice_M: anything else would compile
only because some other target happens to pull M in. Prints every offending #include with
file and line, and exits 1 if there is any.
"""
import pathlib
import re
import sys

SRC = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parents[1] / "src")
MODULE_CALL = re.compile(r"(?:sluice_module|target_link_libraries)\s*\(([^)]*)\)", re.S)
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/')


def declared_modules(cmake_file: pathlib.Path) -> set[str]:
    text = re.sub(r"#.*", "", cmake_file.read_text())
    names = set()
    for call in MODULE_CALL.finditer(text):
        names.update(w[len("sluice_"):] for w in call.group(1).split() if w.startswith("sluice_"))
    return names


def main() -> int:
    modules = sorted(p.parent.name for p in SRC.glob("*/CMakeLists.txt"))
    problems = []
    for module in modules:
        allowed = declared_modules(SRC / module / "CMakeLists.txt") | {module}
        for path in sorted((SRC / module).rglob("*")):
            if path.suffix not in (".h", ".cpp"):
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                match = INCLUDE.match(line)
                if match and match.group(1) in modules and match.group(1) not in allowed:
                    problems.append(
                        f"{path.relative_to(SRC.parent)}:{number}: includes {match.group(1)}/, "
                        f"but src/{module}/CMakeLists.txt does not link sluice_{match.group(1)}")
    for p in problems:
        print(p)
    print(f"layering: {len(modules)} modules checked, {len(problems)} undeclared includes")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
