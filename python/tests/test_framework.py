"""Framework and Progress: loading, properties, round trips, validation diagnostics."""

import json
from pathlib import Path

import pytest

import outcomes


def test_load_toml_fixture(fixtures: Path) -> None:
    fw = outcomes.Framework.load(fixtures / "demo.toml")
    assert fw.schema_version == 1
    assert fw.id == "demo"
    assert fw.title == "Demo partnership strategy"
    assert fw.owner == "sfh"
    assert fw.version == "1.0"
    assert fw.vision == "Healthier communities through partnership"
    assert fw.period == ("2024/25", "2027/28")
    assert fw.organisation_ids == ["sfh", "nuh"]
    assert fw.partnership_ids == ["collab"]
    assert fw.objective_ids == ["o1"]
    assert fw.commitment_ids == ["c1"]
    assert fw.measure_ids == ["smoking", "screening"]
    assert fw.value_outcome_ids == []
    assert repr(fw).startswith("<Framework id='demo' title='Demo partnership strategy' period=2024/25..2027/28")
    assert "measures=2" in repr(fw)


def test_load_accepts_str_paths(fixtures: Path) -> None:
    assert outcomes.Framework.load(str(fixtures / "demo.toml")).id == "demo"


def test_toml_and_json_round_trip(fixtures: Path, tmp_path: Path) -> None:
    fw = outcomes.Framework.load(fixtures / "demo.toml")
    again = outcomes.Framework.from_json(fw.to_json())
    assert again == fw
    assert outcomes.Framework.from_toml(fw.to_toml()) == fw
    saved = tmp_path / "saved.json"
    saved.write_text(fw.to_json(), encoding="utf-8")
    assert outcomes.Framework.load(saved) == fw
    assert json.loads(fw.to_json())["measures"][1]["id"] == "screening"


def test_frameworks_compare_by_content_and_are_unhashable(fixtures: Path) -> None:
    a = outcomes.Framework.load(fixtures / "demo.toml")
    b = outcomes.Framework.load(fixtures / "invalid.toml")
    assert a != b
    assert a != "demo"
    with pytest.raises(TypeError):
        hash(a)


def test_valid_framework_has_no_diagnostics(fixtures: Path) -> None:
    assert outcomes.Framework.load(fixtures / "demo.toml").validate() == []


def test_validation_diagnostics(fixtures: Path) -> None:
    found = outcomes.Framework.load(fixtures / "invalid.toml").validate()
    assert [(d.severity, d.code, d.path) for d in found] == [
        ("error", "unknown_reference", "commitments[0].objectives[0]"),
        ("warning", "placeholder", "measures[0].targets[0].value"),
    ]
    error = found[0]
    assert 'no objective has id "nope"' in error.message
    assert str(error) == f"error: commitments[0].objectives[0]: {error.message}"
    assert repr(error) == (
        "Diagnostic(path='commitments[0].objectives[0]', severity='error', "
        f"code='unknown_reference', message={error.message!r})"
    )
    assert "[insert figure]" in found[1].message


def test_diagnostic_construction_checks_its_enums() -> None:
    d = outcomes.Diagnostic("id", "warning", "missing_source", "add a source")
    assert (d.path, d.severity, d.code, d.message) == ("id", "warning", "missing_source", "add a source")
    assert d == outcomes.Diagnostic("id", "warning", "missing_source", "add a source")
    assert len({d, outcomes.Diagnostic("id", "warning", "missing_source", "add a source")}) == 1
    with pytest.raises(outcomes.InvalidArgumentError) as bad_severity:
        outcomes.Diagnostic("id", "fatal", "empty_id", "x")
    assert bad_severity.value.path == "severity"
    with pytest.raises(outcomes.InvalidArgumentError) as bad_code:
        outcomes.Diagnostic("id", "error", "no_such_code", "x")
    assert bad_code.value.path == "code"
    assert "unknown variant" in bad_code.value.message


def test_with_progress(fixtures: Path) -> None:
    fw = outcomes.Framework.load(fixtures / "demo.toml")
    progress = outcomes.Progress.load(fixtures / "demo-progress.toml")
    assert progress.framework == "demo"
    assert progress.as_of == "2025-03-31"
    assert progress.label == "Illustrative, synthetic progress"
    assert "milestones=1" in repr(progress)
    updated = fw.with_progress(progress)
    assert updated != fw
    milestone = json.loads(updated.to_json())["commitments"][0]["milestones"][0]
    assert milestone["status"] == "done"
    assert milestone["evidence"] == "Terms of reference agreed"
    # The original is unchanged: frameworks are immutable.
    assert json.loads(fw.to_json())["commitments"][0]["milestones"][0]["status"] == "not_started"


def test_progress_naming_an_unknown_milestone(fixtures: Path) -> None:
    fw = outcomes.Framework.load(fixtures / "demo.toml")
    wrong = outcomes.Progress.load(fixtures / "wrong-progress.toml")
    with pytest.raises(outcomes.ValidationError) as info:
        fw.with_progress(wrong)
    assert info.value.kind == "validation"
    assert info.value.path == "milestones[0].milestone"
    assert "m9" in info.value.message


def test_progress_round_trips_through_json(fixtures: Path) -> None:
    progress = outcomes.Progress.load(fixtures / "demo-progress.toml")
    assert outcomes.Progress.from_json(progress.to_json()) == progress
    assert outcomes.Progress.from_toml('schema_version = 1\nframework = "demo"').as_of is None


def test_json_schema_describes_frameworks() -> None:
    schema = json.loads(outcomes.Framework.json_schema())
    assert {"schema_version", "id", "title", "period", "measures"} <= set(schema["properties"])
