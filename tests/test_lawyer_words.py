"""The acceptance scanner of issue 19 (the legal department's review desk): what a lawyer reads.

For the seed plans (the draft with its planted defects, the approved plan, its Kyrgyz version) and a
dozen real documents that give findings (``fixtures/wild``: six Russian, six Kyrgyz), in Russian and
in Kyrgyz, the review outputs are produced through the command line (``shailoo.cli.main``):

* ``text``  — ``check -f text``;
* ``html``  — ``check -f html``: the visible text (``<script>``/``<style>`` removed, the text content of
  the page, its elements' texts kept apart by a space) and the attributes a reader sees (``title``,
  ``alt``, ``aria-label``, ``placeholder``);
* ``docx``  — ``check -f docx`` (DOCX inputs): the text of every comment in ``word/comments.xml``;
* ``sarif`` — ``check -f sarif``: ``runs[].results[].message.text``.

None may contain a word that is not written for the reader: a word in Latin letters, an ISO date
(``2022-09-19``: dates are DD.MM.YYYY), an act id (``corpus/acts.yaml``) or a body id
(``corpus/bodies.yaml``), a snake_case word (``_`` inside a word), a rule slug (``statute-conflict``,
``tests/golden/rules.json``), the project's notes («NOTES», «.md»). Allowed: rule codes (``SH151``),
«SHA-256» and a digest (8 to 64 hex digits), «shailoo» in the HTML report's generator line and footer
only, URLs, the input's own path and file name, a text of the input quoted whole (its title, a
paragraph, a cell), and the Latin words and ISO dates the input itself prints (a quoted row may hold
one of its own: the document's words, not shailoo's) unless shailoo could say them too («source»,
«note», «ru»: ``SHAILOO_WORDS``).

Row labels: every finding on a table row is located by the row's printed № («№ 12», for the row whose
№ cell says «12.»; the number read from the parsed document's № cell), never by the internal
``provenance.row`` — in the text output and on the HTML report's finding cards.

Each failure names the output, the language, the input and the offending words with their context,
so that what is left to reword can be read off the test report.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

import shailoo
from shailoo import cli
from conftest import FIXTURES, ROOT

DOCX = FIXTURES / "docx"
WILD = FIXTURES / "wild"
#: The seed plans, then real documents that give findings (counted at the time of writing: a file that
#: stops giving findings only makes its test weaker, see test_inputs_still_give_findings).
INPUTS = {
    "seed001_defects": DOCX / "seed001_defects.docx",
    "seed001": DOCX / "seed001.docx",
    "seed001_ky": DOCX / "seed001_ky.docx",
    # Russian
    "wild006": WILD / "006_ru_calplan_rf_chuvashia_additional_2012.txt",
    "wild005": WILD / "005_ru_calplan_rf_ryazan_president_2008.txt",
    "wild073": WILD / "073_ru_actionplan_rf_kalmykia_ec_tik_formation_plan.txt",
    "wild079": WILD / "079_ru_actionplan_rf_vladimir_admin_support_to_commissions.txt",
    "wild021_docx": WILD / "docx" / "021_ru_actionplan_by_novopolotsk_school4_2025.docx",
    "wild067_docx": WILD / "docx" / "067_ru_schedule_rf_shakhty_tik_reserve_training_plan_2023.docx",
    # Kyrgyz
    "wild001": WILD / "001_ky_calplan_local_2016-05-15_old_shailoo.txt",
    "wild002": WILD / "002_ky_calplan_local_2014-01-26_kum-bel.txt",
    "wild003": WILD / "003_ky_calplan_local_2012-05-06_osh_naryn.txt",
    "wild019": WILD / "019_ky_resolution_shailoo_toktom_32_amend_polozhenie.txt",
    "wild091": WILD / "091_ky_resolution_kr_government_order_2015-09-15_450-b.txt",
    "wild086_docx": WILD / "docx" / "086_ky_calplan_local_2017-09-03_toktogul.docx",
}
LANGS = ("ru", "ky")
FORMATS = ("text", "html", "docx", "sarif")

RULE_SLUGS = sorted({r["name"] for r in json.loads((ROOT / "tests" / "golden" / "rules.json").read_text("utf-8"))},
                    key=len, reverse=True)
ACT_IDS = sorted(yaml.safe_load((ROOT / "corpus" / "acts.yaml").read_text("utf-8"))["acts"], key=len, reverse=True)
BODY_IDS = sorted({b["id"] for b in yaml.safe_load((ROOT / "corpus" / "bodies.yaml").read_text("utf-8"))["bodies"]},
                  key=len, reverse=True)

ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.'’][A-Za-z0-9]+)*")
SNAKE = re.compile(r"\w+_\w+")
RULE_CODE = re.compile(r"(?<![A-Za-z0-9])SH\d{3}(?![0-9])")
#: A digest (the SHA-256 of the input, or its first characters), shown beside «SHA-256»: digits, not a word.
DIGEST = re.compile(r"(?<![A-Za-z0-9])[0-9a-f]{8,64}(?![A-Za-z0-9])")
URL = re.compile(r"(?:https?://|www\.)[^\s«»\"'<>)\]]+")
DOC_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9]*|\d{4}-\d{2}-\d{2}")
NUMBER_LABEL = re.compile(r"^№\s*(\S+?)(?:\s*\(.*)?$")
DOCX_COMMENTS_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

CASES = [(name, lang, fmt) for name in INPUTS for lang in LANGS for fmt in FORMATS
         if fmt != "docx" or INPUTS[name].suffix == ".docx"]


# --------------------------------------------------------------------------- producing the outputs


@pytest.fixture(scope="module")
def outdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("lawyer")


def _check(argv: list) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([str(a) for a in argv], out=out, err=err)
    assert code in (0, 1), f"shailoo {' '.join(map(str, argv))} exited {code}: {err.getvalue()[-2000:]}"
    return out.getvalue()


_OUTPUTS: dict[tuple[str, str, str], list[tuple[str, str]]] = {}


def output(name: str, lang: str, fmt: str, outdir: Path) -> list[tuple[str, str]]:
    """The texts a reader sees in one output, as ``(where, text)`` pieces (``where`` names the piece in
    a failure: a comment, an SARIF result, the HTML generator line …)."""
    key = (name, lang, fmt)
    if key in _OUTPUTS:
        return _OUTPUTS[key]
    path = INPUTS[name]
    argv = ["check", path, "--lang", lang, "--fail-on", "never"]
    if fmt == "text":
        pieces = [("text", _check([*argv, "-f", "text"]))]
    elif fmt == "sarif":
        sarif = json.loads(_check([*argv, "-f", "sarif"]))
        pieces = [(f"result {i} ({r.get('ruleId')})", r["message"]["text"])
                  for run in sarif["runs"] for i, r in enumerate(run.get("results", []))]
    elif fmt == "docx":
        dest = outdir / f"{name}.{lang}.reviewed.docx"
        _check([*argv, "-f", "docx", "-o", dest])
        pieces = docx_comments(dest)
    else:
        pieces = html_pieces(html_report(name, lang))
    _OUTPUTS[key] = pieces
    return pieces


@lru_cache(maxsize=None)
def html_report(name: str, lang: str) -> str:
    return _check(["check", INPUTS[name], "--lang", lang, "--fail-on", "never", "-f", "html"])


def docx_comments(path: Path) -> list[tuple[str, str]]:
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        if "word/comments.xml" not in z.namelist():
            return []
        root = etree.fromstring(z.read("word/comments.xml"))
    pieces = []
    for c in root.iter(f"{DOCX_COMMENTS_NS}comment"):
        paras = ["".join(t.text or "" for t in p.iter(f"{DOCX_COMMENTS_NS}t")) for p in c.iter(f"{DOCX_COMMENTS_NS}p")]
        pieces.append((f"comment {c.get(DOCX_COMMENTS_NS + 'id')}", "\n".join(paras)))
    return pieces


#: Attributes whose values a reader sees (a tooltip, a label read out, a placeholder).
VISIBLE_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")


def html_tree(html: str):
    import lxml.html

    tree = lxml.html.document_fromstring(html)
    for el in tree.xpath("//script|//style"):
        el.drop_tree()
    return tree


def html_pieces(html: str) -> list[tuple[str, str]]:
    """The visible text of the report: the generator line and the footer apart (they may say «shailoo»),
    the rest of the page, and each visible attribute."""
    tree = html_tree(html)
    pieces = []
    for el in tree.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' generator ')]|//footer"):
        pieces.append(("generator/footer", visible_text(el)))
        el.drop_tree()
    for attr in VISIBLE_ATTRIBUTES:
        for el in tree.xpath(f"//*[@{attr}]"):
            pieces.append((f"<{el.tag} {attr}=…>", el.get(attr)))
    pieces.append(("page text", visible_text(tree)))
    return pieces


def visible_text(el) -> str:
    """The text of ``el`` (``text_content``), its pieces kept apart: two cells never glue into one word."""
    return " ".join(" ".join(el.itertext()).split())


# --------------------------------------------------------------------------- what the input itself says


@lru_cache(maxsize=None)
def parsed(name: str):
    return shailoo.parse(str(INPUTS[name]))


@lru_cache(maxsize=None)
def document_texts(name: str) -> tuple[str, ...]:
    """The texts the input document prints (its title, paragraphs, cells, column headers, quotes), their
    whitespace collapsed: an output that quotes one whole quotes the document, not shailoo."""
    data = json.loads(parsed(name).to_json())
    texts: list[str] = []

    def walk(v, key=""):
        if isinstance(v, dict):
            for k, x in v.items():
                if k in ("cells", "columns") and isinstance(x, dict):  # a row's cells, the printed headers
                    texts.extend(str(c) for c in x.values() if c)
                elif k in ("text", "quote", "raw", "title") and isinstance(x, str):
                    texts.append(x)
                else:
                    walk(x, k)
        elif isinstance(v, list):
            for x in v:
                walk(x, key)

    walk({k: data[k] for k in ("document", "activities", "paragraphs", "mentions") if k in data})
    return tuple(sorted({" ".join(t.split()) for t in texts} - {""}, key=len, reverse=True))


@lru_cache(maxsize=None)
def document_words(name: str) -> frozenset[str]:
    """Latin words and ISO dates the input document prints itself, but for the words shailoo could leak."""
    return frozenset(w for t in document_texts(name) for w in DOC_WORDS.findall(t)) - SHAILOO_WORDS


def _shailoo_words() -> frozenset[str]:
    """Words shailoo itself could leak (never excused by the document printing them too: a fetched page's
    header may say «source», «note», «ru»): languages, severities, the fields and values of its outputs,
    the parts of rule slugs, act and body ids, column roles."""
    from shailoo.model import ParsedDocument
    from shailoo.rules.findings import GRADES, SEVERITIES, Finding, FindingsReport, StatuteRef

    words = {"ru", "ky", "en", "note", "row", "rows", "table", "line", "page", "file", "rule", "rules", "code",
             "expected", "found", "edition", "article", "part", "point", "law", "art", "para", "p", "col",
             "shailoo", "kg", "other", "doc", "docx", "html", "pdf", "text", "txt", "json", "sarif", "md", "NOTES"}
    words |= set(SEVERITIES) | set(GRADES)
    for model in (Finding, FindingsReport, StatuteRef, ParsedDocument):
        words |= {w for name in model.model_fields for w in name.split("_")}
    words |= {w for slug in RULE_SLUGS for w in slug.split("-")}
    words |= {w for i in (*ACT_IDS, *BODY_IDS) for w in (i, *i.split("_"))}
    words |= set(yaml.safe_load((ROOT / "corpus" / "messages" / "en" / "common.yaml").read_text("utf-8"))["role"])
    return frozenset(words)


SHAILOO_WORDS = _shailoo_words()


def input_names(name: str) -> list[str]:
    """The input's path and file name as an output may print them, longest first."""
    p = INPUTS[name]
    return sorted({str(p), p.name, p.stem, str(p.relative_to(ROOT))}, key=len, reverse=True)


