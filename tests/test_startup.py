"""Start-up: what a process builds from the corpus is kept on disk (``shailoo.corpus.cache``) and read
back the same, and the body matcher reads texts as spaCy's tokenizer does without loading spaCy
(``shailoo.parsers.extract.tokenizer``).

No test here measures time (``benchmarks/run.py`` does, as ratios to anchors of the same run): they
check that a second process loads neither spaCy nor pymorphy3 and compiles no grammar, that entries are
invalidated when what they were built from changes, that a damaged or foreign entry is never trusted,
that writers running at once never leave half an entry, and that the results are the same with the
cache on, off or empty.
"""

from __future__ import annotations

import json
import marshal
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from shailoo.corpus import cache

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    """A cache folder of the test's own (the user's cache is left alone)."""
    d = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(d))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    return d


def _entry_files(d: Path, name: str) -> list[Path]:
    return list(d.rglob(f"{name}.bin"))


# --------------------------------------------------------------------------- the store


def test_an_entry_is_read_back_for_its_key_only(cache_dir):
    value = {"a": [1, 2.5, None, True], "b": ("x", b"\x00y"), 3: frozenset({"z"})}
    assert cache.store("t", "key-1", value)
    assert cache.load("t", "key-1") == value
    assert cache.load("t", "key-2") is None          # what it was built from changed: a miss
    assert cache.load("other", "key-1") is None
    assert cache.directory() is not None and cache.directory().parent == cache_dir


def test_the_folder_is_per_version_and_python(cache_dir):
    d = cache.directory()
    assert d.parent == cache_dir
    assert sys.implementation.cache_tag in d.name


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty", "magic", "foreign_marshal"])
def test_a_damaged_entry_is_never_trusted(cache_dir, damage):
    cache.store("t", "k", {"answer": 42})
    (path,) = _entry_files(cache_dir, "t")
    blob = path.read_bytes()
    if damage == "flip":
        blob = blob[:-3] + bytes([blob[-3] ^ 0x40]) + blob[-2:]
    elif damage == "truncate":
        blob = blob[: len(blob) // 2]
    elif damage == "garbage":
        blob = bytes(random.Random(1).randrange(256) for _ in range(len(blob)))
    elif damage == "empty":
        blob = b""
    elif damage == "magic":
        blob = b"XXXXXXXX" + blob[8:]
    elif damage == "foreign_marshal":   # well-formed marshal, but not written by the cache
        blob = marshal.dumps(("k", {"answer": 41}))
    path.write_bytes(blob)
    assert cache.load("t", "k") is None
    assert cache.store("t", "k", {"answer": 42}) and cache.load("t", "k") == {"answer": 42}


def test_the_cache_can_be_turned_off(cache_dir, monkeypatch):
    monkeypatch.setenv(cache.ENV_OFF, "1")
    assert not cache.enabled() and cache.directory() is None
    assert not cache.store("t", "k", 1)
    assert cache.load("t", "k") is None
    assert not cache_dir.exists()
    monkeypatch.setenv(cache.ENV_OFF, "0")
    assert cache.enabled()


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV_DIR, str(blocker / "cache"))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    assert cache.store("t", "k", 1) is False
    assert cache.load("t", "k") is None
    p = cache.Patterns("unwritable")
    assert p.compile(r"a+b").match("aab") and p.save() is False


def test_a_value_marshal_cannot_write_is_not_stored(cache_dir):
    assert cache.store("t", "k", {"f": object()}) is False
    assert cache.load("t", "k") is None


def _writer(d: str, name: str, n: int, size: int) -> None:
    os.environ[cache.ENV_DIR] = d
    for i in range(n):
        cache.store(name, "k", {"writer": os.getpid(), "i": i, "payload": list(range(size))})


