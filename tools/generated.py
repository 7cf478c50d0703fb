"""The command line every generator in tools/ shares: write its files, or with --check compare.

A generator makes data files that ship in the package from an authority (the HPO ontology, the
official phenopacket and FHIR models, the tool's own closed sets); the tests run each with
``--check``, so a data file that drifts from its source fails the suite.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any


def main(
    description: str, module: str, files: Callable[[], Mapping[Path, str]], argv: list[str] | None
) -> int:
    """Write each file its text, or with --check say which is out of date (exit 1 if one is)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if it differs")
    args = parser.parse_args(argv)
    for target, text in files().items():
        if not args.check:
            target.write_text(text, encoding="utf-8")
        elif target.read_text(encoding="utf-8") != text:
            sys.stderr.write(f"{target} is out of date: run python -m {module}\n")
            return 1
    return 0


def json_text(data: Mapping[str, Any], one_a_line: Collection[str]) -> str:
    """``data`` as JSON, each entry of the objects under ``one_a_line`` on a line of its own.

    A regenerated file's diff then shows the tables that changed, not one line that did.
    """
    parts = []
    for key, value in data.items():
        if key in one_a_line:
            entries = ",\n".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in value.items())
            parts.append(f"{json.dumps(key)}: {{\n{entries}\n}}")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"
