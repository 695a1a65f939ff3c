"""Words are data: the message catalogue is complete in ru/ky/en, and the code holds no Russian or
Kyrgyz words of its own."""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest
import regex

from shailoo.corpus import i18n as M

ROOT = Path(__file__).resolve().parent.parent
CYRILLIC = regex.compile(r"\p{Cyrillic}")
#: Folders whose code speaks to people only through the catalogue.
CODE = ("rules", "outputs", "apps")


def test_every_key_in_every_language():
    keys = {lang: set(M.catalog(lang)) for lang in M.LANGS}
    union = set().union(*keys.values())
    missing = {lang: sorted(union - k)[:20] for lang, k in keys.items() if union - k}
    assert not missing, missing


def test_the_same_placeholders_in_every_language():
    ref = M.catalog("ru")
    bad = [(k, lang) for lang in ("ky", "en") for k, v in M.catalog(lang).items()
           if k in ref and M.placeholders(v) != M.placeholders(ref[k])]
    assert not bad, bad[:20]


def test_text_fills_placeholders_and_refuses_unknown_keys():
    assert M.text("common.severity.one.error", "ru") == "ошибка"
    assert M.group("common.severity.one", "en") == {"error": "error", "warning": "warning", "info": "note"}
    assert M.by_lang("common.language.ky")["ky"] == "кыргыз тили"
    with pytest.raises(M.MessageError):
        M.text("common.no.such.key", "ru")
    with pytest.raises(M.MessageError):
        M.catalog("de")


def _docstrings(tree: ast.AST) -> set[int]:
    """Line numbers of docstrings (documentation, not words said to a user)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                out.update(range(body[0].lineno, body[0].end_lineno + 1))
    return out


def cyrillic_literals(path: Path) -> list[str]:
    src = path.read_text(encoding="utf-8")
    docs = _docstrings(ast.parse(src))
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(src).readline):
        if tok.type == tokenize.STRING and tok.start[0] not in docs and CYRILLIC.search(tok.string):
            out.append(f"{path.relative_to(ROOT)}:{tok.start[0]}: {tok.string[:60]}")
    return out


def test_the_finder_sees_a_cyrillic_literal(tmp_path):
    f = ROOT / "rules" / "_probe_for_test.py"
    try:
        f.write_text('"""Док."""\nX = "слово"\n', encoding="utf-8")
        assert len(cyrillic_literals(f)) == 1
    finally:
        f.unlink()


@pytest.mark.parametrize("folder", CODE)
def test_no_cyrillic_literal_in_code(folder):
    found = [hit for p in sorted((ROOT / folder).rglob("*.py")) for hit in cyrillic_literals(p)]
    assert not found, f"{len(found)} Cyrillic literals (move them to corpus/messages or corpus/lang):\n" + \
        "\n".join(found[:40])


@pytest.mark.parametrize("folder", CODE)
def test_no_cyrillic_in_templates(folder):
    found = [f"{p.relative_to(ROOT)}:{i}" for p in sorted((ROOT / folder).rglob("templates/*"))
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if CYRILLIC.search(line)]
    assert not found, found[:40]