def test_writers_at_once_never_leave_half_an_entry(cache_dir):
    """Processes writing the same entry again and again, a reader reading it meanwhile: every read is a
    whole entry of one writer, never a mix or a torn file (written to a temporary file, then renamed)."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    size = 20_000
    procs = [ctx.Process(target=_writer, args=(str(cache_dir), "race", 40, size)) for _ in range(3)]
    for p in procs:
        p.start()
    seen = 0
    while any(p.is_alive() for p in procs):
        v = cache.load("race", "k")
        if v is not None:
            assert v["payload"] == list(range(size)) and isinstance(v["i"], int)
            seen += 1
    for p in procs:
        p.join()
        assert p.exitcode == 0
    v = cache.load("race", "k")
    assert v is not None and v["payload"] == list(range(size))
    leftovers = [f for f in cache.directory().iterdir() if f.name.endswith(".tmp")]
    assert leftovers == []


def test_file_digests_follow_the_content(tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text("a: 1\n")
    d1 = cache.file_digest(f)
    f.write_text("a: 2\n")
    os.utime(f, ns=(1, 1))  # even with an old modification time, the size or content differs
    assert cache.file_digest(f) != d1


# --------------------------------------------------------------------------- compiled patterns


_SAMPLES = ["", "abc", "за 10 дней до дня голосования", "АБВ 12.05.2024 г.", "x" * 50, "(далее – ЦИК)"]


def _same(a, b) -> None:
    assert a.pattern == b.pattern and a.flags == b.flags and a.groupindex == b.groupindex
    for s in _SAMPLES:
        ma, mb = a.search(s), b.search(s)
        assert (ma and (ma.span(), ma.groups())) == (mb and (mb.span(), mb.groups()))


@pytest.mark.parametrize("engine,flags", [("regex", 0), ("regex", regex.I | regex.REVERSE), ("re", 0),
                                           ("re", 2)])
def test_a_stored_pattern_is_the_pattern_compiled(cache_dir, engine, flags):
    import re

    pattern = r"(?P<n>\d+)\s*(?:дн\w*|күн\w*)|(?<!\w)ЦИК(?!\w)|[«»]"
    if engine == "regex" and flags & regex.REVERSE:
        pattern = r"(?P<n>\d+)\s*дн\w*\Z"
    first = cache.Patterns("t", engine=engine)
    a = first.compile(pattern, flags)
    assert first.misses == 1 and first.save()
    second = cache.Patterns("t", engine=engine)
    b = second.compile(pattern, flags)
    assert second.misses == 0                       # read back, not compiled
    fresh = (regex.compile(pattern, flags) if engine == "regex" else re.compile(pattern, flags))
    _same(b, fresh)
    _same(a, fresh)
    if engine == "re":
        assert b == fresh


def test_a_changed_pattern_is_a_miss_and_unused_ones_fall_out(cache_dir):
    p = cache.Patterns("t")
    p.compile("a|b")
    p.compile("c")
    p.save()
    q = cache.Patterns("t")
    q.compile("a|b")
    q.compile("a|bb")                                # the corpus changed the pattern's text
    assert q.misses == 1 and q.save()
    r = cache.Patterns("t")
    assert {k[0] for k in r._read()} == {"a|b", "a|bb"}


def test_a_pattern_is_never_rebuilt_from_a_damaged_entry(cache_dir):
    """A compiled form is code for the engine's C side, which does not check it: it is only ever read
    back from an entry whose digest is right (written by this module), else compiled again."""
    p = cache.Patterns("t")
    p.compile(r"(?P<d>\d+)")
    p.save()
    (path,) = _entry_files(cache_dir, "regex-t")
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0x01                                # one bit of the stored code
    path.write_bytes(bytes(blob))
    q = cache.Patterns("t")
    assert q.compile(r"(?P<d>\d+)").match("123").group("d") == "123" and q.misses == 1


def test_the_grammar_patterns_are_the_same_text_in_every_process():
    """The compiled grammar is kept by its patterns' text: built from sets, it must not depend on the
    order of a set (which changes with PYTHONHASHSEED)."""
    code = ("import json; from shailoo.parsers.extract import terms, dates; "
            "from shailoo.parsers.interpret import context; terms.grammar(); terms._absurd_patterns(); "
            "[context._compiled_patterns(c) for c in ('ru', 'ky')]; "
            "print(json.dumps(sorted(k[0] for P in (terms._PATTERNS, context._PATTERNS) for k in P._compiled)))")
    out = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, **{cache.ENV_OFF: "1"})
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT / "tests",
                           check=True)
        out.append(json.loads(r.stdout))
    assert out[0] == out[1]


# --------------------------------------------------------------------------- parsed YAML and memos


def test_yaml_is_parsed_again_when_its_bytes_change(cache_dir):
    import yaml

    calls = []

    def parse(text):
        calls.append(text)
        return yaml.safe_load(text)

    one = cache.yaml_data("f.yaml", "a: 1\nd: 2021-02-03\n", parse)
    again = cache.yaml_data("f.yaml", "a: 1\nd: 2021-02-03\n", parse)
    assert one == again and len(calls) == 1
    assert again is not one and again["d"].isoformat() == "2021-02-03" and type(again["d"]).__name__ == "date"
    changed = cache.yaml_data("f.yaml", "a: 2\nd: 2021-02-03\n", parse)
    assert changed["a"] == 2 and len(calls) == 2


def test_the_corpus_reads_the_same_through_the_cache(cache_dir):
    import yaml

    from shailoo import corpus

    for name in ("bodies.yaml", "lang/ru.yaml", "acts.yaml", "statutes/cec_law.yaml", "messages/ky/rules.yaml"):
        text = corpus.path(name).read_text(encoding="utf-8")
        direct = list(yaml.safe_load_all(text))
        assert corpus.yaml_file_all(corpus.path(name)) == direct        # parsed
        assert corpus.yaml_file_all(corpus.path(name)) == direct        # read back
        if len(direct) == 1:
            assert corpus.yaml_file(corpus.path(name)) == direct[0]
            assert corpus.yaml_file(corpus.path(name)) == direct[0]


def test_a_memo_keeps_answers_from_process_to_process(cache_dir):
    m = cache.Memo("t", lambda: "k1", limit=5)
    assert m.get("lemma", "комиссии") is cache.MISSING
    m.put("lemma", "комиссии", "комиссия")
    m.put("known", "цик", False)
    assert m.save()
    n = cache.Memo("t", lambda: "k1", limit=5)
    assert n.get("lemma", "комиссии") == "комиссия" and n.get("known", "цик") is False
    for i in range(10):
        n.put("lemma", f"w{i}", str(i))
    assert n.save()
    o = cache.Memo("t", lambda: "k1", limit=5)
    kept = o._read()
    assert sum(len(v) for v in kept.values()) == 10   # this process's answers first: all ten, nothing else
    assert cache.Memo("t", lambda: "k2").get("lemma", "w1") is cache.MISSING  # another pymorphy3: empty


# --------------------------------------------------------------------------- the tokenizer against spaCy


def _fixture_texts() -> list[str]:
    out = []
    for p in sorted((FIXTURES / "text").glob("*.txt")) + sorted((FIXTURES / "wild").rglob("*.txt"))[::3]:
        t = p.read_text(encoding="utf-8", errors="replace")
        out.append(t[:20_000])
        out.extend(line for line in t.splitlines()[:400] if line.strip())
    return out


def _fuzz(n: int, seed: int, words: list[str]) -> list[str]:
    rnd = random.Random(seed)
    seps = [" ", "", "  ", "\n", " \n ", "\t", "(", ")", ".", ",", "-", "\u00a0", "\u00ad"]
    return ["".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(1, 6))) for _ in range(n)]


def test_the_tokenizer_is_spacys():
    """Every text of the fixtures (whole and line by line), every gazetteer name and lexicon example and
    random runs of spaCy's own exceptions: the same tokens (text, offset and flags) as spaCy's blank
    tokenizer with the lexicon's special cases."""
    pytest.importorskip("spacy")
    from spacy.symbols import ORTH

    from shailoo.parsers.extract import bodies
    from shailoo.parsers.extract import tokenizer as T

    lex = bodies._lex()
    special = [(a, [a]) for a in lex.abbreviations] + list(lex.special_cases.items())
    names = [n for b in bodies.gazetteer().bodies for ns in b.names.values() for n in ns]
    examples = [e.text for code in ("ru", "ky") for e in getattr(bodies._lexicon(), code).examples.tokens]
    texts = _fixture_texts() + names + examples
    for lang in ("ru", "ky"):
        nlp = T._spacy_lang(lang)
        words = list(nlp.tokenizer.rules) + [s for s, _ in special] + ["ЦИК", "комиссии", "(", ")", "«", "»",
                                                                      "https://cec.kg", "a@b.kg", "10:00", "5%"]
        for s, pieces in special:
            nlp.tokenizer.add_special_case(s, [{ORTH: p} for p in pieces])
        mine = bodies._pipes()[lang].nlp.tokenizer
        bad = []
        for text in texts + _fuzz(4000, 11 if lang == "ru" else 12, words):
            a = [(t.text, t.idx, t.is_space, t.is_punct, t.is_quote, t.is_alpha, t.lower_) for t in mine(text)]
            b = [(t.text, t.idx, t.is_space, t.is_punct, t.is_quote, t.is_alpha, t.lower_) for t in nlp.tokenizer(text)]
            if a != b:
                bad.append(text)
        assert bad == [], f"{lang}: {len(bad)} texts tokenized otherwise than by spaCy, e.g. {bad[:3]!r}"


