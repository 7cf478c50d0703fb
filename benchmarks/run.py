"""Run every benchmark script in this folder (`*_bench.py`), one after the other.

Usage: python benchmarks/run.py [NAME ...]    (NAME: e.g. `startup` for startup_bench.py)

Each script times its own commands against its own floors and rewrites only its own section of
benchmarks/README.md, so a new script is picked up without changing this runner. The scripts run
with this interpreter (`make bench` uses the project's .venv). Exit status 1 if any script failed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    """Run the chosen scripts (all by default) and report which failed."""
    wanted = set(sys.argv[1:])
    scripts = [
        script
        for script in sorted(HERE.glob("*_bench.py"))
        if not wanted or script.name.removesuffix("_bench.py") in wanted
    ]
    if not scripts:
        print(f"no benchmark script matches {sorted(wanted)}", file=sys.stderr)
        return 2
    failed = []
    for script in scripts:
        print(f"\n== {script.name}", flush=True)
        if subprocess.run([sys.executable, str(script)], check=False).returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"\nran {len(scripts)} benchmark script(s); results in {HERE / 'README.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
