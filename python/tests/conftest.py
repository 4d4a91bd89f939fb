"""Shared fixtures. Run pytest from the repository root against the installed wheel."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fixtures() -> Path:
    """The folder of small made-up inputs (see fixtures/README.md)."""
    return FIXTURES