def test_the_rules_read_back_make_the_same_tokenizer(cache_dir):
    pytest.importorskip("spacy")
    from shailoo.parsers.extract import tokenizer as T

    built = T.rules("ru")                  # read from spaCy, stored
    again = T.rules("ru")                  # read back
    assert again.to_data() == built.to_data()
    a, b = T.Tokenizer(built), T.Tokenizer.from_data(T.Tokenizer(again).to_data())
    for text in _fixture_texts()[:300]:
        assert [(t.text, t.idx) for t in a(text)] == [(t.text, t.idx) for t in b(text)]
    assert T.TokenizerRules.from_data(("junk",)) is None and T.Tokenizer.from_data([1, 2]) is None


def test_the_body_matcher_finds_what_spacys_found():
    """owners_of and find_bodies over the cells and lines of fixtures, with the matcher on spaCy's
    pipeline (the old engine: a blank pipeline, the lemma component, ``PhraseMatcher(attr="LEMMA")``) and
    on this module's: the same bodies, spans, departments and kinds."""
    pytest.importorskip("spacy")
    import spacy
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.symbols import ORTH
    from spacy.util import filter_spans

    from shailoo.normalize import norm
    from shailoo.parsers.extract import bodies

    lines = []
    for name in ("seed001.txt", "seed002.txt", "seed004.txt", "resolution_ru.txt", "resolution_ky.txt"):
        for line in (FIXTURES / "text" / name).read_text(encoding="utf-8").splitlines():
            lines.extend(c for c in line.split("\t") if c.strip())
    lines.extend(n for b in bodies.gazetteer().bodies for ns in b.names.values() for n in ns)
    lines.extend(n.lower() for b in bodies.gazetteer().bodies for ns in b.names.values() for n in ns)
    lines.append("Общественное объединение «Гражданская платформа» и общественные объединения")
    lines = list(dict.fromkeys(lines))
    whole = (FIXTURES / "text" / "seed001.txt").read_text(encoding="utf-8")

    def run() -> list:
        bodies._found.cache_clear(), bodies._owners.cache_clear(), bodies._analyse.cache_clear()
        bodies._doc.cache_clear()
        aliases = bodies.document_aliases(whole)
        return ([(r.id, r.raw, r.start, r.end, r.department, r.kind) for c in lines for r in bodies.owners_of(c)]
                + [(r.id, r.start, r.end) for c in lines for r in bodies.find_bodies(c, aliases)]
                + [sorted(aliases.items())])

    mine = run()

    class _M:
        def __init__(self, m):
            self.m = m

        def __call__(self, doc):
            return self.m(doc, as_spans=True)

    def spacy_pipes():
        out = {}
        for lang, fn in (("ru", bodies._ru_lemma), ("ky", bodies._ky_lemma)):
            nlp = spacy.blank(lang)
            name = f"shailoo_test_{lang}_lemma"

            def component(doc, fn=fn):
                for t in doc:
                    t.lemma_ = bodies._ws_lemma(t.text) if t.is_space else fn(t.text)
                return doc

            if not Language.has_factory(name):
                Language.component(name, func=component)
            nlp.add_pipe(name)
            lex = bodies._lex()
            for abbr in lex.abbreviations:
                nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
            for s, pieces in lex.special_cases.items():
                nlp.tokenizer.add_special_case(s, [{ORTH: p} for p in pieces])
            matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
            for body in bodies.gazetteer().bodies:
                matcher.add(body.id, list(nlp.pipe([n for ns in body.names.values() for n in ns])))
            filler = frozenset(fn(w) for w in lex.filler) | frozenset(lex.filler)
            heads = frozenset(fn(w) for w in lex.heads)
            positions = frozenset(fn(w) for w in lex.positions) | frozenset(norm(w) for w in lex.positions)
            out[lang] = bodies._Pipe(lang, nlp, _M(matcher), filler, heads, positions)
        return out

    ref = spacy_pipes()
    saved = (bodies._pipes, bodies._tokenizer.filter_spans)
    try:
        bodies._pipes = lambda: ref
        bodies._tokenizer.filter_spans = filter_spans
        theirs = run()
    finally:
        bodies._pipes, bodies._tokenizer.filter_spans = saved
        bodies._found.cache_clear(), bodies._owners.cache_clear(), bodies._analyse.cache_clear()
        bodies._doc.cache_clear()
    assert len(mine) > 1000
    assert mine == theirs


