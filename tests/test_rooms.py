"""Small rooms (issue #12, build 7): no function in the package has more than 60 lines of code.

A line of code is a non-blank line that holds a Python token other than a comment; the
docstring does not count (a line inside a multi-line string does, even when it starts with
``#``). Migrations are history and are left as written.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "loadwatch"
MAX_LINES = 60
_LAYOUT = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
           tokenize.ENDMARKER}


def code_lines(source: str) -> set[int]:
    """Numbers of the lines that hold code: a token other than comments and layout."""
    lines = source.splitlines()
    found: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in _LAYOUT:
            found.update(range(token.start[0], token.end[0] + 1))
    return {n for n in found if n <= len(lines) and lines[n - 1].strip()}


def _docstring_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[int]:
    first = node.body[0]
    if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)):
        return set(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return set()


def long_functions(source: str, limit: int = MAX_LINES) -> list[tuple[str, int]]:
    """(qualified name, lines of code) of every function in `source` longer than `limit`."""
    code = code_lines(source)
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = prefix
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                span = set(range(child.lineno, (child.end_lineno or child.lineno) + 1))
                n = len((span & code) - _docstring_lines(child))
                if n > limit:
                    found.append((name, n))
                name += "."
            elif isinstance(child, ast.ClassDef):
                name = f"{prefix}{child.name}."
            visit(child, name)

    visit(ast.parse(source), "")
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def test_the_counter_counts_code_not_docstrings_comments_or_blank_lines() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(59))
    source = ('def fits():\n    """Doc\n\n    more doc."""\n    # a comment\n\n'
              f"{body}\n\n"
              'def too_long():\n    text = """\n\n# a heading inside a string is code\n"""\n'
              f"{body}\n")
    # fits: the def line and 59 assignments; too_long: the def line, three lines of a string
    # (its blank line does not count) and 59 assignments
    assert long_functions(source) == [("too_long", 63)]
    assert long_functions(source, limit=59) == [("fits", 60), ("too_long", 63)]


def test_nested_functions_and_methods_are_named_by_their_path() -> None:
    inner = "\n".join(f"            y{i} = {i}" for i in range(61))
    source = f"class Box:\n    def outer(self):\n        def inner():\n{inner}\n"
    assert long_functions(source) == [("Box.outer", 63), ("Box.outer.inner", 62)]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_function_is_longer_than_sixty_lines_of_code(path: Path) -> None:
    too_long = long_functions(path.read_text(encoding="utf-8"))
    assert not too_long, (f"{path.relative_to(ROOT)}: split into well-named pieces: "
                          + ", ".join(f"{name} ({n} lines)" for name, n in too_long))