# --------------------------------------------------------------------------- the scanner


def _context(text: str, start: int, end: int) -> str:
    return "…" + " ".join(text[max(0, start - 40):end + 40].split()) + "…"


def offending(text: str, name: str, allow_shailoo: bool = False) -> list[str]:
    """Every word of ``text`` not written for the reader, as «kind 'word' in …context…»."""
    for n in input_names(name):
        text = text.replace(n, " ")
    text = " ".join(text.split())
    for quoted in document_texts(name):
        if len(quoted) >= 12 and DOC_WORDS.search(quoted):  # a long text of the document, quoted whole
            text = text.replace(quoted, " ")
    text = URL.sub(" ", text)
    text = text.replace("SHA-256", " ")
    text = RULE_CODE.sub(" ", text)
    text = DIGEST.sub(" ", text)
    if allow_shailoo:
        text = re.sub(r"\bshailoo\b", " ", text)
    own = document_words(name)
    found: list[str] = []
    for slug in RULE_SLUGS:
        for m in re.finditer(rf"(?<![\w-]){re.escape(slug)}(?![\w-])", text):
            found.append(f"rule slug {slug!r} in {_context(text, m.start(), m.end())}")
    for kind, ids in (("act id", ACT_IDS), ("body id", BODY_IDS)):
        for i in ids:
            for m in re.finditer(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text):
                found.append(f"{kind} {i!r} in {_context(text, m.start(), m.end())}")
    for m in SNAKE.finditer(text):
        found.append(f"snake_case word {m.group()!r} in {_context(text, m.start(), m.end())}")
    for needle in ("NOTES", ".md"):
        for m in re.finditer(re.escape(needle), text):
            found.append(f"project notes {needle!r} in {_context(text, m.start(), m.end())}")
    for m in ISO_DATE.finditer(text):
        if m.group() not in own:
            found.append(f"ISO date {m.group()!r} in {_context(text, m.start(), m.end())}")
    for m in LATIN_WORD.finditer(text):
        parts = re.split(r"[-_.'’]", m.group())
        if all(p in own or p.isdigit() for p in parts):
            continue
        found.append(f"Latin word {m.group()!r} in {_context(text, m.start(), m.end())}")
    return found


