#!/usr/bin/env python3
"""Lists functions and source files over the house limits (80-line functions, 500-line files).

Relies on clang-format's layout (Google style, namespaces not indented): a function
definition at namespace level opens with a line ending in '{' at column 0 and closes
with '}' at column 0. Exits 1 when anything is over a limit, so scripts/test.sh can
keep the rule.
"""
import re
import sys
from pathlib import Path

FUNCTION_LIMIT = 80
FILE_LIMIT = 500
NOT_A_FUNCTION = re.compile(r"^(namespace|struct|class|enum|union|extern|template\s*<[^>]*>\s*(struct|class))\b|=\s*\{$")


def long_functions(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    start = None
    for number, line in enumerate(lines, 1):
        if start is None:
            if line.endswith("{") and line[:1] not in ("", " ", "\t", "#", "/", "}") \
                    and not NOT_A_FUNCTION.search(line):
                start = number
        elif line.startswith("}"):
            length = number - start + 1
            if length > FUNCTION_LIMIT:
                yield start, length
            start = None


def main(roots):
    over = []
    for root in roots:
        for path in sorted(Path(root).rglob("*")):
            if path.suffix not in (".cpp", ".hpp", ".in"):
                continue
            count = len(path.read_text(encoding="utf-8").splitlines())
            if count > FILE_LIMIT:
                over.append(f"{path}: {count} lines (limit {FILE_LIMIT})")
            for line, length in long_functions(path):
                over.append(f"{path}:{line}: function of {length} lines (limit {FUNCTION_LIMIT})")
    print("\n".join(over) if over else "function and file sizes within the limits")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["lib"]))
