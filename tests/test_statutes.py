"""The statute knowledge base (rules/statutes.py, corpus/statutes/*.yaml): schema, coverage of seed 001,
editions in force, user overrides, `learn` and the listing."""

from __future__ import annotations

import datetime as dt
import io
import types
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
    assert v.n == 25 and ed.source.kind == "amending_law_text"
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
    assert "source amending_law_text" in text and "source cec_practice" in text and "source statute_text" in text
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
