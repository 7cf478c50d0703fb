"""Start-up time of `oms`, against the floors it cannot go below, measured side by side.

Used by benchmarks/run.py (`make bench`), the one runner. Times each command as a whole process
(start, run, exit), interleaved with the two floors `python -c pass` and `python -c "import typer"`
on the same interpreter. `typer_versions` (run.py --typer-versions, `make bench-typer`) builds a
throwaway venv per typer version (under the temporary directory; needs pip and the package index)
and times a hello-world Typer app in each: the evidence for the typer pin.
"""

from __future__ import annotations

import ast
import os
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import timing
from timing import Command, Figure, Samples

FINDING_FLAGS = (
    "--neuroblastoma",
    "--opsoclonus",
    "--myoclonus",
    "--ataxia",
    "--behavior",
    "--sleep",
)
FLOOR_BARE = 'python -c "pass"'
FLOOR_TYPER = 'python -c "import typer"'
FLOOR_TEXT = "import typer, rich... (render's imports)"
"""The imports every command that prints for people cannot avoid: the floor of the text rows."""
FLOOR_HELP = 'python -c "import typer.rich_utils"'
PEOPLE_MODULES = ("views/render.py",)
"""The modules of oms_cli that print for people: the only ones importing rich."""


def render_imports() -> str:
    """The rich modules that output for people imports at the top of its modules, read from them.

    Importing just these, after typer, is the floor of every command that prints for people.
    """
    names: set[str] = set()
    for module in PEOPLE_MODULES:
        tree = ast.parse((timing.HERE.parent / "oms_cli" / module).read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
    return ", ".join(sorted(name for name in names if name.split(".")[0] == "rich"))


CHECK_JSON = "oms check --no-input --format json (all six)"

HELLO = """\
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")


app()
"""


def child_env() -> dict[str, str]:
    """The environment for timed runs: no PYTHON* settings (they change what start-up does)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    return {**env, "COLUMNS": "100", "NO_COLOR": "1"}


def compile_package(python: str) -> None:
    """Write oms_cli's .pyc files first, as `pip install` does: an editable install does not.

    Without this, a run under PYTHONDONTWRITEBYTECODE (set in some sandboxes and CI images)
    compiles every module from source each time and measures the compiler, not the program.
    """
    subprocess.run(
        [
            python,
            "-c",
            "import compileall, oms_cli, pathlib; "
            "compileall.compile_dir(pathlib.Path(oms_cli.__file__).parent, quiet=1)",
        ],
        check=True,
    )


def info_command(oms: str, env: dict[str, str]) -> tuple[Command | None, str]:
    """`oms info symptoms` if this build has the command, else None and the reason."""
    command = Command("oms info symptoms", (oms, "info", "symptoms"))
    result = subprocess.run(command.argv, capture_output=True, text=True, env=env, check=False)
    if result.returncode == 0:
        return command, ""
    if "No such command" in result.stderr:
        return None, "`oms info` does not exist in this build"
    raise RuntimeError(f"oms info symptoms: exit {result.returncode}\n{result.stderr}")


@dataclass(frozen=True)
class Row:
    """One line of the table: a command, its goal (a ratio to `import typer`) and its own floor."""

    command: Command
    goal: float | None = None
    floor: str | None = None
    """Label of the row timing only the imports this command cannot avoid, if it has one."""
    role: str = "report"


def rows(python: str, oms: str, env: dict[str, str]) -> tuple[list[Row], str]:
    """Everything the start-up table times, and why `oms info` was skipped (empty if it was not)."""
    json_args = ("check", "--no-input", "--format", "json", *FINDING_FLAGS)
    text_args = ("check", "--no-input", "--format", "text", *FINDING_FLAGS)
    table = [
        Row(Command(FLOOR_BARE, (python, "-c", "pass")), role="floor"),
        Row(Command(FLOOR_TYPER, (python, "-c", "import typer")), role="floor"),
        Row(
            Command(FLOOR_TEXT, (python, "-c", f"import typer, {render_imports()}")),
            role="floor: of the text rows",
        ),
        Row(
            Command(FLOOR_HELP, (python, "-c", "import typer.rich_utils")),
            role="floor: of `oms --help` (typer's rich help)",
        ),
        # The interface contract (interface.md, Speed): within 1.3x `import typer`.
        Row(Command(CHECK_JSON, (oms, *json_args)), goal=1.3),
        Row(
            Command(
                "python -m oms_cli check ... json (all six)", (python, "-m", "oms_cli", *json_args)
            )
        ),
        Row(
            Command("oms check --no-input --format text (all six)", (oms, *text_args)),
            goal=1.6,
            floor=FLOOR_TEXT,
        ),
        Row(
            Command("oms --help", (oms, "--help")),
            role="report: help has no tight budget (interface.md, Speed); its floor is the row "
            "above",
        ),
    ]
    info, skipped = info_command(oms, env)
    if info is not None:
        table.append(Row(info, goal=1.6, floor=FLOOR_TEXT))
    return table, skipped


def startup(python: str, runs: int, warmup: int) -> tuple[str, list[Figure]]:
    """Measure the start-up table: its details as Markdown, and the figures of the results table."""
    compile_package(python)
    env = child_env()
    table, skipped = rows(python, str(Path(python).with_name("oms")), env)
    if skipped:
        print(f"skipped: oms info symptoms ({skipped})")
    commands = [row.command for row in table]
    for command in commands:
        timing.verify(command, env)

    load_before = timing.load()
    with timing.one_cpu() as cpu:
        samples = timing.measure(commands, runs=runs, warmup=warmup, env=env)
    load_after = timing.load()
    facts = timing.interpreter_facts(python)

    lines = [
        f"Start-up, measured {timing.today()}: Python {facts['python']}, typer {facts['typer']}, "
        f"rich {facts['rich']}; load average {load_before} before, {load_after} after; {runs} "
        f"interleaved runs after {warmup} warm-up rounds, {cpu}.",
        "",
        "| command | wall ms | min ms | CPU ms | vs `import typer` | vs `pass` | goal |",
        "|---|---|---|---|---|---|---|",
    ]
    figures = []
    typer, bare = samples[FLOOR_TYPER], samples[FLOOR_BARE]
    for row in table:
        kept = samples[row.command.label]
        wall = timing.Summary.of(kept.wall_ms)
        cells = [f"`{row.command.label}`", wall.ms(), f"{wall.minimum:.1f}"]
        cells += [f"{timing.Summary.of(kept.cpu_ms).median:.1f}"]
        cells += [_ratio(kept, typer), _ratio(kept, bare)]
        label = f"`{row.command.label}`"
        if row.goal is None:
            cells.append(row.role)
            if row.command.label not in (FLOOR_BARE, FLOOR_TYPER):
                figures.append(Figure("start-up", label, _both(kept, typer), note=row.role))
        else:
            value, _ = timing.ratio(kept, typer)
            met = value <= row.goal
            note = ""
            if row.floor is not None:
                own_floor, _ = timing.ratio(samples[row.floor], typer)
                note = f"its floor, typer and rich's imports: {own_floor:.2f}x"
            cells.append(f"<= {row.goal:g}x: {'met' if met else '**not met**'}")
            figures.append(
                Figure("start-up", label, _both(kept, typer), f"<= {row.goal:g}x", met, note)
            )
        lines.append("| " + " | ".join(cells) + " |")
    if skipped:
        lines += ["", f"`oms info symptoms`: not measured, {skipped}."]
    return "\n".join(lines), figures


def _ratio(samples: Samples, floor: Samples) -> str:
    value, paired = timing.ratio(samples, floor)
    return f"{value:.2f}x ({paired.q1:.2f}-{paired.q3:.2f})"


def _both(samples: Samples, floor: Samples) -> str:
    """The wall-time ratio, then the ratio of median CPU times (less moved by other jobs)."""
    cpu = statistics.median(samples.cpu_ms) / statistics.median(floor.cpu_ms)
    return f"{_ratio(samples, floor)}; CPU {cpu:.2f}x"


def typer_venv(python: str, version: str) -> str:
    """A throwaway venv with only typer==version installed; reused when it already has it."""
    root = Path(tempfile.gettempdir()) / f"oms-bench-typer-{version}"
    venv_python = root / "bin" / "python"
    if venv_python.exists() and timing.interpreter_facts(str(venv_python))["typer"] == version:
        return str(venv_python)
    subprocess.run([python, "-m", "venv", "--clear", str(root)], check=True)
    subprocess.run(
        [str(venv_python), "-m", "pip", "install", "--quiet", f"typer=={version}"], check=True
    )
    return str(venv_python)


def loads_pydantic(python: str, script: Path) -> bool:
    """Whether running the script imports pydantic (read from ``-X importtime``)."""
    result = subprocess.run(
        [python, "-X", "importtime", str(script)], capture_output=True, text=True, check=True
    )
    return any(line.rsplit("|", 1)[-1].strip() == "pydantic" for line in result.stderr.splitlines())


def typer_versions(python: str, versions: list[str], runs: int, warmup: int) -> str:
    """Time a hello-world Typer app under each typer version; return a Markdown table."""
    env = child_env()
    hello = Path(tempfile.gettempdir()) / "oms-bench-typer-hello.py"
    hello.write_text(HELLO, encoding="utf-8")
    pythons = {version: typer_venv(python, version) for version in versions}
    commands = []
    for version, venv_python in pythons.items():
        commands.append(Command(f"hello {version}", (venv_python, str(hello))))
        commands.append(Command(f"import {version}", (venv_python, "-c", "import typer")))
    for command in commands:
        timing.verify(command, env)
    with timing.one_cpu() as cpu:
        samples = timing.measure(commands, runs=runs, warmup=warmup, env=env)
    facts = timing.interpreter_facts(python, packages=())
    base = samples[f"hello {versions[0]}"]
    lines = [
        f"Measured {timing.today()}: Python {facts['python']}; {timing.machine()}; {runs} "
        f"interleaved runs after {warmup} warm-up rounds, {cpu}. The app is a one-command "
        "hello world (`python hello.py`), each typer version in its own fresh venv.",
        "",
        "| typer | pulls in pydantic | hello world ms | `import typer` ms "
        f"| hello vs {versions[0]} |",
        "|---|---|---|---|---|",
    ]
    for version, venv_python in pythons.items():
        run = samples[f"hello {version}"]
        imported = timing.Summary.of(samples[f"import {version}"].wall_ms)
        lines.append(
            f"| {version} | {'yes' if loads_pydantic(venv_python, hello) else 'no'} "
            f"| {timing.Summary.of(run.wall_ms).ms()} | {imported.ms()} | {_ratio(run, base)} |"
        )
    return "\n".join(lines)
