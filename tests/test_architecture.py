"""How the package is put together: which module may import which, and one owner for each text.

Read from the source (every import statement, at the top of a module or inside a function or a
``TYPE_CHECKING`` block: a lazy import is still a dependency), so that nothing is imported here
that the checks are about.
"""

from __future__ import annotations

import ast
from pathlib import Path

from oms_cli import content
from oms_cli.cli.process import message_line
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


def test_the_layouts_take_their_words_from_the_wording_module() -> None:
    """`render` and `markdown` read no content and no notes of their own: `wording` words views.

    The JSON contract (`report`) imports neither the wording nor a layout, so that the JSON path
    loads only what it prints.
    """
    graph = import_graph()
    for layout in ("oms_cli.views.render", "oms_cli.views.markdown"):
        assert "oms_cli.views.wording" in graph[layout]
        assert not graph[layout] & {"oms_cli.content", "oms_cli.views.json_object"}, layout
    assert not graph["oms_cli.views.json_object"] & {
        "oms_cli.views.wording",
        "oms_cli.views.markdown",
        "oms_cli.views.render",
    }


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
    """Every "oms: ..." line comes from `process.notice` (`message_line`), in one format.

    `__main__` writes its Ctrl-C line by hand, before `process` (and typer) can be imported;
    it must be the line `notice` writes.
    """
    writers = {
        path.relative_to(PACKAGE).as_posix()
        for path in module_files().values()
        if any(text.startswith("oms: ") for text in string_constants(path))
    }
    assert writers == {"cli/process.py", "__main__.py"}
    assert f"{message_line('interrupted')}\n" in string_constants(PACKAGE / "__main__.py")


def test_the_fictional_cases_sentences_are_written_once() -> None:
    """The sentence "Every case is fictional ..." is written in `content` only, once a wording."""
    found = {
        (path.relative_to(PACKAGE).as_posix(), text)
        for path in module_files().values()
        for text in string_constants(path)
        if "Every case is fictional" in text
    }
    assert found == {
        ("content/__init__.py", content.CASES_FICTIONAL),
        ("content/__init__.py", content.CASE_LIST_FICTIONAL),
    }
