"""The rules' words as a lawyer of the CEC reads them (issue 19): every finding's message, every rule's title
and description, in Russian and Kyrgyz, on the seeds and on the real documents of fixtures/wild.

A lawyer reads Russian or Kyrgyz, not the program's notation: no Latin word (rule codes «SH151» and Roman
numerals aside), no ISO date (2022-09-19), no file of the project's notes (NOTES.md), no id of an act
(local_kenesh_law) and no «_» of any slug; an event after a direction in Kyrgyz takes its case («добуш берүү
күнүнө чейин», «добуш берүү күнүнөн кийин»), never «добуш берүү күнү чейин». Text quoted from the document
itself («…» that the parse holds word for word) is the document's, not ours, and is left out of the checks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import pytest

import shailoo
from shailoo import corpus
from shailoo.corpus.i18n import catalog
from shailoo.rules.catalog import all_rules
from shailoo.rules.check import check
from shailoo.rules.checks.statute_rules import document_text, edition_text, reason_text, source_text
from shailoo.rules.engine import compare
from shailoo.rules.statutes import anchor_ids, load
from shailoo.rules.words import ANCHOR_OF, ANCHORS, term_words

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = [FIXTURES / "docx" / n for n in ("seed001_defects.docx", "seed001.docx", "seed001_ky.docx")]
TEXTS = sorted((FIXTURES / "text").glob("*.txt"))
WILD = sorted((FIXTURES / "wild").glob("*.txt"))
DOCS = SEEDS + TEXTS + WILD
READER_LANGS = ("ru", "ky")

_LATIN = re.compile(r"[A-Za-z]+")
_CODE = re.compile(r"\bSH\d{3}\b")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_ACT_IDS = sorted(corpus.acts().acts)
#: The nominative of an event before a direction word: «добуш берүү күнү чейин» (should be «күнүнө чейин»).
_KY_CASE = re.compile(r"күнү\s+(?:чейин|кийин|тартып)")


def wording_problems(message: str, lang: str) -> list[str]:
    """What a reader of ``lang`` should not meet in ``message``."""
    out = [f"Latin word {w!r}" for w in _LATIN.findall(_CODE.sub("", message)) if not _ROMAN.match(w)]
    out += [f"ISO date {d!r}" for d in _ISO.findall(message)]
    if "NOTES" in message:
        out.append("a file of the project's notes")
    out += [f"act id {a!r}" for a in _ACT_IDS if a in message]
    if "_" in message:
        out.append("«_» of a slug")
    if lang == "ky" and _KY_CASE.search(message):
        out.append("an event in the nominative before чейин/кийин/тартып")
    return out


# --------------------------------------------------------------------------- the documents


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield " ".join(value.split())
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


@lru_cache(maxsize=None)
def parsed(path: Path):
    doc = shailoo.parse(path)
    return doc, "\n".join(_strings(doc.model_dump(mode="json")))


_QUOTE = re.compile(r"«([^«»]*)»")


def ours(message: str, document_text_: str) -> str:
    """``message`` without the document's own words: a quote «…» (innermost first) whose text, up to a «…» that
    shortens it, the parse holds word for word."""
    def drop(m: re.Match) -> str:
        quoted = m.group(1).rstrip(" …").rstrip("…").strip()
        return " " if quoted and quoted in document_text_ else " " + m.group(1) + " "
    prev = None
    while prev != message:
        prev, message = message, _QUOTE.sub(drop, message)
    return message


@pytest.fixture(scope="module", params=READER_LANGS)
def findings(request):
    lang = request.param
    out = []
    for p in DOCS:
        doc, haystack = parsed(p)
        for f in check(doc, lang=lang).findings:
            out.append((p.relative_to(ROOT).as_posix(), f, ours(f.message, haystack)))
    return lang, out


def test_corpus_is_the_one_asked_for():
    # the seeds, the text seeds and every real document, Russian and Kyrgyz ones among them
    assert len(WILD) >= 80 and any("_ky_" in p.name for p in WILD) and any("_ru_" in p.name for p in WILD)
    assert len(TEXTS) >= 5 and all(p.exists() for p in SEEDS)


def test_every_message_reads_for_a_lawyer(findings):
    lang, fs = findings
    assert len(fs) > 80
    bad = [f"{path}: {f.code} № {f.activity}: {problems}: {f.message}"
           for path, f, text in fs for problems in [wording_problems(text, lang)] if problems]
    assert not bad, f"{len(bad)} messages in {lang}:\n" + "\n".join(bad[:30])


def test_comparison_messages_read_for_a_lawyer():
    seed, ky, draft = (parsed(FIXTURES / "docx" / n) for n in ("seed001.docx", "seed001_ky.docx", "seed001_draft2.docx"))
    for lang in READER_LANGS:
        for (a, _), (b, hb) in ((seed, ky), (seed, draft)):
            fs = compare(a, b, lang=lang).findings
            assert fs
            bad = [(f.code, f.message) for f in fs
                   if wording_problems(ours(f.message, hb + "\n" + seed[1]), lang)]
            assert not bad, bad[:10]


@pytest.mark.parametrize("lang", READER_LANGS)
def test_titles_and_descriptions_read_for_a_lawyer(lang):
    bad = [(r.code, what, p) for r in all_rules() for what, text in (("title", r.title(lang)),
                                                                        ("description", r.description(lang)))
           for p in [wording_problems(text, lang)] if p]
    assert not bad, bad
    for r in all_rules():  # no program name, no «the program would choose» slang
        assert "shailoo" not in r.description(lang).lower() and "shailoo" not in r.title(lang).lower()


@pytest.mark.parametrize("lang", READER_LANGS)
def test_every_piece_of_the_rules_catalogue_reads_for_a_lawyer(lang):
    # the pieces messages are built of (the engine's notes on OCR and inferred values among them); the
    # plural rule of the language is a setting, not a word said to anyone
    pieces = {k: re.sub(r"\{[^{}]*\}", " ", v) for k, v in catalog(lang).items()
              if k.startswith("rules.") and k != "rules.plural"}
    bad = {k: wording_problems(v, lang) for k, v in pieces.items() if wording_problems(v, lang)}
    assert not bad, bad


# --------------------------------------------------------------------------- the words the messages are built of


def test_every_event_has_its_words_in_every_direction():
    ids = set(anchor_ids()) | {"unknown"}
    for d, table in ANCHOR_OF.items():
        assert ids <= set(table), (d, sorted(ids - set(table)))
    assert ids <= set(ANCHORS)


_DATIVE = re.compile(r"(?:га|ге|ка|ке|го|гө|ко|кө|на|не|но|нө|а|е|о|ө) чейин$")
_ABLATIVE = re.compile(r"(?:дан|ден|тан|тен|дон|дөн|тон|төн|нан|нен|нон|нөн) (?:кийин|тартып)$")


def test_kyrgyz_events_take_their_case():
    for anchor, forms in ANCHOR_OF["before"].items():
        assert _DATIVE.search(forms["ky"]), forms["ky"]
    for d, word in (("after", "кийин"), ("within", "тартып")):
        for anchor, forms in ANCHOR_OF[d].items():
            assert _ABLATIVE.search(forms["ky"]) and forms["ky"].endswith(word), forms["ky"]
    assert term_words(50, "calendar_day", "before", "election_day", "ky") == "добуш берүү күнүнө чейин 50 календардык күн"
    assert term_words(3, "calendar_day", "after", "election_day", "ky") == "добуш берүү күнүнөн кийин 3 календардык күн"
    assert term_words(10, "calendar_day", "within", "calling_of_election", "ky") == \
        "шайлоо дайындалгандан тартып 10 календардык күндүн ичинде"


def test_russian_terms_agree_with_their_number():
    said = [term_words(n, "calendar_day", "before", "election_day", "ru") for n in (1, 2, 5, 11, 21, 22, 25)]
    assert said == ["за 1 календарный день до дня голосования", "за 2 календарных дня до дня голосования",
                    "за 5 календарных дней до дня голосования", "за 11 календарных дней до дня голосования",
                    "за 21 календарный день до дня голосования", "за 22 календарных дня до дня голосования",
                    "за 25 календарных дней до дня голосования"]
    assert term_words(2, "day", "within", "calling_of_election", "ru") == "в течение 2 дней со дня назначения выборов"
    assert term_words(1, "day", "within", "calling_of_election", "en") == "within 1 day of the calling of the election"


@pytest.mark.parametrize("lang", READER_LANGS)
def test_every_source_and_edition_of_the_knowledge_base_reads_for_a_lawyer(lang):
    # the shipped descriptions of sources are notes in English and Russian («as of 23.04.2015 (IFES
    # translation …)»): a message says what kind of source it is and what a lawyer can find, in words
    kb = load()
    said = set()
    for p in kb.provisions.values():
        for d in p.deadlines():
            for ed in d.editions:
                said.add(edition_text(ed, lang))
                for src in (ed.source, *ed.also_sources):
                    said.add(source_text(ed, lang, src))
    bad = {s: wording_problems(s, lang) for s in said if wording_problems(s, lang)}
    assert not bad, bad
    # a reason the citation parser gives, in words
    assert not wording_problems(reason_text("no_article; unknown_act: «X» (the registry holds no code)", lang), lang)


def test_cec_practice_is_cited_by_its_resolution_not_cut_mid_word():
    doc = ("Календарный план основных организационно-практических мероприятий по подготовке и проведению выборов "
           "депутатов Майданского айылного кенеша Кадамжайского района Баткенской области Кыргызской Республики, "
           "назначенных на 9 октября 2022 года (постановление ЦИК от 10.08.2022 № 72), строка 12")
    assert document_text(doc, "ru") == "календарный план, утверждённый постановлением ЦИК от 10.08.2022 № 72, строка 12"
    assert document_text(doc, "ky") == "БШКнын 10.08.2022-ж. № 72 токтому менен бекитилген календардык план, 12-сап"
    assert document_text(doc.replace("строка 12", "строки 9, 10"), "ru").endswith(", строки 9, 10")
    # without the resolution: the election it was for
    assert document_text("as applied in CEC calendar plan for REPEAT elections of 26.05.2013 (…)", "ru") == \
        "календарный план выборов 26.05.2013"


# --------------------------------------------------------------------------- the seeds, as the lawyers will read them


def _seed(name: str, lang: str):
    doc, _ = parsed(FIXTURES / "docx" / name)
    return check(doc, lang=lang).findings


def test_seed001_notes_are_one_plain_statement():
    # rows 41/42 print the last day of the term, rows 53/56 a date one day off where CEC practice counts two
    # ways: each says so plainly, then the arithmetic; no formula, no project file
    fs = {f.activity: f.message for f in _seed("seed001.docx", "ru") if f.code == "SH106"}
    assert fs["41"] == ("Напечатан последний день срока «за 2 дня до дня голосования» (06.10.2022); по правилу "
                        "подсчёта срок истекает 07.10.2022 — это тот же срок. Расчёт: 09.10.2022 (день голосования) "
                        "− 2 дн. = 07.10.2022, разница −1 дн.")
    assert fs["53"].startswith("Напечатанная дата 13.10.2022 на один день расходится с расчётом срока «через 3 "
                               "календарных дня после дня голосования» (12.10.2022): день после события ЦИК на "
                               "практике считает двумя способами")
    for m in fs.values():
        assert "E−N" not in m and "NOTES" not in m and "по правилу «за" not in m
    ky = {f.activity: f.message for f in _seed("seed001_ky.docx", "ky") if f.code == "SH106"}
    assert ky["41"].startswith("«добуш берүү күнүнө чейин 2 күн» мөөнөтүнүн акыркы күнү (06.10.2022) басылган")
    assert ky["53"].startswith("Басылган 13.10.2022 датасы «добуш берүү күнүнөн кийин 3 календардык күн»")


def test_seed001_defects_in_words():
    fs = {(f.code, f.activity): f.message for f in _seed("seed001_defects.docx", "ru")}
    assert fs[("SH106", "35")] == (
        "Напечатанная дата 24.09.2022 позже, чем даёт срок «за 20 календарных дней до дня голосования» (19.09.2022). "
        "Расчёт: 09.10.2022 (день голосования) − 20 кал. дн. = 19.09.2022, разница +5 дн.")
    assert fs[("SH151", "12")].startswith(
        "По практике ЦИК (календарный план, утверждённый постановлением ЦИК от 10.08.2022 № 72, строка 12) срок по "
        "ст.13 ч.1 Закона КР «О выборах депутатов местных кенешей» — за 50 календарных дней до дня голосования, а в "
        "строке — за 45 календарных дней до дня голосования")
    assert "ред. от 14.07.2011" in fs[("SH151", "12")]
    ky = {(f.code, f.activity): f.message for f in _seed("seed001_defects.docx", "ky")}
    assert "Кыргыз Республикасынын «Жергиликтүү кеңештердин депутаттарын шайлоо жөнүндө» Мыйзамынын 13-беренесинин " \
           "1-бөлүгү боюнча мөөнөт — добуш берүү күнүнө чейин 50 календардык күн" in ky[("SH151", "12")]
    assert "14.07.2011-ж. редакциясы" in ky[("SH151", "12")]
