"""The corpus has one reader: every data file loads through ``shailoo.corpus`` and validates, nothing is
read at import, no other module finds or opens a corpus file, and the body matcher's lexicon
(``lexicon:`` of ``corpus/bodies.yaml``) does what its examples say."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from shailoo import corpus
from shailoo.corpus import i18n, schemas
from shailoo.normalize import norm_ws

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

#: accessor name -> (corpus file, schema the accessor returns)
ACCESSORS = {
    "bodies": ("bodies.yaml", schemas.BodiesData),
    "acts": ("acts.yaml", schemas.ActRegistry),
    "citations": ("citations.yaml", schemas.CitationData),
    "action_plan_phrases": ("action_plan.yaml", schemas.ActionPlanPhrases),
    "prose": ("prose.yaml", schemas.ProseData),
    "places": ("places.yaml", schemas.PlacesData),
    "counting": ("counting.yaml", schemas.CountingData),
}


def _loaded_files() -> set[str]:
    """Every corpus YAML file, loaded through its accessor; returns their paths relative to corpus/."""
    done: set[str] = set()
    for name, (file, model) in ACCESSORS.items():
        data = getattr(corpus, name)()
        assert isinstance(data, model), name
        assert getattr(corpus, name)() is data, f"{name}() is not cached"
        done.add(file)
    for code in corpus.LANGUAGES:
        assert isinstance(corpus.language(code), corpus.LanguageData)
        done.add(f"lang/{code}.yaml")
    from shailoo.rules import statutes

    for p in statutes._files(statutes.SHIPPED):  # the knowledge base's reader: corpus.load_yaml_all + StatuteFile
        assert statutes.read_file(p)
        done.add(str(p.relative_to(CORPUS)))
    for lang in i18n.LANGS:
        assert i18n.catalog(lang)
        done.update(str(p.relative_to(CORPUS)) for p in (CORPUS / "messages" / lang).glob("*.yaml"))
    return done


def test_every_corpus_yaml_file_loads_through_an_accessor_and_validates():
    files = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.y*ml")}
    assert files - _loaded_files() == set(), "corpus files without an accessor in shailoo.corpus"


def test_the_schemas_know_the_corpus_languages():
    assert schemas.LANGUAGES == corpus.LANGUAGES


def test_path_finds_corpus_entries_and_refuses_others():
    assert corpus.path("acts.yaml") == CORPUS.resolve() / "acts.yaml"
    assert corpus.path("statutes").is_dir()
    with pytest.raises(FileNotFoundError):
        corpus.path("act.yaml")


def test_nothing_is_read_at_import():
    code = (
        "import sys\n"
        "import shailoo.parsers.extract.bodies, shailoo.parsers.extract.citations, shailoo.parsers.extract.calendar\n"
        "import shailoo.parsers.extract.sessions, shailoo.parsers.interpret.prose, shailoo.parsers.interpret.action_plan\n"
        "import shailoo.rules.statutes\n"
        "from shailoo import corpus\n"
        f"names = {sorted(ACCESSORS)!r} + ['language']\n"
        "loaded = [n for n in names if getattr(corpus, n).cache_info().currsize]\n"
        "assert not loaded, loaded\n"
        "assert 'spacy' not in sys.modules and 'pymorphy3' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT / "tests")


def test_the_corpus_package_alone_does_not_build_the_schemas():
    code = "import sys, shailoo.corpus\nassert 'shailoo.corpus.schemas' not in sys.modules\n"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT / "tests")


# --------------------------------------------------------------------------- nobody else reads the corpus

#: ``yaml`` attributes that read YAML (dumping and the exception types are no reading).
_YAML_READERS = {"load", "safe_load", "full_load", "unsafe_load", "load_all", "safe_load_all", "full_load_all",
                 "unsafe_load_all", "Loader", "SafeLoader", "CSafeLoader", "CLoader", "FullLoader"}
FOLDERS = ("parsers", "rules", "outputs", "apps", "shailoo")


def _offences(tree: ast.AST) -> list[tuple[int, str]]:
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "yaml" and node.attr in _YAML_READERS:
                out.append((node.lineno, f"yaml.{node.attr}: read corpus files with shailoo.corpus"))
            if node.value.id == "corpus" and node.attr in {"__file__", "HERE"}:
                out.append((node.lineno, f"corpus.{node.attr}: find corpus files with shailoo.corpus.path"))
        elif isinstance(node, ast.ImportFrom) and node.module == "shailoo.corpus":
            bad = {a.name for a in node.names} & {"HERE", "YAML_LOADER"}
            if bad:
                out.append((node.lineno, f"imports {', '.join(sorted(bad))} of shailoo.corpus"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if node.value.strip("/") == "corpus" or node.value.startswith("corpus/") and "." not in node.value:
                out.append((node.lineno, f"builds a path to the corpus folder ({node.value!r})"))
    return out


def test_the_scanner_finds_each_way_of_reading_the_corpus():
    src = ('from pathlib import Path\nimport yaml\nfrom shailoo import corpus\nfrom shailoo.corpus import HERE\n'
           'a = Path(corpus.__file__).parent / "x.yaml"\nb = Path(__file__).parent.parent / "corpus"\n'
           'c = yaml.safe_load(open(corpus.HERE / "x.yaml"))\nd = yaml.load(s, Loader=yaml.CSafeLoader)\n'
           'e = yaml.dump(c)\n')
    assert [line for line, _ in _offences(ast.parse(src))].count(7) == 2
    assert {line for line, _ in _offences(ast.parse(src))} == {4, 5, 6, 7, 8}


def test_no_module_outside_the_corpus_opens_a_corpus_file():
    bad = []
    for folder in FOLDERS:
        for f in sorted((ROOT / folder).rglob("*.py")):
            for line, why in _offences(ast.parse(f.read_text(encoding="utf-8"))):
                bad.append(f"{f.relative_to(ROOT)}:{line}: {why}")
    assert not bad, "\n".join(bad)


# --------------------------------------------------------------------------- the body matcher's lexicon


def _lexicon_cases(kind: str):
    lex = corpus.bodies().lexicon
    return [(code, i, ex) for code in corpus.LANGUAGES for i, ex in enumerate(getattr(getattr(lex, code).examples, kind))]


@pytest.mark.parametrize("code,i,example", _lexicon_cases("owners"), ids=lambda v: v if isinstance(v, str) else "")
def test_lexicon_owners_examples(code, i, example):
    from shailoo.parsers.extract.bodies import Home, owners_of

    home = {"cec": Home(), "other": Home(issuer=None), "foreign": Home(issuer=None, national=False)}[example.document]
    owners = owners_of(example.text, None, home)
    assert [r.id for r in owners] == example.ids
    if example.raws is not None:
        assert [r.raw for r in owners] == example.raws
    if example.kinds is not None:
        assert [r.kind for r in owners] == example.kinds


@pytest.mark.parametrize("code,i,example", _lexicon_cases("aliases"), ids=lambda v: v if isinstance(v, str) else "")
def test_lexicon_alias_examples(code, i, example):
    from shailoo.parsers.extract.bodies import document_aliases

    assert document_aliases(example.text) == {norm_ws(k): v for k, v in example.aliases.items()}


@pytest.mark.parametrize("code,i,example", _lexicon_cases("tokens"), ids=lambda v: v if isinstance(v, str) else "")
def test_lexicon_token_examples(code, i, example):
    from shailoo.parsers.extract.bodies import _pipes

    assert [t.text for t in _pipes()[code].nlp(example.text) if not t.is_space] == example.tokens


def test_lexicon_stemmer_examples():
    from shailoo.parsers.extract.bodies import _ky_lemma

    stemmer = corpus.bodies().lexicon.ky.stemmer
    assert {w: _ky_lemma(w) for w in stemmer.examples} == stemmer.examples


def test_lexicon_language_mark_examples():
    from shailoo.parsers.extract.bodies import _language

    for code in corpus.LANGUAGES:
        mark = getattr(corpus.bodies().lexicon, code).language_mark
        if mark is None:
            continue
        assert [t for t in mark.examples if _language(t) != code] == []
        assert [t for t in mark.not_ if _language(t) == code] == []


@pytest.mark.parametrize("attr", ["country_mark", "person", "place", "place_before"])
def test_lexicon_patterns_examples(attr):
    """The matcher's patterns find their examples and not their counter-examples (``place`` at the start
    of the text after a body, ``place_before`` at the end of the text before one; case-sensitive)."""
    import re

    for code in corpus.LANGUAGES:
        pat = getattr(getattr(corpus.bodies().lexicon, code), attr)
        if pat is None:
            continue
        rx = re.compile(pat.regex, re.IGNORECASE if attr == "country_mark" else 0)
        find = rx.match if attr == "place" else rx.search
        assert [t for t in pat.examples if not find(t)] == [], (code, attr)
        assert [t for t in pat.not_ if find(t)] == [], (code, attr)


def _bodies_data() -> dict:
    return corpus.read_yaml("bodies.yaml")


@pytest.mark.parametrize("change", [
    lambda d: d["lexicon"]["ru"].update(filler=["x"]),                        # an unknown key
    lambda d: d["lexicon"]["ky"].pop("stemmer"),                              # Kyrgyz needs its stemmer
    lambda d: d["lexicon"]["ky"].pop("language_mark"),                        # … and its mark
    lambda d: d["lexicon"]["ru"]["elliptic"].update(x="no_such_body"),        # ids must be known
    lambda d: d["lexicon"]["ru"]["special_cases"].update(ABC=["A", "C"]),     # pieces must spell the form
    lambda d: d.pop("lexicon"),                                               # the file needs its lexicon
])
def test_the_lexicon_schema_rejects(change):
    data = _bodies_data()
    change(data)
    with pytest.raises(ValidationError):
        schemas.BodiesData.model_validate(data)


def test_the_lexicon_schema_accepts_the_file_as_shipped():
    schemas.BodiesData.model_validate(_bodies_data())