def test_a_name_of_several_bodies_reports_them_in_spacys_order():
    """«общественные объединения» (``ngo``) and «Общественное объединение» (``ngo_prefix``) have the same
    lemmas: spaCy's matcher reported both ids, in the order of a hash table, and the longest-span filter
    kept the first. The tables keep spaCy's order for every such name."""
    pytest.importorskip("spacy")
    from shailoo.parsers.extract import bodies

    shared = []
    for lang, pipe in bodies._pipes().items():
        stack = [pipe.matcher.root]
        while stack:
            node = stack.pop()
            for k, v in node.items():
                if k is None:
                    if len(v) > 1:
                        shared.append(v)
                else:
                    stack.append(v)
    assert shared, "no name of several bodies left: this test has nothing to check"
    order = {b.id: i for i, b in enumerate(bodies.gazetteer().bodies)}
    for ids in shared:
        assert ids == bodies._spacy_order(sorted(ids, key=order.__getitem__))
    owners = bodies.owners_of("Общественное объединение «Гражданская платформа»")
    assert [(r.id, r.raw) for r in owners] == [("civic_platform", "Общественное объединение «Гражданская платформа")]


# --------------------------------------------------------------------------- a second process


_PROBE = """
import gc, json, sys
import shailoo
from shailoo.corpus.cache import Patterns
doc = shailoo.parse(sys.argv[1])
shailoo.check(doc)
misses = {p.name: p.misses for p in gc.get_objects() if isinstance(p, Patterns)}
print(json.dumps({"spacy": "spacy" in sys.modules, "pymorphy3": "pymorphy3" in sys.modules,
                  "misses": misses, "doc": json.loads(doc.to_json())}, ensure_ascii=False))
"""


