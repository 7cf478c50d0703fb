"""Mutation testing of the core modules with cosmic-ray: which changes to the code no test notices.

``make mutation`` runs this in its own virtual environment (cosmic-ray brings click, aiohttp and
sqlalchemy, which the project's own environment must not hide a need for). For each target, the
tracked files are copied to a temporary folder, where cosmic-ray changes the module one mutation
at a time and runs the target's tests; the copy comes first on ``PYTHONPATH``, so the tests import
the mutated copy, never the checkout. Prints the score of each target and every surviving mutant
as a diff; docs/mutation.md records a run and says which survivors are equivalent (a change
of code that cannot change behaviour).

    python -m tools.mutation                 every target
    python -m tools.mutation rules textsafe  only those
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Target:
    """A module to mutate and the tests that should notice each change."""

    name: str
    module: str
    tests: tuple[str, ...]


TARGETS = (
    Target("rules", "oms_cli/rules/__init__.py", ("tests/test_rules.py",)),
    Target("whatif", "oms_cli/rules/whatif.py", ("tests/test_whatif.py",)),
    Target("textsafe", "oms_cli/files/textsafe.py", ("tests/test_textsafe.py",)),
    Target(
        "batch-rows",
        "oms_cli/batch/rows.py",
        ("tests/test_batch.py", "tests/test_batch_columns.py"),
    ),
)


@dataclass(frozen=True)
class Score:
    """What one target's run gave: mutants made, killed, and the survivors as diffs."""

    total: int
    killed: int
    survivors: tuple[str, ...]

    @property
    def percent(self) -> float:
        """The share of mutants killed, in per cent (100 when there were none)."""
        return 100.0 * self.killed / self.total if self.total else 100.0


def copy_tree(destination: Path) -> None:
    """Copy the files git tracks (as they are in the working tree) into ``destination``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"],  # noqa: S607  (git from PATH, as make and a developer run it)
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)


def run_target(target: Target, cosmic_ray: Path) -> Score:
    """Mutate one module in a fresh copy of the tree and read back what survived."""
    with tempfile.TemporaryDirectory(prefix=f"oms-mutation-{target.name}-") as folder:
        tree = Path(folder)
        copy_tree(tree)
        tests = " ".join(target.tests)
        config = tree / "cosmic-ray.toml"
        config.write_text(
            "[cosmic-ray]\n"
            f'module-path = "{target.module}"\n'
            "timeout = 60.0\n"
            "excluded-modules = []\n"
            f'test-command = "{sys.executable} -m pytest -x -q -p no:cacheprovider {tests}"\n'
            '[cosmic-ray.distributor]\nname = "local"\n',
            encoding="utf-8",
        )
        env = {**os.environ, "PYTHONPATH": str(tree)}
        # The tests must pass on the module as it is: otherwise every mutant would count as
        # killed (a missing dependency once gave a false 100%).
        baseline = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *target.tests],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if baseline.returncode != 0:
            tail = "\n".join(baseline.stdout.splitlines()[-5:])
            raise SystemExit(f"{target.name}: the tests fail before any mutation:\n{tail}")
        session = tree / "session.sqlite"
        for step in ("init", "exec"):
            subprocess.run(
                [str(cosmic_ray), step, str(config), str(session)], cwd=tree, env=env, check=True
            )
        dump = subprocess.run(
            [str(cosmic_ray), "dump", str(session)],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    total = killed = 0
    survivors: list[str] = []
    for line in dump.splitlines():
        _item, result = json.loads(line)
        if result is None or result.get("worker_outcome") != "normal":
            continue
        total += 1
        if result["test_outcome"] == "survived":
            survivors.append(result.get("diff") or "")
        else:
            killed += 1
    return Score(total, killed, tuple(survivors))


def main(argv: list[str] | None = None) -> int:
    """Run the chosen targets; print each score and its survivors. Exit 0 (a report, not a gate)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=", ".join(t.name for t in TARGETS))
    args = parser.parse_args(argv)
    unknown = set(args.names) - {t.name for t in TARGETS}
    if unknown:
        parser.error(f"no such target: {', '.join(sorted(unknown))}")
    cosmic_ray = Path(sys.executable).with_name("cosmic-ray")
    chosen = [t for t in TARGETS if not args.names or t.name in args.names]
    scores = {target.name: run_target(target, cosmic_ray) for target in chosen}
    for target in chosen:
        score = scores[target.name]
        print(f"\n## {target.module} ({' '.join(target.tests)})")
        for diff in score.survivors:
            print(f"\nsurvived:\n{diff}")
    print("\n| module | tests | mutants | killed | score |\n|---|---|---|---|---|")
    for target in chosen:
        score = scores[target.name]
        print(
            f"| {target.module} | {' '.join(target.tests)} | {score.total} | {score.killed} |"
            f" {score.percent:.1f}% |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
