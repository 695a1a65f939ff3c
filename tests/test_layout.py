"""The code's layout: one direction, no cycles, installed as ``shailoo.*`` only.

The stages, from the top: ``cli → apps → outputs → rules → parsers (front door → interpret → extract →
read) → corpus → model`` (``shailoo.model``, ``errors``, ``normalize``, ``settings``: the ground floor).
A module may import its own layer or any layer below it, never one above, and the import graph has
no cycle. Every import counts, including those inside functions: a lazy import is a start-up choice,
not a way around the direction.
"""

from __future__ import annotations

import ast
import re
import tomllib
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: (module prefix, rank): the longest matching prefix decides; higher ranks may import lower ones.
LAYERS = [
    ("shailoo.cli", 90), ("shailoo.__main__", 90), ("shailoo.api", 90),
    ("shailoo.apps", 80),
    ("shailoo.outputs", 70),
    ("shailoo.rules", 60),
    ("shailoo.parsers", 54), ("shailoo.parsers.interpret", 53), ("shailoo.parsers.extract", 52),
    ("shailoo.parsers.read", 51),
    ("shailoo.corpus", 40),
    ("shailoo.model", 10), ("shailoo.errors", 10), ("shailoo.normalize", 10), ("shailoo.settings", 10), ("shailoo.version", 10),
]
#: ``shailoo`` itself is the front door (``shailoo.parse`` …): it ranks with the command line, and
#: imports only the ground floor at module level, because every ``import shailoo.X`` runs it first.
FRONT_DOOR = ("shailoo", 90)


@lru_cache(maxsize=None)
def modules() -> dict[str, Path]:
    """Every module of the distribution, by its installed name (from pyproject's package-dir)."""
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    out: dict[str, Path] = {}
    for pkg in cfg["packages"]:
        # the longest package-dir prefix maps the dotted name to a folder
        base = max((k for k in cfg["package-dir"] if pkg == k or pkg.startswith(k + ".")), key=len)
        folder = ROOT / cfg["package-dir"][base] / Path(*pkg[len(base):].strip(".").split(".") if pkg != base else ())
        for f in sorted(folder.glob("*.py")):
            name = pkg if f.name == "__init__.py" else f"{pkg}.{f.stem}"
            out[name] = f
    return out


def rank(module: str) -> int:
    if module == "shailoo":
        return FRONT_DOOR[1]
    best = max((p for p, _ in LAYERS if module == p or module.startswith(p + ".")), key=len, default=None)
    if best is None:
        raise AssertionError(f"{module}: in no layer of tests/test_layout.py")
    return dict(LAYERS)[best]