def _probe(path: Path, env: dict) -> dict:
    r = subprocess.run([sys.executable, "-c", _PROBE, str(path)], capture_output=True, text=True, cwd=ROOT / "tests",
                       env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_a_second_process_loads_neither_spacy_nor_pymorphy3(tmp_path):
    """The first process builds the cache (it may load spaCy and pymorphy3); the next one reads the same
    document without either and compiles none of the grammars; its output is the first one's, and the
    output with the cache off."""
    env = dict(os.environ, **{cache.ENV_DIR: str(tmp_path / "cache")})
    env.pop(cache.ENV_OFF, None)
    plan = FIXTURES / "docx" / "seed001.docx"
    first = _probe(plan, env)
    second = _probe(plan, env)
    assert not second["spacy"] and not second["pymorphy3"]
    assert second["misses"] and all(n == 0 for n in second["misses"].values()), second["misses"]
    off = _probe(plan, dict(env, **{cache.ENV_OFF: "1"}))
    assert first["doc"] == second["doc"] == off["doc"]


def test_the_benchmark_reads_python_importtime():
    """``benchmarks/run.py`` reports each module's import time from ``python -X importtime``."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_run_startup", ROOT / "benchmarks" / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    r = subprocess.run([sys.executable, "-X", "importtime", "-c", "import shailoo.version"], capture_output=True,
                       text=True, cwd=ROOT / "tests", check=True)
    rows = run.parse_importtime(r.stderr + "\nnot a line of importtime\n")
    names = [n for n, _, _ in rows]
    assert "shailoo.version" in names and all(own >= 0 and cum >= own for _, own, cum in rows)