def test_the_scanner_sees_what_it_must():
    text = ("Нарушена ст.13 local_kenesh_law (statute-conflict), дата 2022-09-19, см. NOTES.md; "
            "the deadline; ЦИК (cec) [SH151] SHA-256 https://cbd.minjust.gov.kg/ru/view/1")
    got = offending(text, "seed001")
    kinds = Counter(g.split(" '")[0] for g in got)
    assert kinds["rule slug"] == 1 and kinds["act id"] == 1 and kinds["body id"] == 1
    assert kinds["snake_case word"] == 1 and kinds["ISO date"] == 1
    assert kinds["project notes"] == 2
    words = {g.split("'")[1] for g in got if g.startswith("Latin word")}
    assert {"local_kenesh_law", "statute-conflict", "NOTES.md", "the", "deadline", "cec"} <= words
    assert not {"SH151", "SHA", "https", "cbd"} & words
    path = str(INPUTS["seed001"])
    assert offending(f"{path}: № 12: [SH101] ошибка: дата 31.09.2022", "seed001") == []
    assert offending("создано программой shailoo 0.1", "seed001", allow_shailoo=True) == []
    assert offending("создано программой shailoo 0.1", "seed001") != []
    # the document's own words are its own, but not the words shailoo could say itself
    own = document_words("wild019")
    assert "CIK" in own and "source" not in own and "shailoo" not in own
    assert offending("строка: «… CIK …»", "wild019") == []
    assert [g.split("'")[1] for g in offending("строка: note, source", "wild019")] == ["note", "source"]
    header = next(t for t in document_texts("wild006") if "source" in t)  # the fetched page's header
    assert offending(f"Документ: {header}.", "wild006") == []


