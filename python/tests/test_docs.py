"""Every public name documents itself with an example, and every example runs."""

import doctest
import inspect
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import outcomes

REPO_ROOT = Path(__file__).resolve().parents[2]


def documented() -> Iterator[tuple[str, object]]:
    """The package, each public name, and each public method, property and static method."""
    for prefix, module in (("outcomes", outcomes), ("outcomes.stats", outcomes.stats), ("outcomes.spc", outcomes.spc),
                           ("outcomes.plot", outcomes.plot)):
        yield prefix, module
        for name in module.__all__:
            if name.startswith("__") or (module is outcomes and name in ("stats", "spc", "plot")):
                continue
            obj = getattr(module, name)
            yield f"{prefix}.{name}", obj
            if inspect.isclass(obj) and not issubclass(obj, BaseException):
                for attr, raw in vars(obj).items():
                    # Public methods and properties; plain data attributes (label lists,
                    # annotations' defaults) are documented on their class.
                    if attr.startswith("_") or not (callable(raw) or isinstance(raw, (property, staticmethod))
                                                    or type(raw).__name__ in ("getset_descriptor", "method_descriptor")):
                        continue
                    yield f"{prefix}.{name}.{attr}", getattr(obj, attr)


DOCUMENTED = list(documented())
WITH_EXAMPLES = [(n, o) for n, o in DOCUMENTED if ">>>" in (inspect.getdoc(o) or "")]


@pytest.mark.parametrize(("name", "obj"), DOCUMENTED, ids=[n for n, _ in DOCUMENTED])
def test_has_a_docstring(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj)
    assert doc and len(doc) >= 10, f"{name} has no docstring"
    if not isinstance(obj, property) and type(obj).__name__ != "getset_descriptor":
        assert ">>>" in doc, f"{name} has no example"


@pytest.mark.parametrize(("name", "obj"), WITH_EXAMPLES, ids=[n for n, _ in WITH_EXAMPLES])
def test_examples_run(name: str, obj: object, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = inspect.getdoc(obj) or ""
    # Examples name fixture files relative to the repository root.
    monkeypatch.chdir(REPO_ROOT)
    test = doctest.DocTestParser().get_doctest(doc, {}, name, os.fspath(REPO_ROOT), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"
    assert result.attempted > 0
