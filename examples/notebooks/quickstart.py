# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # outcomes quickstart
#
# Load a partnership strategy written down as data (the Nottingham and Nottinghamshire
# Integrated Care Strategy 2023-27 example, with synthetic observations), evaluate it, look
# at the results as tables and charts, and write the annual review.
#
# This is a percent-format script: open it as a notebook with Jupytext (or VS Code /
# Spyder cells), or run it top to bottom with `python examples/notebooks/quickstart.py`.
# Needs `pip install ./python pandas matplotlib` (pandas >= 3.0, or pandas with pyarrow).

# %%
import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

import outcomes
import outcomes.plot
import outcomes.spc

HERE = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()
EXAMPLE = HERE.parent / "notts-integrated-care-strategy"

# %% [markdown]
# ## Load and check

# %%
fw = outcomes.Framework.load(EXAMPLE / "framework.toml")
problems = [d for d in fw.validate() if d.severity == "error"]
print(f"{fw.title}: {len(fw.measure_ids)} measures, {len(fw.commitment_ids)} commitments, "
      f"{len(problems)} errors")

obs = outcomes.Observations.from_csv(EXAMPLE / "observations.csv")
print(obs, "-", len(obs.check(fw)), "rows that do not fit the framework")

# Observations also come from any Arrow table: a pandas or polars DataFrame, a pyarrow Table.
frame = pd.read_csv(EXAMPLE / "observations.csv", dtype={"period": str})
assert outcomes.Observations.from_arrow(frame) == obs

# %% [markdown]
# ## Evaluate

# %%
ev = fw.evaluate(obs, as_of="2025-03-31")
print(ev.to_table().splitlines()[0])
ev  # in a notebook: a status table with RAG colours

# %% [markdown]
# ## Tables with pandas

# %%
measures = ev.to_pandas()
status_counts = measures.groupby("status").size().sort_values(ascending=False)
print(status_counts.to_string())
off_track = measures.loc[measures["status"] == "off_track", ["measure", "area", "latest_value", "target_value", "reason"]]
off_track.head(10)

# %%
objectives = pd.DataFrame(ev.objectives)[["id", "title", "status"]]
objectives

# %% [markdown]
# ## Charts in Making Data Count colours

# %%
row = next(m for m in ev.measures if m["spc"] is not None)
series = [p["value"] for p in row["series"] if p["value"] is not None]
chart = outcomes.spc.xmr(series, improvement="decrease" if row["polarity"] == "lower_is_better" else "increase")
chart  # in a notebook: an inline SVG chart

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4))
outcomes.plot.spc(chart, left, labels=row["spc"]["periods"], title=f"{row['title']}: XmR chart")
with_target = next((m for m in ev.measures if m["trajectory"] is not None), row)
outcomes.plot.trajectory(with_target, right)
fig.tight_layout()
if os.environ.get("OUTCOMES_QUICKSTART_OUT"):
    fig.savefig(Path(os.environ["OUTCOMES_QUICKSTART_OUT"]) / "charts.png", dpi=80)

# %% [markdown]
# ## The annual review

# %%
review = ev.annual_review("2024/25")
tables = {name: pd.DataFrame(rows) for name, rows in review.tables().items()}
print({name: len(t) for name, t in tables.items()})

out_dir = Path(os.environ.get("OUTCOMES_QUICKSTART_OUT") or tempfile.mkdtemp(prefix="outcomes-"))
html_path = out_dir / "review-2024-25.html"
html_path.write_text(review.to_html(), encoding="utf-8")
(out_dir / "review-2024-25.json").write_text(review.to_json(), encoding="utf-8")
print(f"annual review written to {html_path}")
review  # in a notebook: the review itself
