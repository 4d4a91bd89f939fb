"""outcomes: write a health and care partnership strategy down as data and evaluate it.

A thin binding over the Rust library ``outcomes-core``: every rule lives there, this package
converts. Data flows one way: load -> validate -> evaluate -> report.

- ``Framework``: the strategy (organisations, partnerships, objectives, commitments, measures,
  value outcomes), read from TOML or JSON; ``validate()`` lists every problem at once.
- ``Progress``: a progress update (milestone statuses, value figures) for a framework.
- ``Observations``: the data a framework is evaluated on, from long CSV, a Fingertips export
  or JSON; ``check(framework)`` lists rows that do not fit.
- ``Period``: NHS and Fingertips time periods (``2024/25``, ``2024/25 Q1``, ``2020 - 22``).
- ``Diagnostic``: one problem found, with ``path``, ``severity``, ``code`` and ``message``.
- ``EvaluateOptions`` and ``Framework.evaluate(observations, *, options=None, **overrides)``,
  which gives an ``Evaluation`` (measures, commitments, objectives, partnerships, summary,
  completeness; ``to_json()``, ``to_csv()``, ``to_arrow()``, ``to_pandas()``,
  ``to_polars()``, a RAG table in notebooks) and ``Evaluation.annual_review(year)``, which
  gives a ``Review`` (``to_markdown()``, ``to_html()``, ``to_json()``, ``tables()``).
- ``Observations.from_arrow(obj)`` reads any Arrow table-like object (pyarrow, polars,
  pandas >= 2.2) through ``__arrow_c_stream__``; ``ArrowTable`` is what ``to_arrow()`` gives.
- ``outcomes.stats``: proportion, rate, dsr, isr, isratio, mean, life_expectancy, quantiles,
  sii, funnel_limits, compare, recent_trend on numpy arrays.
- ``outcomes.spc``: Making Data Count XmR charts, ``xmr`` and ``xmr_many``.
- ``outcomes.plot``: matplotlib charts (optional dependency) in Making Data Count colours,
  ``spc(result)`` and ``trajectory(measure_row)``.
- Errors: ``OutcomesError`` (a ``ValueError``) and its subclasses ``ParseError``,
  ``ValidationError``, ``DataError``, ``MethodError``, ``InvalidArgumentError`` and
  ``FileError`` (also an ``OSError``), each with ``.path``, ``.kind`` and ``.message``.

>>> import outcomes
>>> outcomes.Period("2024/25").end
datetime.date(2025, 3, 31)
"""

from outcomes._outcomes import (
    ArrowTable,
    DataError,
    Diagnostic,
    EvaluateOptions,
    Evaluation,
    FileError,
    Framework,
    InvalidArgumentError,
    MethodError,
    Observations,
    OutcomesError,
    ParseError,
    Period,
    Progress,
    Review,
    ValidationError,
    __version__,
)
from outcomes import plot, spc, stats

__all__ = [
    "ArrowTable",
    "DataError",
    "Diagnostic",
    "EvaluateOptions",
    "Evaluation",
    "FileError",
    "Framework",
    "InvalidArgumentError",
    "MethodError",
    "Observations",
    "OutcomesError",
    "ParseError",
    "Period",
    "Progress",
    "Review",
    "ValidationError",
    "__version__",
    "plot",
    "spc",
    "stats",
]
