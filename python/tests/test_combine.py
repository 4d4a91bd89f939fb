"""Framework.combine: an example evaluated in parts (split by measure x area, each part's
evaluation pickled as a Spark or Dask worker would return it) equals one evaluation."""

import csv
import io
import json
import pickle
import zlib
from pathlib import Path

import pytest

import outcomes

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKING_TOGETHER = REPO_ROOT / "examples" / "working-together-partnership"


def _key(row: dict[str, object]) -> tuple[object, ...]:
    return (row["measure"], row["area"], row.get("age") or "", json.dumps(row["breakdown"], sort_keys=True))


def test_parts_combine_to_one_evaluation(tmp_path: Path) -> None:
    fw = outcomes.Framework.load(WORKING_TOGETHER / "framework.toml")
    text = (WORKING_TOGETHER / "observations.csv").read_text(encoding="utf-8")
    whole_obs = outcomes.Observations.from_csv(WORKING_TOGETHER / "observations.csv")
    once = fw.evaluate(whole_obs)  # as_of: the end of the latest period of all the data
    rows = list(csv.DictReader(io.StringIO(text)))
    parts = []
    for k in range(3):
        chosen = [r for r in rows if zlib.crc32(f"{r['measure']}|{r['area']}".encode()) % 3 == k]
        assert chosen, "every part has rows"
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(chosen)
        path = tmp_path / f"part-{k}.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        part = fw.evaluate(outcomes.Observations.from_csv(path), as_of=once.as_of)
        parts.append(pickle.loads(pickle.dumps(part)))
    combined = fw.combine(parts)
    order = [m["id"] for m in json.loads(fw.to_json())["measures"]]

    def rows_of(ev: outcomes.Evaluation) -> list[dict[str, object]]:
        return sorted(ev.measures, key=lambda r: (order.index(str(r["measure"])), _key(r)))

    assert rows_of(combined) == rows_of(once)
    assert combined.measures == rows_of(combined)  # combine's own order
    assert combined.commitments == once.commitments
    assert combined.objectives == once.objectives
    assert combined.partnerships == once.partnerships
    assert combined.summary == once.summary
    assert combined.as_of == once.as_of


def test_parts_evaluated_at_different_dates_are_refused() -> None:
    fw = outcomes.Framework.load(WORKING_TOGETHER / "framework.toml")
    obs = outcomes.Observations.from_csv(WORKING_TOGETHER / "observations.csv")
    a = fw.evaluate(obs, as_of="2025-03-31")
    b = fw.evaluate(obs, as_of="2024-03-31")
    with pytest.raises(outcomes.InvalidArgumentError) as e:
        fw.combine([a, b])
    assert e.value.path == "parts[1].as_of"
    with pytest.raises(outcomes.InvalidArgumentError) as e:
        fw.combine([])
    assert e.value.path == "parts"
