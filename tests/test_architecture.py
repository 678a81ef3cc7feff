"""The package's shape (docs/architecture.md), held by tests: no import
cycle inside perfeval, and a core that reads no files, parses no YAML and
renders nothing.

Every ``import`` counts, at module level or inside a function (an import
put off to call time is still a dependency); only imports under
``if TYPE_CHECKING:`` are left out, since they never run."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "perfeval"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> set[str]:
    """The modules a file imports (absolute names), TYPE_CHECKING blocks left out."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            for alias in node.names:  # from . import _yaml: a module, not a name
                candidate = f"{module}.{alias.name}"
                if _exists(candidate):
                    found.add(candidate)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(name)
    return found


def _exists(module: str) -> bool:
    if not module.startswith("perfeval"):
        return False
    relative = Path(*module.split("."))
    root = PACKAGE.parent
    return (root / relative).with_suffix(".py").exists() or (
        root / relative / "__init__.py"
    ).exists()


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        # a package's __init__ is not a dependency of its own modules
        graph[name] = {m for m in _imports(path) if m in modules and not name.startswith(m + ".")}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0

    def strong(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


CORE = "perfeval.core"
#: Libraries the core never imports: file formats, rendering, data frames.
NOT_IN_CORE = ("yaml", "tabulate", "openpyxl", "xlsxwriter", "pandas", "docx", "lxml",
               "pdfplumber", "csv", "json", "html")  # fmt: skip
#: Calls that read or write files.
FILE_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "mkdir", "unlink"}


def _core_files() -> list[Path]:
    return sorted((PACKAGE / "core").glob("*.py"))


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: p.stem)
def test_the_core_imports_only_the_core(path: Path) -> None:
    """core/ (targets, units, rules, scoring, grading, results, findings, …)
    depends on nothing above it: no reader, writer, audit or command line."""
    inside = {m for m in _imports(path) if m.startswith("perfeval")}
    assert sorted(m for m in inside if m != CORE and not m.startswith(CORE + ".")) == []


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: p.stem)
def test_the_core_reads_no_files_and_renders_nothing(path: Path) -> None:
    outside = {m.split(".")[0] for m in _imports(path) if not m.startswith("perfeval")}
    assert sorted(outside & set(NOT_IN_CORE)) == []
    calls = {
        node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)
    }
    assert sorted(calls & FILE_CALLS) == []


def test_the_checks_are_real() -> None:
    """The graph sees a real module's imports, and a cycle when there is one."""
    graph = _graph()
    assert "perfeval.core.results" in graph["perfeval.core.scoring"]
    assert "perfeval.core.findings" in graph["perfeval.core.results"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
    assert "yaml" in _imports(PACKAGE / "read" / "_yaml.py")


def test_the_old_module_names_import_the_modules_where_they_live() -> None:
    """Code and pickles written against the flat layout keep working: each old
    name imports the module itself (one module object, so its state is shared)."""
    import importlib
    import pickle

    import perfeval
    from perfeval.core import results

    for old, new in perfeval._OLD_NAMES.items():
        assert importlib.import_module(f"perfeval.{old}") is importlib.import_module(
            f"perfeval.{new}"
        ), old
    assert (PACKAGE / Path(*perfeval._OLD_NAMES["results"].split("."))).with_suffix(".py").exists()
    old_pickle = pickle.dumps(results.Result, protocol=0).replace(b"perfeval.core.", b"perfeval.")
    assert pickle.loads(old_pickle) is results.Result
    assert importlib.import_module("perfeval.results").__spec__.name == "perfeval.core.results"
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("perfeval.no_such_module")
