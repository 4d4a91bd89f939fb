"""The tests run against the installed wheel, not the source tree."""

import importlib.metadata

import outcomes
import outcomes._outcomes


def test_imported_from_the_installed_wheel() -> None:
    assert "site-packages" in (outcomes.__file__ or "")
    assert "site-packages" in (outcomes._outcomes.__file__ or "")


def test_version_is_the_cargo_version() -> None:
    assert outcomes.__version__ == importlib.metadata.version("outcomes")
    parts = outcomes.__version__.split(".")
    assert len(parts) == 3 and all(p.isdigit() for p in parts)


def test_public_names_are_exported() -> None:
    # The extension's classes and exceptions, plus the pure-Python submodules; the private
    # kernels (stats_*, spc_*) are reached through outcomes.stats and outcomes.spc.
    classes = [n for n in outcomes._outcomes.__all__ if not n.startswith(("stats_", "spc_"))]
    assert sorted(outcomes.__all__) == sorted([*classes, "plot", "spc", "stats"])
    for name in classes:
        assert getattr(outcomes, name) is getattr(outcomes._outcomes, name)


def test_classes_live_in_the_outcomes_namespace() -> None:
    for cls in (outcomes.Framework, outcomes.Observations, outcomes.Period, outcomes.ParseError):
        assert cls.__module__ == "outcomes"
    assert repr(outcomes.FileError) == "<class 'outcomes.FileError'>"
