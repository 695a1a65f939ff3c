"""The statute knowledge base (rules/statutes.py, corpus/statutes/*.yaml): schema, coverage of seed 001,
editions in force, user overrides, `learn` and the listing."""

from __future__ import annotations

import datetime as dt
import io
import re
import types
import typing
from pathlib import Path

import pytest
import yaml

import shailoo
from shailoo.apps.statutes import run_statutes
from shailoo.outputs.text import format_statutes
from shailoo.rules import statutes as st
from shailoo.model import RelativeTerm

ROOT = Path(__file__).resolve().parent.parent
SEED001 = ROOT / "fixtures" / "text" / "seed001.txt"


# --------------------------------------------------------------------------- queries the tests ask


def of_act(kb: st.KnowledgeBase, act: str) -> list[st.Provision]:
    """Every provision of ``act``."""
    return [p for k, p in kb.provisions.items() if k[0] == act]


def value_in_force(kb: st.KnowledgeBase, act: str, article, part, point, on: dt.date,
                   label: str | None = None) -> tuple[st.Term, st.Edition] | None:
    """The provision's term in force on ``on`` and its edition (the one whose [from, to) contains
    ``on``); with ``label``, of that variant. None when the provision, the variant or an edition in
    force is missing."""
    p = kb.provision(act, article, part, point)
    if p is None:
        return None
    for d in p.deadlines():
        if label is None or d.label == label:
            return d.value_on(on)
    return None


def values_in_force(kb: st.KnowledgeBase, act: str, article, part, point,
                    on: dt.date) -> list[tuple[st.Deadline, st.Term, st.Edition]]:
    """Every time limit of the provision in force on ``on``: (deadline, term, edition)."""
    p = kb.provision(act, article, part, point)
    return [(d, *v) for d in (p.deadlines() if p else []) for v in [d.value_on(on)] if v]


@pytest.fixture(scope="module")
def kb() -> st.KnowledgeBase:
    return st.load()


@pytest.fixture(scope="module")
def seed001():
    return shailoo.parse(str(SEED001))


def _relative_terms(a) -> list[RelativeTerm]:
    out: list[RelativeTerm] = []
    for t in [a.term, *(a.terms or [])]:  # a.term is also the first of a.terms
        if isinstance(t, RelativeTerm) and all((t.start, t.raw) != (u.start, u.raw) for u in out):
            out.append(t)
    return out


def test_every_shipped_file_validates():
    files = sorted(st.SHIPPED.glob("*.yaml"))
    assert files
    for f in files:
        for sf in st.read_file(f):
            assert sf.act.title and sf.act.title.ru, f  # shipped acts carry their title


def test_shipped_acts_are_in_the_registry(kb):
    acts = yaml.safe_load((ROOT / "corpus" / "acts.yaml").read_text(encoding="utf-8"))["acts"]
    assert set(kb.acts) <= set(acts)


