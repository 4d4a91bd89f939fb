"""Every case of tests/bad-inputs/manifest.csv through Python, as the CLI and C runners do.

Framework cases: ``Framework.load`` then ``.validate()``; data cases: ``Observations.from_csv``
(or ``from_fingertips_csv``) then ``.check()`` against base-framework.toml. Kinds parse / data /
io must raise ParseError / DataError / FileError with the manifest's ``.path``; validation
cases load and give an error diagnostic at that path. The CLI prefixes data-check paths with
the data file ("data/x.csv: line 3 (value)"); Python gives the bare path, so a leading
"FILE: " is stripped. Tests run from the corpus folder and open files by their manifest names,
so file-level paths ("frameworks/invalid-utf8.toml") compare as written.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import NamedTuple

import pytest

import outcomes

REPO_ROOT = Path(__file__).resolve().parents[2]

CORPUS = REPO_ROOT / "tests" / "bad-inputs"
ERRORS: dict[str, type[outcomes.OutcomesError]] = {
    "parse": outcomes.ParseError,
    "data": outcomes.DataError,
    "io": outcomes.FileError,
}


class Case(NamedTuple):
    file: str
    mode: str
    kind: str
    path: str
    contains: str


def cases() -> list[Case]:
    with open(CORPUS / "manifest.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["file", "mode", "kind", "path", "message_contains"]
    return [Case(*r) for r in rows[1:]]


CASES = cases()


def bare_path(case: Case) -> str:
    """The manifest path without the CLI's leading "FILE: "."""
    prefix = case.file + ": "
    return case.path[len(prefix) :] if case.path.startswith(prefix) else case.path


def load(case: Case) -> list[outcomes.Diagnostic]:
    """Loads the case and returns its diagnostics (raises when the load fails)."""
    if case.mode == "framework":
        return outcomes.Framework.load(case.file).validate()
    base = outcomes.Framework.load("base-framework.toml")
    if case.mode == "data":
        obs = outcomes.Observations.from_csv(case.file)
    elif case.mode == "fingertips":
        obs = outcomes.Observations.from_fingertips_csv(case.file)
    else:
        raise AssertionError(f"unknown mode {case.mode}")
    return obs.check(base)


def test_the_corpus_is_large() -> None:
    assert len(CASES) >= 150
    assert len({c.file for c in CASES}) == len(CASES)
    for c in CASES:
        assert (CORPUS / c.file).is_file(), c.file


def test_the_base_framework_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    assert [d for d in outcomes.Framework.load("base-framework.toml").validate() if d.severity == "error"] == []


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_case_gives_its_error(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    path = bare_path(case)
    if case.kind == "validation":
        diagnostics = load(case)
        errors = [d for d in diagnostics if d.severity == "error"]
        assert any(d.path == path and case.contains in d.message for d in errors), (
            f"expected an error at {path!r} containing {case.contains!r}; got {errors}"
        )
        return
    expected = ERRORS[case.kind]
    with pytest.raises(outcomes.OutcomesError) as info:
        load(case)
    e = info.value
    assert type(e) is expected, f"expected {expected.__name__}, got {type(e).__name__}: {e}"
    assert e.kind == case.kind
    assert e.path == path, f"{e}"
    assert case.contains in e.message, f"{e}"


def test_runner_strips_only_the_file_prefix() -> None:
    c = Case("data/x.csv", "data", "validation", "data/x.csv: line 3 (measure)", "")
    assert bare_path(c) == "line 3 (measure)"
    c = Case("frameworks/x.toml", "framework", "parse", "frameworks/x.toml", "")
    assert bare_path(c) == "frameworks/x.toml"
    assert Path(CORPUS / "base-framework.toml").is_file()