# --------------------------------------------------------------------------- the tests


def test_inputs_still_give_findings():
    """Each input gives findings (else its scan says nothing); six Russian and six Kyrgyz real ones."""
    from shailoo.rules.check import check

    empty = [name for name in INPUTS if name != "seed001" and not check(parsed(name), lang="ru").findings]
    assert not empty, f"inputs without findings (pick others from fixtures/wild): {empty}"
    langs = Counter(parsed(n).document.language for n in INPUTS if n.startswith("wild"))
    assert langs["ru"] >= 6 and langs["ky"] >= 6, langs


@pytest.mark.parametrize("name, lang, fmt", CASES)
def test_written_for_a_lawyer(outdir, name, lang, fmt):
    pieces = output(name, lang, fmt, outdir)
    assert any(text.strip() for _, text in pieces), f"{fmt} output in {lang} of {name}: empty"
    problems = []
    for where, text in pieces:
        for p in offending(text, name, allow_shailoo=(where == "generator/footer")):
            problems.append(f"  {where}: {p}")
    assert not problems, (f"{fmt} output in {lang} of {INPUTS[name].relative_to(ROOT)}: {len(problems)} words "
                          "not written for a lawyer:\n" + "\n".join(problems))


# --------------------------------------------------------------------------- row labels


def printed_numbers(name: str) -> Counter:
    """(rule code, printed №) of every finding on a table row whose № cell prints a number; the number as
    printed («12.» → «12»), read from the parsed document's row, not from the finding."""
    from shailoo.rules.check import check

    doc = parsed(name)
    cells = {(a.provenance.table, a.provenance.row): (a.cells.get("number") or "").strip()
             for a in doc.activities if a.provenance and a.provenance.row is not None}
    want: Counter = Counter()
    for f in check(doc, lang="ru").findings:
        p = f.provenance
        if p is None or p.row is None:
            continue
        number = cells.get((p.table, p.row), "").rstrip(".").strip()
        if number:
            want[f.code, number] += 1
    return want


