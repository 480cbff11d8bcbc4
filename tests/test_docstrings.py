"""The public API documents itself the pvlib way (issue #12, item 8): every object of
`loadwatch.__all__` has an example that runs as a doctest, and every function names its
sections, the unit of its numbers and the spec section or paper it implements."""

from __future__ import annotations

import doctest
import inspect
import re

import pytest

import loadwatch
import loadwatch.vocab

#: the risk model pulls in scikit-learn on first use; its examples are welcome, not required
LAZY = frozenset(loadwatch._MODEL)
PUBLIC = [name for name in loadwatch.__all__ if name != "__version__"]
REQUIRED = [name for name in PUBLIC if name not in LAZY]

#: what counts as naming a unit or a source in a docstring
UNITS = ("AU", "minutes", "reps", "cm/year", "cm", "days", "hours", "balls", "%",
         "ratio", "dimensionless", "per 1,000 h", "0–10")
SOURCE = re.compile(r"§\s?\d|et al\.|\b(19|20)\d\d\b|issue #\d+")


def _doctests(obj: object, name: str) -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(recurse=False)
    return [test for test in finder.find(obj, name, globs={}) if test.examples]


def _run(tests: list[doctest.DocTest]) -> tuple[int, str]:
    """Run doctests; returns (failures, what the runner printed about them)."""
    out: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in tests:
        runner.run(test, out=out.append)
    return runner.failures, "".join(out)


def _public_functions() -> list[tuple[str, object]]:
    found = []
    for name in REQUIRED:
        obj = getattr(loadwatch, name)
        if callable(obj) and not inspect.isclass(obj):
            found.append((name, obj))
    return found


def test_the_public_names_are_what_this_test_expects() -> None:
    functions = {name for name, _ in _public_functions()}
    assert {"read_log", "parse_log", "daily_metrics", "weekly_metrics", "assess", "evaluate",
            "max_safe_load", "load_config", "default_config", "rau_from_rac"} <= functions
    assert {"Assessment", "Config", "ParsedLog", "Col"} <= set(REQUIRED) - functions


@pytest.mark.parametrize("name", REQUIRED)
def test_every_public_object_has_an_example_that_runs(name: str) -> None:
    tests = _doctests(getattr(loadwatch, name), name)
    assert tests, f"loadwatch.{name} has no Examples section with a doctest"
    failures, report = _run(tests)
    assert failures == 0, report


@pytest.mark.parametrize("name", sorted(LAZY))
def test_the_risk_model_examples_that_exist_run(name: str) -> None:
    failures, report = _run(_doctests(getattr(loadwatch, name), name))
    assert failures == 0, report


def test_the_vocabulary_module_doctest_runs() -> None:
    tests = [t for t in doctest.DocTestFinder().find(loadwatch.vocab) if t.examples]
    assert any(t.name == "loadwatch.vocab" for t in tests)
    failures, report = _run(tests)
    assert failures == 0, report


@pytest.mark.parametrize("name", [n for n, _ in _public_functions()])
def test_public_functions_have_numpydoc_sections(name: str) -> None:
    obj = getattr(loadwatch, name)
    doc = inspect.getdoc(obj) or ""
    summary = doc.splitlines()[0] if doc else ""
    assert summary.endswith((".", "…")) and len(summary) > 20, f"{name}: one-line summary"
    params = [p for p in inspect.signature(obj).parameters if p not in ("self", "cls")]
    sections = ["Returns", "Examples"] + (["Parameters"] if params else [])
    for section in sections:
        assert re.search(rf"^{section}\n-+$", doc, flags=re.M), f"{name}: no {section}"
    documented = {part for line in re.findall(r"^(\w+(?:, \w+)*) :", doc, flags=re.M)
                  for part in line.split(", ")}
    assert not set(params) - documented, f"{name}: parameters without an entry"


@pytest.mark.parametrize("name", REQUIRED)
def test_docstrings_name_a_unit_and_a_source(name: str) -> None:
    obj = getattr(loadwatch, name)
    doc = inspect.getdoc(obj) or ""
    params = inspect.signature(obj).parameters if callable(obj) and not inspect.isclass(obj) \
        else {}
    if params:  # loads, durations, ratios, days: the numbers a function takes have units
        assert any(unit in doc for unit in UNITS), f"{name}: no unit named"
    assert SOURCE.search(doc), f"{name}: no spec section (docs/domain-spec.md §…) or paper"


def test_the_checks_catch_a_docstring_without_example_or_unit() -> None:
    def bare(load: float) -> float:
        """Double a load."""
        return 2 * load

    assert _doctests(bare, "bare") == []
    assert not any(unit in (bare.__doc__ or "") for unit in UNITS)
    failing = doctest.DocTestParser().get_doctest(">>> 1 + 1\n3\n", {}, "x", None, 0)
    assert _run([failing])[0] == 1
