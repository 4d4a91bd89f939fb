"""Conversions shared by ``outcomes.stats`` and ``outcomes.spc``: array-likes to numpy arrays
the extension borrows without copying, and group labels to ``uint32`` codes."""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from outcomes._outcomes import InvalidArgumentError

FloatArray = npt.NDArray[np.float64]
CodeArray = npt.NDArray[np.uint32]

E = TypeVar("E", bound=Exception)


def error(cls: type[E], path: str, message: str) -> E:
    """An outcomes exception with ``.path`` and ``.message`` set, as the extension raises them."""
    e = cls(f"{path}: {message}" if path else message)
    e.path = path  # type: ignore[attr-defined]
    e.message = message  # type: ignore[attr-defined]
    return e


def f64(x: Any, name: str) -> FloatArray:
    """A 1-D float64 array: the same object for a float64 array (contiguous or strided), a
    converted copy for anything else (lists, integer arrays, pandas and polars columns)."""
    try:
        a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise error(InvalidArgumentError, name, f"`{name}` must be numbers: {e}") from None
    if a.ndim == 0:
        a = a.reshape(1)
    if a.ndim != 1:
        raise error(InvalidArgumentError, name, f"`{name}` must be one-dimensional; got shape {a.shape}")
    return a


def opt_f64(x: Any, name: str) -> FloatArray | None:
    """``f64`` for an optional argument."""
    return None if x is None else f64(x, name)


def factorize(groups: Any, n: int, name: str = "groups") -> tuple[CodeArray, list[Any]]:
    """Group labels to ``uint32`` codes numbered in order of first appearance, and the labels
    in that order. Takes any 1-D array-like, a pandas Categorical or categorical Series
    (through its integer codes), or a polars Categorical (through its labels)."""
    cat = getattr(groups, "cat", None)
    if cat is not None and hasattr(cat, "codes") and hasattr(cat, "categories"):
        groups = cat
    cat_codes = getattr(groups, "codes", None)
    categories = getattr(groups, "categories", None)
    if cat_codes is not None and categories is not None:
        raw, first = _first_appearance(np.asarray(cat_codes))
        labels = [None if k < 0 else categories[k] for k in first]
        return _check_len(raw, n, name), labels
    try:
        a = np.asarray(groups)
    except ValueError:  # e.g. tuples of different lengths as labels
        codes, keys = _by_dict(list(groups))
        return _check_len(codes, n, name), keys
    if a.ndim != 1:
        if not isinstance(groups, np.ndarray) and a.ndim > 1:
            # A list of tuples: each tuple is one label.
            codes, keys = _by_dict(list(groups))
            return _check_len(codes, n, name), keys
        raise error(InvalidArgumentError, name, f"`{name}` must be one-dimensional; got shape {a.shape}")
    try:
        out, keys = _first_appearance(a)
    except TypeError:
        # Labels that do not sort (mixed types, None): a dict in one pass.
        codes, keys = _by_dict(a.tolist())
        return _check_len(codes, n, name), keys
    return _check_len(out, n, name), keys


def _by_dict(labels: list[Any]) -> tuple[CodeArray, list[Any]]:
    seen: dict[Any, int] = {}
    out = np.fromiter((seen.setdefault(g, len(seen)) for g in labels), dtype=np.uint32, count=len(labels))
    return out, list(seen)


def _first_appearance(a: npt.NDArray[Any]) -> tuple[CodeArray, list[Any]]:
    uniq, first, inverse = np.unique(a, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), dtype=np.uint32)
    rank[order] = np.arange(len(order), dtype=np.uint32)
    return rank[inverse.reshape(-1)], uniq[order].tolist()


def _check_len(codes: CodeArray, n: int, name: str) -> CodeArray:
    if len(codes) != n:
        raise error(
            InvalidArgumentError,
            name,
            f"`{name}` has {len(codes)} elements but there are {n} rows: give one key per row",
        )
    return codes


def opt_groups(groups: Any, n: int) -> tuple[CodeArray | None, list[Any] | None]:
    """``factorize`` for an optional ``groups=`` argument."""
    if groups is None:
        return None, None
    codes, keys = factorize(groups, n)
    return codes, keys