def internal_rows(name: str) -> dict[str, str]:
    """{rule code: the internal rows of its findings} for the failure messages."""
    from shailoo.rules.check import check

    rows: dict[str, list[str]] = {}
    for f in check(parsed(name), lang="ru").findings:
        if f.provenance and f.provenance.row is not None:
            rows.setdefault(f.code, []).append(str(f.provenance.row))
    return {k: ", ".join(v) for k, v in rows.items()}


def _diff(want: Counter, got: Counter, name: str) -> str:
    missing, extra = want - got, got - want
    return (f"expected (code, printed №) {sorted(missing.elements())} not shown; shown instead "
            f"{sorted(extra.elements())}; internal provenance.row of those rules: {internal_rows(name)}")


ROW_CASES = [(name, lang) for name in INPUTS for lang in LANGS]


@pytest.mark.parametrize("name, lang", ROW_CASES)
def test_text_row_labels_are_the_printed_numbers(outdir, name, lang):
    text = output(name, lang, "text", outdir)[0][1]
    prefix = str(INPUTS[name]) + ": "
    got: Counter = Counter()
    for line in text.splitlines():
        if not line.startswith(prefix):
            continue
        m = re.match(r"(.*?): \[(SH\d{3})\]", line[len(prefix):])
        if not m:
            continue
        label = NUMBER_LABEL.match(m.group(1).strip())
        if label:
            got[m.group(2), label.group(1).rstrip(".")] += 1
    want = printed_numbers(name)
    assert got == want, f"text output in {lang} of {INPUTS[name].relative_to(ROOT)}: row labels: " + _diff(want, got, name)


@pytest.mark.parametrize("name, lang", ROW_CASES)
def test_html_row_labels_are_the_printed_numbers(outdir, name, lang):
    tree = html_tree(html_report(name, lang))
    got: Counter = Counter()
    cards = tree.xpath("//li[contains(concat(' ', normalize-space(@class), ' '), ' finding ')]")
    for card in cards:
        labels = card.xpath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' row-label ')]")
        if not labels:
            continue
        label = NUMBER_LABEL.match(" ".join(labels[0].text_content().split()))
        if label:
            got[card.get("data-rule"), label.group(1).rstrip(".")] += 1
    want = printed_numbers(name)
    assert got == want, f"html output in {lang} of {INPUTS[name].relative_to(ROOT)}: finding cards' row labels: " + \
        _diff(want, got, name)
