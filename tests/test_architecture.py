"""How the package is put together: which module may import which, and one owner for each text.

Read from the source (every import statement, at the top of a module or inside a function or a
``TYPE_CHECKING`` block: a lazy import is still a dependency), so that nothing is imported here
that the checks are about.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from oms_cli import content
from oms_cli.errors import message_line
from oms_cli.rules import TYPED_ANSWERS, Answer, NoteKey, parse_answer
from oms_cli.teaching import questionnaire, quiz

PACKAGE = Path(__file__).resolve().parent.parent / "oms_cli"

KNOWN_CYCLES: list[set[str]] = []
"""The import cycles the package still has, each with the reason it is there."""


def module_files() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    modules: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def import_graph() -> dict[str, set[str]]:
    """Which of the package's modules each module imports (anywhere in it)."""
    modules = module_files()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                graph[name].update(alias.name for alias in node.names if alias.name in modules)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    kept = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*kept, *([node.module] if node.module else [])])
                for alias in node.names:
                    target = f"{base}.{alias.name}"
                    if target in modules:
                        graph[name].add(target)
                    elif base in modules:
                        graph[name].add(base)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check below could fail: a made-up graph with a cycle gives that cycle."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [{"a", "b", "c"}]


def test_the_import_graph_has_no_cycle_but_the_known_ones() -> None:
    """No import cycle other than those listed, with their reason, in `KNOWN_CYCLES`.

    A listed cycle that is gone fails too, so that the list says what is true.
    """
    found = cycles(import_graph())
    unexpected = [cycle for cycle in found if cycle not in KNOWN_CYCLES]
    assert unexpected == [], f"new import cycles: {unexpected}"
    gone = [cycle for cycle in KNOWN_CYCLES if cycle not in found]
    assert gone == [], f"no longer cycles, remove them from KNOWN_CYCLES: {gone}"


def test_the_rule_depends_on_nothing_and_its_wording_only_on_the_rule() -> None:
    """`rules` imports no other module of the package; `content` imports `rules` alone."""
    graph = import_graph()
    assert graph["oms_cli.rules"] == set()
    assert graph["oms_cli.content"] == {"oms_cli.rules"}


def test_the_json_path_loads_no_layout_and_the_layouts_are_apart() -> None:
    """The result model and the JSON renderer import no layout; the layouts not each other.

    `oms check --format json` loads `result` and `json_object` (not `wording`, `render` or
    `markdown`), so it loads only what it prints; text and Markdown take their words from
    `result`, `wording` and `content`, never from each other.
    """
    graph = import_graph()
    people = {"oms_cli.views.wording", "oms_cli.views.markdown", "oms_cli.views.render"}
    for module in ("oms_cli.views.result", "oms_cli.views.json_object"):
        assert not graph[module] & people, module
    assert "oms_cli.views.markdown" not in graph["oms_cli.views.render"]
    assert "oms_cli.views.render" not in graph["oms_cli.views.markdown"]


def test_render_knows_nothing_of_batch_and_batch_output_for_people_is_in_batch() -> None:
    """`render` imports no batch module; the table, summary and progress are `batch.screen`'s."""
    graph = import_graph()
    assert not {name for name in graph["oms_cli.views.render"] if name.startswith("oms_cli.batch")}
    users_of_render = {name for name, targets in graph.items() if "oms_cli.views.render" in targets}
    assert {name for name in users_of_render if name.startswith("oms_cli.batch")} == {
        "oms_cli.batch.screen",
        "oms_cli.batch.command",  # its console, for the table on standard output
    }


def test_every_note_the_rule_chooses_has_its_wording() -> None:
    """Each note key has its text in `content` (the undetermined note's is a template there)."""
    assert {*content.NOTE_TEXT, NoteKey.UNDETERMINED} == set(NoteKey)
    assert "{which}" in content.UNDETERMINED_NOTE.text


def test_a_typed_answer_means_the_same_everywhere() -> None:
    """y/yes, n/no, u/unknown: one table, read alike by flags' values, questions and the quiz."""
    assert set(TYPED_ANSWERS.values()) == set(Answer)
    for word, answer in TYPED_ANSWERS.items():
        assert parse_answer(word) is answer
        assert questionnaire.FINDING_WORDS[word] is answer
        assert quiz.VERDICT_ANSWERS[word] is quiz.VERDICT_OF_ANSWER[answer]
        assert quiz.STATUS_ANSWERS[word] is quiz.STATUS_OF_ANSWER[answer]


def string_constants(path: Path) -> list[str]:
    """The string constants of a module, the literal parts of f-strings included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_only_process_writes_the_oms_lines_on_standard_error() -> None:
    """Every "oms: ..." line comes from `errors.notice` (`message_line`), in one format.

    `__main__` writes its signal line by hand, before `process` (and typer) can be imported, with
    the same "oms: " and words; tests/test_signals.py checks that the two lines read alike.
    """
    writers = {
        path.relative_to(PACKAGE).as_posix()
        for path in module_files().values()
        if any(text.startswith("oms: ") for text in string_constants(path))
    }
    assert writers == {"errors.py", "__main__.py"}
    assert message_line("") in string_constants(PACKAGE / "__main__.py")  # the same "oms: "


def json_strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON value, keys excepted."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from json_strings(item)


def test_the_fictional_cases_sentences_are_written_once() -> None:
    """The sentence "Every case is fictional ..." is written in the content's data only, once.

    Neither a module's string constants nor another data file of the package hold it.
    """
    texts = [(path, string_constants(path)) for path in module_files().values()]
    texts += [
        (path, list(json_strings(json.loads(path.read_text(encoding="utf-8")))))
        for path in PACKAGE.rglob("*.json")
    ]
    found = [
        (path.relative_to(PACKAGE).as_posix(), text)
        for path, strings in texts
        for text in strings
        if "Every case is fictional" in text
    ]
    assert sorted(found) == sorted(
        [
            ("content/check.json", content.CASES_FICTIONAL),
            ("content/check.json", content.CASE_LIST_FICTIONAL),
        ]
    )