@lru_cache(maxsize=None)
def imports() -> dict[str, list[tuple[str, int, bool]]]:
    """module -> [(imported project module, line, at module level)]."""
    mods = modules()
    out: dict[str, list[tuple[str, int, bool]]] = {}
    for name, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_pkg = path.name == "__init__.py"
        top_level = {id(n) for n in tree.body} | {id(n) for s in tree.body if isinstance(s, (ast.If, ast.Try))
                                                  for n in ast.walk(s)}
        found = []
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = name.split(".") if is_pkg else name.split(".")[:-1]
                    parts = parts[: len(parts) - (node.level - 1)]
                    base = ".".join(parts + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
            for t in targets:
                if t.split(".")[0] != "shailoo":
                    continue
                while t not in mods and "." in t:
                    t = t.rsplit(".", 1)[0]
                # Importing a.b.c runs a/__init__ and a/b/__init__ first: those are imports too, except
                # for the packages that contain the importing module (already running by then).
                parts = t.split(".")
                for k in range(1, len(parts) + 1):
                    dep = ".".join(parts[:k])
                    if dep in mods and dep != name and not name.startswith(dep + "."):
                        found.append((dep, node.lineno, id(node) in top_level))
        out[name] = found
    return out


def _type_checking(node: ast.stmt) -> bool:
    """Whether ``node`` is ``if TYPE_CHECKING:`` (or ``typing.TYPE_CHECKING``) without an else."""
    if not isinstance(node, ast.If) or node.orelse:
        return False
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or \
        (isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def test_every_module_has_a_layer():
    for m in modules():
        rank(m)


def test_no_module_imports_against_the_direction():
    bad = [f"{m}:{line} imports {t}" for m, edges in imports().items() for t, line, _ in edges
           if rank(t) > rank(m)]
    assert not bad, "imports against the direction cli → apps → outputs → rules → parsers → corpus → model:\n" + \
        "\n".join(bad)


def _type_checking_lines(module: str) -> set[int]:
    """Lines of ``module`` inside a module-level ``if TYPE_CHECKING:`` block (never run)."""
    tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
    return {n.lineno for s in tree.body if _type_checking(s) for n in ast.walk(s) if hasattr(n, "lineno")}


def test_the_front_door_imports_nothing_of_the_project_at_module_level():
    # An ``if TYPE_CHECKING:`` block never runs: the front door names the API's types there for type
    # checkers (mypy follows ``shailoo.check`` to its signature) and imports them on first use.
    skip = _type_checking_lines("shailoo")
    bad = [f"shailoo:{line} imports {t}" for t, line, top in imports()["shailoo"]
           if top and rank(t) > 10 and line not in skip]
    assert not bad, bad


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_import_graph_has_no_cycle():
    graph = {m: {t for t, _, _ in edges} for m, edges in imports().items()}
    assert _cycles(graph) == []


def test_a_package_init_counts_as_imported():
    """``from shailoo.rules.checks.general import x`` runs ``shailoo/rules/checks/__init__.py`` first."""
    edges = {t for t, _, _ in imports()["shailoo.rules.catalog"]}
    assert {"shailoo.rules.checks", "shailoo.rules.checks.general"} <= edges


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("folder", ["parsers", "rules", "corpus", "outputs", "apps"])
def test_folders_refuse_their_bare_names(folder, monkeypatch):
    import importlib
    import sys

    monkeypatch.syspath_prepend(str(ROOT))
    for k in [k for k in sys.modules if k == folder or k.startswith(folder + ".")]:
        monkeypatch.delitem(sys.modules, k)
    with pytest.raises(ImportError, match=f"shailoo.{folder}"):
        importlib.import_module(folder)


#: A tool's pragma in a comment (``noqa``, ``type: ignore``): no reason for a reader.
_PRAGMA = re.compile(r"\b(noqa|type:\s*ignore)\b[\w:, \[\]-]*")


def _comment(line: str) -> str:
    """The comment of a source line without tool pragmas ("" when there is none)."""
    return _PRAGMA.sub("", line.partition("#")[2]).strip(" #") if "#" in line else ""


def _says_why(lines: list[str], lineno: int) -> bool:
    """Whether the import statement starting at ``lineno`` (1-based) of ``lines`` carries a comment: on
    its own line, or directly above it, or above the run of import lines it belongs to."""
    if _comment(lines[lineno - 1]):
        return True
    i = lineno - 2
    while i >= 0 and re.match(r"\s*(from \S+ )?import ", lines[i]):
        i -= 1
    return i >= 0 and lines[i].lstrip().startswith("#") and bool(_comment(lines[i]))


def test_lazy_imports_say_why():
    """An import of the project inside a function is a start-up choice: its comment says what it spares."""
    bad = []
    for m, edges in imports().items():
        lines = modules()[m].read_text(encoding="utf-8").splitlines()
        bad += sorted({f"{modules()[m].relative_to(ROOT)}:{line} imports {t}" for t, line, top in edges
                       if not top and not _says_why(lines, line)})
    assert not bad, "in-function imports without a comment saying why (hoist them, or say why not):\n" + \
        "\n".join(bad)


def test_the_why_check_tells_a_bare_lazy_import():
    src = ["def f():", "    from shailoo.x import y",
           "def g():", "    # on call: loads spaCy", "    from shailoo.x import y",
           "    import shailoo.z  # noqa: F401",
           "def h():", "    import shailoo.z  # noqa: F401",
           "def k():", "    x = 1", "    from shailoo.x import y  # on call: heavy"]
    assert [_says_why(src, n) for n in (2, 5, 6, 8, 11)] == [False, True, True, False, True]
