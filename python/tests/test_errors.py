"""Exception classes: one per core error kind, each with .path, .kind and .message."""

import pickle
from pathlib import Path

import pytest

import outcomes


def test_hierarchy() -> None:
    for cls in (
        outcomes.ParseError,
        outcomes.ValidationError,
        outcomes.DataError,
        outcomes.MethodError,
        outcomes.InvalidArgumentError,
        outcomes.FileError,
    ):
        assert issubclass(cls, outcomes.OutcomesError)
        assert issubclass(cls, ValueError)
    assert issubclass(outcomes.OutcomesError, ValueError)
    assert issubclass(outcomes.FileError, OSError)
    assert not issubclass(outcomes.ParseError, OSError)
    kinds: dict[type[outcomes.OutcomesError], str] = {
        outcomes.ParseError: "parse",
        outcomes.ValidationError: "validation",
        outcomes.DataError: "data",
        outcomes.MethodError: "method",
        outcomes.InvalidArgumentError: "invalid_argument",
        outcomes.FileError: "io",
    }
    for error_class, kind in kinds.items():
        assert error_class.kind == kind


def test_malformed_framework_is_a_parse_error_with_the_field_path(fixtures: Path) -> None:
    path = fixtures / "malformed.toml"
    with pytest.raises(outcomes.ParseError) as info:
        outcomes.Framework.load(path)
    e = info.value
    assert e.kind == "parse"
    assert e.path == "measures[0].unit"
    assert e.message.startswith("unknown variant `percentage`, expected one of `percent`")
    assert "TOML line 9, column 8" in e.message
    assert str(path) in e.message
    assert str(e) == f"{e.path}: {e.message}"
    assert e.args == (str(e),)


def test_parse_error_from_text() -> None:
    with pytest.raises(outcomes.ParseError) as info:
        outcomes.Framework.from_json('{"schema_version": "one"}')
    assert info.value.path == "schema_version"
    assert "JSON line 1" in info.value.message


def test_bad_csv_row_is_a_data_error_naming_line_and_column(fixtures: Path) -> None:
    path = fixtures / "bad-observations.csv"
    with pytest.raises(outcomes.DataError) as info:
        outcomes.Observations.from_csv(path)
    e = info.value
    assert e.kind == "data"
    assert e.path == "line 3 (value)"
    assert e.message.startswith('"twelve" is not a number')
    assert str(path) in e.message
    assert str(e) == f"{e.path}: {e.message}"


def test_bad_json_row_is_a_data_error() -> None:
    with pytest.raises(outcomes.DataError) as info:
        outcomes.Observations.from_json('[{"measure": "m", "period": "2024/25", "value": 1, "denominator": 0}]')
    assert info.value.path.startswith("rows[0]")


def test_missing_file_is_a_file_error_and_an_os_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(OSError) as info:
        outcomes.Framework.load(missing)
    e = info.value
    assert isinstance(e, outcomes.FileError)
    assert isinstance(e, outcomes.OutcomesError)
    assert e.kind == "io"
    assert e.path == str(missing)
    assert e.message
    assert str(e) == f"{e.path}: {e.message}"
    for load in (outcomes.Observations.from_csv, outcomes.Observations.from_fingertips_csv):
        with pytest.raises(outcomes.FileError):
            load(tmp_path / "nowhere.csv")
    with pytest.raises(outcomes.FileError):
        outcomes.Progress.load(missing)


def test_bad_period_is_a_parse_error_with_empty_path() -> None:
    with pytest.raises(outcomes.ParseError) as info:
        outcomes.Period("2024/26")
    e = info.value
    assert e.path == ""
    assert str(e) == e.message
    assert e.message == '"2024/26" is not a financial year: the second year must follow the first, e.g. 2024/25'


def test_exceptions_pickle_with_their_attributes(fixtures: Path) -> None:
    with pytest.raises(outcomes.ParseError) as info:
        outcomes.Framework.load(fixtures / "malformed.toml")
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is outcomes.ParseError
    assert (again.path, again.kind, again.message) == (info.value.path, "parse", info.value.message)
    assert str(again) == str(info.value)


def test_user_raised_errors_have_default_attributes() -> None:
    e = outcomes.DataError("made by hand")
    assert (e.path, e.kind, e.message) == ("", "data", "")
    assert str(e) == "made by hand"
