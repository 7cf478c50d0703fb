"""The guarded JSON reader: limits on size, depth and number length, repeated keys refused."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oms_cli.files import jsonread
from oms_cli.files.jsonread import (
    JsonError,
    JsonNumberTooLong,
    JsonReader,
    JsonRepeatedKey,
    JsonSyntaxError,
    JsonTooDeep,
    JsonTooLarge,
)

READ = JsonReader(max_chars=1 << 20)
AS_TEXT = JsonReader(max_chars=1 << 20, numbers_as_text=True)


def test_ordinary_json_reads_as_python_values() -> None:
    """Objects, arrays, strings, numbers, true/false/null: what json.loads gives."""
    text = '{"a": [1, 2.5, "x", true, false, null], "b": {"c": -3e2}}'
    assert READ(text) == json.loads(text)


def test_numbers_as_text_keep_their_literal_spelling() -> None:
    """With numbers_as_text, 1e3 stays "1e3" and 007-free integers keep their digits."""
    assert AS_TEXT('{"id": 1e3, "n": 10, "c": NaN}') == {"id": "1e3", "n": "10", "c": "NaN"}


def test_nan_and_infinity_are_refused_where_numbers_are_converted() -> None:
    """NaN and Infinity are not JSON: refused, not read as floats."""
    with pytest.raises(JsonSyntaxError, match="NaN is not a JSON value"):
        READ('{"a": NaN}')


@pytest.mark.parametrize("nesting", ["[", '{"a":'])
def test_nesting_deeper_than_the_limit_is_refused_with_its_position(nesting: str) -> None:
    """Arrays or objects nested past the limit: JsonTooDeep at the first bracket too deep."""
    text = nesting * 3000
    with pytest.raises(JsonTooDeep) as caught:
        READ(text)
    assert caught.value.problem == f"nested more than {jsonread.MAX_DEPTH} levels deep"
    assert caught.value.line == 1
    assert caught.value.column == jsonread.MAX_DEPTH * len(nesting) + 1


def test_nesting_at_the_limit_is_read() -> None:
    """Exactly the limit is accepted; brackets inside strings are not nesting."""
    depth = jsonread.MAX_DEPTH
    assert READ("[" * depth + "]" * depth) is not None
    assert READ(json.dumps({"a": "[[[{{{" * 1000})) == {"a": "[[[{{{" * 1000}


def test_a_deep_document_never_reaches_a_recursion_error() -> None:
    """100,000 levels (far past Python's recursion limit): a JsonError, never RecursionError."""
    with pytest.raises(JsonTooDeep):
        READ("[" * 100_000 + "]" * 100_000)


def test_long_numbers_are_refused_before_conversion() -> None:
    """A number over the limit is refused (Python's int() would raise past 4,300 digits)."""
    with pytest.raises(JsonNumberTooLong, match="a number longer than 100 characters"):
        READ('{"a": ' + "9" * 5000 + "}")
    with pytest.raises(JsonNumberTooLong):
        READ("1." + "5" * 200)
    assert READ("9" * jsonread.MAX_NUMBER) == int("9" * jsonread.MAX_NUMBER)


def test_long_numbers_as_text_are_kept() -> None:
    """Read as text, a number is not converted, so its length is bounded only by the size."""
    assert AS_TEXT("9" * 5000) == "9" * 5000


def test_repeated_keys_are_refused_at_any_depth() -> None:
    """The same key twice in one object is refused, naming the key, however deep it is."""
    with pytest.raises(JsonRepeatedKey, match="key 'a' appears twice"):
        READ('{"a": 1, "b": 2, "a": 3}')
    with pytest.raises(JsonRepeatedKey, match="key 'x' appears twice"):
        READ('[{"k": {"x": 1, "x": 1}}]')
    assert READ('{"a": 1, "A": 2}') == {"a": 1, "A": 2}


def test_a_repeated_key_is_shown_safely() -> None:
    """A key with an escape sequence is named with the escape made visible."""
    with pytest.raises(JsonRepeatedKey) as caught:
        READ('{"\\u001b[2J": 1, "\\u001b[2J": 2}')
    assert "\x1b" not in str(caught.value)


def test_text_over_the_size_limit_is_refused() -> None:
    """Longer than max_chars: refused before parsing."""
    with pytest.raises(JsonTooLarge, match="longer than 10 characters"):
        JsonReader(max_chars=10)('"' + "a" * 20 + '"')


def test_syntax_errors_keep_the_parsers_line_and_column() -> None:
    """Not JSON: the parser's message with its line and column."""
    with pytest.raises(JsonSyntaxError) as caught:
        READ('{"a": 1,\n  "b": }')
    assert (caught.value.problem, caught.value.line, caught.value.column) == (
        "Expecting value",
        2,
        8,
    )


JSON_TEXT = st.one_of(
    st.text(alphabet='[]{}",:\\ 0123456789.eE-+aNnIfinityrulsft\n'),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    ).map(json.dumps),
)


@given(text=JSON_TEXT)
def test_any_text_is_read_or_refused_with_a_json_error(text: str) -> None:
    """Whatever the text, the reader returns a value or raises JsonError, nothing else."""
    problems = []
    for reader in (READ, AS_TEXT, JsonReader(max_chars=200, max_depth=3, max_number=5)):
        try:
            reader(text)
        except JsonError as error:
            problems.append(error.problem)
    assert all(problem and "\n" not in problem for problem in problems), problems
