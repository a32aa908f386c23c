#!/usr/bin/env python3
"""Holds src/ to the layering its CMake files declare.

Each src/<module>/CMakeLists.txt names the modules its library links (sluice_module(sluice_x
deps...) or, for the executable, target_link_libraries). A header of module M may only be
included from a folder that is M itself or declares sluice_M: anything else would compile
only because some other target happens to pull M in. A subfolder with a CMakeLists.txt of its
own (src/schedule/store/) is a library of its own: its files answer to its declarations, and
linking its library allows including from its top folder. Prints every offending #include with
file and line, and exits 1 if there is any.
"""
import pathlib
import re
import sys

SRC = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parents[1] / "src")
MODULE_CALL = re.compile(r"(?:sluice_module|target_link_libraries)\s*\(([^)]*)\)", re.S)
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/')


MODULE_NAME = re.compile(r"sluice_module\s*\(\s*(sluice_[a-z_]+)")


def declarations(cmake_file: pathlib.Path) -> tuple[set[str], set[str]]:
    """(libraries the file defines, libraries it links), as sluice_* names."""
    text = re.sub(r"#.*", "", cmake_file.read_text())
    defined = set(MODULE_NAME.findall(text))
    linked = set()
    for call in MODULE_CALL.finditer(text):
        linked.update(w for w in call.group(1).split() if w.startswith("sluice_"))
    return defined, linked - defined


def main() -> int:
    units = sorted(p.parent for p in SRC.glob("*/**/CMakeLists.txt"))
    modules = sorted({u.relative_to(SRC).parts[0] for u in units})
    # Which top folder each library's headers live under: sluice_run_store -> schedule.
    folder_of = {f"sluice_{m}": m for m in modules}
    for unit in units:
        for lib in declarations(unit / "CMakeLists.txt")[0]:
            folder_of[lib] = unit.relative_to(SRC).parts[0]
    problems = []
    for unit in units:
        top = unit.relative_to(SRC).parts[0]
        linked = declarations(unit / "CMakeLists.txt")[1]
        allowed = {folder_of.get(lib, lib[len("sluice_"):]) for lib in linked} | {top}
        inner = [u for u in units if u != unit and unit in u.parents]
        for path in sorted(unit.rglob("*")):
            if path.suffix not in (".h", ".cpp") or any(u in path.parents for u in inner):
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                match = INCLUDE.match(line)
                if match and match.group(1) in modules and match.group(1) not in allowed:
                    problems.append(
                        f"{path.relative_to(SRC.parent)}:{number}: includes {match.group(1)}/, "
                        f"but {(unit / 'CMakeLists.txt').relative_to(SRC.parent)} does not link "
                        f"a library of it")
    for p in problems:
        print(p)
    print(f"layering: {len(units)} modules checked, {len(problems)} undeclared includes")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
