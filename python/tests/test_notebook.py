"""examples/notebooks/quickstart.py runs top to bottom, as a notebook would, with the Agg backend."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
QUICKSTART = REPO_ROOT / "examples" / "notebooks" / "quickstart.py"


def test_quickstart_runs_and_writes_the_review(tmp_path: Path) -> None:
    env = dict(os.environ, MPLBACKEND="Agg", OUTCOMES_QUICKSTART_OUT=str(tmp_path))
    done = subprocess.run([sys.executable, str(QUICKSTART)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "annual review written to" in done.stdout
    html = (tmp_path / "review-2024-25.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Nottingham" in html and "<svg" in html
    review = json.loads((tmp_path / "review-2024-25.json").read_text(encoding="utf-8"))
    assert review["year"] == "2024/25"
    assert (tmp_path / "charts.png").read_bytes().startswith(b"\x89PNG")


def test_quickstart_is_a_percent_format_notebook() -> None:
    text = QUICKSTART.read_text(encoding="utf-8")
    cells = [line for line in text.splitlines() if line.startswith("# %%")]
    assert len(cells) >= 8 and "# %% [markdown]" in cells
