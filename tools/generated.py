"""The command line every generator in tools/ shares: write its files, or with --check compare.

A generator makes data files that ship in the package from an authority (the HPO ontology, the
official phenopacket and FHIR models, the tool's own closed sets); the tests run each with
``--check``, so a data file that drifts from its source fails the suite.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path


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