def test_unknown_keys_are_rejected(tmp_path):
    text = (st.SHIPPED / "cec_law.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["provisions"][0]["deadline_days"] = 3
    (tmp_path / "cec_law.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(st.StatuteError, match="deadline_days"):
        st.load([tmp_path])


@pytest.mark.parametrize("mutate, message", [
    (lambda p: p["term"].update(anchor="sunset"), "unknown anchor"),
    (lambda p: p.update(actor="nobody"), "unknown body id"),
    (lambda p: p["editions"][0]["source"].update(kind="rumour"), "kind"),
    (lambda p: p["editions"][0].update(to=dt.date(2000, 1, 1)), "ends"),
    (lambda p: p.update(editions=[]), "editions"),
])
def test_invalid_values_are_rejected(tmp_path, mutate, message):
    data = yaml.safe_load((st.SHIPPED / "cec_law.yaml").read_text(encoding="utf-8"))
    mutate(data["provisions"][0])
    (tmp_path / "x.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(st.StatuteError, match=message):
        st.load([tmp_path])


def test_missing_user_dir_is_an_error(tmp_path):
    with pytest.raises(st.StatuteError):
        st.load([tmp_path / "nope"])


def test_every_provision_seed001_cites_with_a_number_of_days_is_known(kb, seed001):
    cited = set()
    for a in seed001.activities:
        if _relative_terms(a):
            for c in a.citations:
                if c.act:
                    cited.add(st.KnowledgeBase.key(c.act, c.article, c.part, c.point))
    assert len(cited) >= 40
    missing = sorted((k for k in cited if k not in kb.provisions), key=str)
    assert not missing


def test_seed001_terms_are_among_the_provisions_values(kb, seed001):
    """Each cited provision has a time limit with the row's n, unit, direction and anchor — except where
    a row cites a provision for another part's term (row 26 cites ст.60 ч.3 with the 30 days of ч.1)."""
    on = seed001.document.election_day
    misses = []
    for a in seed001.activities:
        for t in _relative_terms(a):
            for c in a.citations:
                vals = values_in_force(kb, c.act, c.article, c.part, c.point, on)
                if not any((v.n, v.unit, v.direction, v.anchor) == (t.n, t.unit, t.direction, t.anchor) for _, v, _ in vals):
                    misses.append((a.path, c.article, c.part))
    assert misses == [("26", "60", "3")]


def test_local_article_60_part_1_has_two_editions(kb):
    v, ed = value_in_force(kb, "local_kenesh_law", "60", "1", None, dt.date(2011, 8, 1))
    # the amending law's text is an EN machine translation: filed as what it is (issue 17)
    assert v.n == 25 and ed.source.kind == "unofficial_translation" and "amending law" in ed.source.document
    v, ed = value_in_force(kb, "local_kenesh_law", "60", "1", None, dt.date(2022, 10, 9))
    assert v.n == 30 and "170" in ed.amending_act
    assert (v.unit, v.direction, v.anchor) == ("calendar_day", "before", "election_day")
    assert value_in_force(kb, "local_kenesh_law", "60", "1", None, dt.date(2011, 1, 1)) is None  # before the act


def test_local_article_60_part_3_changed_from_5_to_10(kb):
    assert value_in_force(kb, "local_kenesh_law", "60", "3", None, dt.date(2011, 8, 1))[0].n == 5
    assert value_in_force(kb, "local_kenesh_law", "60", "3", None, dt.date(2022, 10, 9))[0].n == 10


def test_practice_values_say_they_are_practice(kb):
    p = kb.provision("local_kenesh_law", 12, 1)
    v, ed = value_in_force(kb, "local_kenesh_law", "12", "1", None, dt.date(2022, 10, 9))
    assert (v.n, v.direction, v.anchor) == (60, "before", "election_day")
    assert ed.source.kind == "cec_practice"
    assert "10.08.2022 № 72" in ed.source.document and not ed.period_known
    assert p.actor == "mcr"
    # secondary rows of the CSV never pass for the statute
    for prov in kb.provisions.values():
        for d in prov.deadlines():
            for e in d.editions:
                for s in [e.source, *e.also_sources]:
                    if "news report" in s.document:
                        assert s.kind == "secondary"


def test_variants_carry_other_time_limits_of_a_part(kb):
    vals = values_in_force(kb, "local_kenesh_law", "13", "4", None, dt.date(2022, 10, 9))
    assert sorted(v.n for _, v, _ in vals) == [3, 5, 10]
    by_kind = {tuple(d.applies_to or ()): v.n for d, v, _ in values_in_force(kb, "local_kenesh_law", "49", "1", None, dt.date(2022, 10, 9))}
    assert by_kind[("ayil_kenesh",)] == 30 and by_kind[("city_kenesh", "district_kenesh")] == 40
    assert value_in_force(kb, "local_kenesh_law", "13", "3", None, dt.date(2022, 10, 9), label="posting")[0].n == 30


def test_match_finds_provisions_for_uncited_rows(kb):
    term = RelativeTerm(raw="за 60 дней", n=60, unit="calendar_day", direction="before", anchor="election_day")
    found = kb.match(term, act="local_kenesh_law")
    assert found and found[0].article == "12"
    assert all(p in of_act(kb, "local_kenesh_law") for p in found)
    # «дней» in a plan matches «календарных дней» in the statute
    assert kb.match(term.model_copy(update={"unit": "day"}), act="local_kenesh_law")[0].article == "12"
    assert not kb.match(RelativeTerm(raw="x", n=1, unit="hour", direction="after", anchor="counting"))


def test_user_dir_overrides_a_provision(tmp_path, kb):
    user = {
        "schema": "shailoo/statutes@1",
        "act": {"id": "local_kenesh_law"},
        "provisions": [{
            "article": 12, "part": 1,
            "subject": {"ru": "Выгрузка предварительного списка избирателей", "ky": None},
            "actor": "mcr",
            "term": {"n": 60, "unit": "calendar_day", "direction": "before", "anchor": "election_day", "bound": "not_later"},
            "editions": [{"from": dt.date(2019, 8, 8), "amending_act": "Закон КР от 08.08.2019 № 117",
                          "value": {"n": 60},
                          "source": {"kind": "statute_text", "document": "cbd.minjust.gov.kg, официальный текст"},
                          "checked_on": dt.date(2026, 11, 22)}],
        }],
    }
    (tmp_path / "mine.yaml").write_text(yaml.safe_dump(user, allow_unicode=True), encoding="utf-8")
    kb2 = st.load([tmp_path])
    key = st.KnowledgeBase.key("local_kenesh_law", "12", "1")
    assert kb2.provision("local_kenesh_law", "12", "1").editions[0].source.kind == "statute_text"
    assert kb2.origin[key] == tmp_path / "mine.yaml"
    assert kb2.overridden[key] == st.SHIPPED / "local_kenesh_law.yaml"
    assert kb2.acts["local_kenesh_law"].number == "98"  # the short user act keeps the shipped act's data
    assert len(kb2.provisions) == len(kb.provisions)
    text = format_statutes(kb2)
    assert "replaces" in text and "mine.yaml" in text


def test_learn_drafts_provisions_that_validate(tmp_path, seed001):
    draft = st.learn(seed001, checked_on=dt.date(2026, 11, 22))
    (tmp_path / "draft.yaml").write_text(draft, encoding="utf-8")
    kb2 = st.load([tmp_path])
    p = kb2.provision("local_kenesh_law", "12", "1")
    assert kb2.origin[st.KnowledgeBase.key("local_kenesh_law", "12", "1")] == tmp_path / "draft.yaml"
    assert (p.term.n, p.term.unit, p.term.direction, p.term.anchor) == (60, "calendar_day", "before", "election_day")
    src = p.editions[0].source
    assert src.kind == "cec_practice" and "№ 72" in src.document and "10.08.2022" in src.document
    assert src.observed_for == dt.date(2022, 10, 9)
    # ст.13 ч.4: three different terms → variants
    assert sorted(d.term.n for d in kb2.provision("local_kenesh_law", "13", "4").deadlines()) == [3, 5, 10]
    # and on its own, without the shipped files' help
    docs = list(yaml.safe_load_all(draft))
    assert {d["act"]["id"] for d in docs} == {"local_kenesh_law", "cec_regulation_election_funds"}
    for d in docs:
        st.StatuteFile.model_validate(d)
    assert "replaces" in format_statutes(kb2)  # a user act with a full header merges with the shipped one


def test_under_lists_the_parts_of_a_cited_article(kb):
    assert {p.part for p in kb.under("local_kenesh_law", "13")} == {"1", "2", "3", "4"}
    assert [p.point for p in kb.under("local_kenesh_law", "49", "2")] == ["2"]
    assert kb.provision("local_kenesh_law", "31") is None and kb.under("local_kenesh_law", 31)


def test_listing_mentions_sources_and_editions(kb):
    text = format_statutes(kb)
    assert "source [grade practice] cec_practice" in text
    assert "source [grade secondary] unofficial_translation" in text and "source [grade secondary] secondary" in text
    assert "постановление ЦИК от 10.08.2022 № 72" in text
    assert "2011-07-14 – 2011-10-12" in text  # the original edition of ст.60 ч.1
    assert "local_kenesh_law" in text and "pres_jk_law" in text
    assert f"{len(kb.provisions)} provisions" in text


def test_run_statutes(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    assert run_statutes(types.SimpleNamespace(statutes=None, learn=None), out, err) == 0
    assert "ст.60 ч.1" in out.getvalue()
    out = io.StringIO()
    assert run_statutes(types.SimpleNamespace(statutes=None, learn=str(SEED001)), out, err) == 0
    assert "cec_practice" in out.getvalue()
    (tmp_path / "bad.yaml").write_text("act: {id: x}\nprovisions: [{article: 1}]\n", encoding="utf-8")
    err = io.StringIO()
    assert run_statutes(types.SimpleNamespace(statutes=[str(tmp_path)], learn=None), io.StringIO(), err) == 2
    assert err.getvalue().startswith("shailoo: error:")


# --------------------------------------------------------------------------- evidence grades (issue 17)


def test_grades_of_source_kinds():
    from shailoo.rules.statutes import GRADES, grade
    assert set(GRADES) == set(typing.get_args(st.SourceKind))
    assert [grade(k) for k in ("statute_text", "amending_law_text", "official_translation")] == ["statute"] * 3
    assert grade("cec_practice") == "practice"
    assert grade("secondary") == grade("unofficial_translation") == "secondary"
    assert grade(st.Source(kind="official_translation", document="x")) == "statute"


def test_edition_grade_is_the_strongest_source():
    ed = st.Edition.model_validate({
        "from": "2011-07-14", "value": {"n": 30}, "checked_on": "2026-12-07",
        "source": {"kind": "unofficial_translation", "document": "EN"},
        "also_sources": [{"kind": "cec_practice", "document": "plan"}]})
    assert st.edition_grade(ed) == "practice"
    ed.also_sources.append(st.Source(kind="statute_text", document="cbd.minjust.gov.kg"))
    assert st.edition_grade(ed) == "statute"


def test_no_shipped_value_is_graded_statute_and_translations_are_unofficial(kb):
    """Every text obtained is an English translation without official status: none may make an error."""
    for (act, *_), p in kb.provisions.items():
        for d in p.deadlines():
            for ed in d.editions:
                for s in [ed.source, *ed.also_sources]:
                    assert s.kind not in ("statute_text", "amending_law_text", "official_translation"), (act, p.cite())
                    if s.kind == "unofficial_translation":
                        assert s.language in (None, "en") and s.url


def test_values_from_seed001_only_are_practice_and_name_the_plan(kb):
    """Issue 17: a value whose only source is seed 001's plan stays cec_practice and names that plan."""
    only = 0
    for (act, *_), p in kb.provisions.items():
        for d in p.deadlines():
            for ed in d.editions:
                sources = [ed.source, *ed.also_sources]
                if all("10.08.2022 № 72" in s.document for s in sources):
                    only += 1
                    assert all(s.kind == "cec_practice" for s in sources), (act, p.cite())
                if ed.source.kind == "cec_practice":
                    assert re.search(r"№\s*\d+|fixtures/wild/|https?://", ed.source.document + (ed.source.url or "")), \
                        (act, p.cite(), ed.source.document)
    assert only >= 30


def test_early_and_repeat_periods_of_local_law_are_practice_variants(kb):
    p = kb.provision("local_kenesh_law", "10", "4")
    by = {d.label: d for d in p.deadlines()}
    assert by["early"].applies_to == ["early"] and by["early"].latest()[0].n == 38
    assert by["repeat"].applies_to == ["repeat"] and by["repeat"].latest()[0].n == 33
    ed = by["early"].latest()[1]
    docs = " ".join(s.document for s in [ed.source, *ed.also_sources])
    assert "fixtures/wild/086_" in docs and "fixtures/wild/002_" in docs and "№ 176" in docs
    assert st.edition_grade(ed) == "practice"
    early5 = {d.label: d for d in kb.provision("local_kenesh_law", "10", "5").deadlines()}["early"]
    assert early5.latest()[0].n == 38
    # the regular value is corroborated by another plan than seed 001's (wild 001, 2016)
    assert any("fixtures/wild/001_" in o.source.document and o.value.n == 50 for o in p.observations)


def test_pres_jk_early_rules_and_new_provisions(kb):
    v = {d.label: d for d in kb.provision("pres_jk_law", "31", "1").deadlines()}["early or repeat"]
    assert set(v.applies_to) == {"early", "repeat"} and v.latest()[0].n == 7
    p = kb.provision("pres_jk_law", "59", "6")
    assert p.applies_to == ["early"] and p.term.anchor == "dissolution_of_parliament"
    assert st.grade(p.latest()[1].source) == "secondary"
    assert kb.provision("pres_jk_law", "22", "2-1").latest()[0].n == 75
    assert kb.provision("pres_jk_law", "49", "2").term.start_offset == 1
    lo = {d.label: d.latest()[0] for d in kb.provision("pres_jk_law", "59", "3").deadlines()}
    assert (lo[None].n, lo[None].bound, lo["earliest"].n, lo["earliest"].bound) == (90, "not_later", 100, "not_earlier")
    assert kb.provision("commissions_law", "8", "1").latest()[0].anchor == "election_of_members"


def test_listing_shows_the_grade_of_every_value(kb):
    text = format_statutes(kb)
    values = [ln for ln in text.splitlines() if re.match(r"\s+\d{4}-\d{2}-\d{2} – ", ln)]
    assert values and all(re.search(r"\[grade (statute|practice|secondary)\]$", ln) for ln in values)
    sources = [ln for ln in text.splitlines() if re.match(r"\s+(source|also|observed) ", ln)]
    assert sources and all("[grade " in ln for ln in sources)
    assert "time limits by grade" in text
    assert "from publication_of_calling+1" in text
