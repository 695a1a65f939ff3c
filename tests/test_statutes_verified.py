"""The statute knowledge base against the verified facts (issue 17, item 4).

``corpus/statutes/verified/statutes-verified.csv`` (a copy of ``../shared/statutes/verified``) holds verbatim
quotes of statute texts and the terms read from them. Two tests:

* every row whose source is statute text or an amending law's text (``[statute_text …]``,
  ``[amending_law_text …]``: in this file English translations, which the knowledge base files as
  ``unofficial_translation``) must agree in value (n, unit, direction, anchor, bound) with the provision's
  edition in force on the row's edition date;
* every row, of whatever source, must be in the knowledge base somewhere (a provision's or a variant's
  edition, or an observation, with the same value), unless ``NOT_FILED`` says why it cannot be.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Optional

import pytest

from shailoo.rules import statutes as st

#: Read from the source tree (the copy is test data, not package data: pyproject ships statutes/*.yaml only).
CSV = Path(__file__).resolve().parents[1] / "corpus" / "statutes" / "verified" / "statutes-verified.csv"
FIELDS = ("n", "unit", "direction", "anchor", "bound")

#: Rows whose part names one of several time limits of the part: the label of the knowledge base's variant
#: (None = the provision's own, first, time limit).
VARIANT = {
    ("pres_jk_law", "15", "2 (para. 5)"): "answer",
    ("pres_jk_law", "31", "1 (early/repeat voting)"): "early or repeat",
    ("pres_jk_law", "52", "7 (CEC check)"): "verification",
    ("local_kenesh_law", "49", "1 (para. 1)"): None,
    ("local_kenesh_law", "49", "1 (para. 2)"): "ayil",
}

#: Editions the CSV names without a date: the day the test asks about.
UNDATED = {"pre-2021 edition": dt.date(2021, 1, 1)}

#: Rows the knowledge base cannot hold, and why. A provision is keyed by article and part.
NOT_FILED = {
    ("pres_jk_law", "results (article not cited)"):
        "the CEC's 2025 statement names no article; 13 days = 20 shortened by one third (early JK elections), "
        "a rule the knowledge base records in words (ст.59 ч.6) and does not compute",
    ("pres_jk_law", "complaints (article not cited)"):
        "the CEC's 2025 statement names no article, and the complaint rules are not in the Pres/JK texts obtained",
    ("local_kenesh_law", "registration of city-kenesh lists (article not cited)"):
        "the TEC chair names no article; the city-list registration rule is not in any local-law text obtained",
}


def rows() -> list[dict]:
    with CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def is_statute(r: dict) -> bool:
    return r["source"].startswith(("[statute_text", "[amending_law_text"))


def edition_date(r: dict) -> dt.date:
    m = re.search(r"\d{4}-\d{2}-\d{2}", r["edition_date"])
    if m:
        return dt.date.fromisoformat(m.group(0))
    for prefix, day in UNDATED.items():
        if r["edition_date"].startswith(prefix):
            return day
    raise AssertionError(f"no edition date in {r['edition_date']!r}")


def base_part(part: str) -> Optional[str]:
    """«2 (para. 5)» → «2»; «» → None."""
    p = part.split("(")[0].strip()
    return p or None


def expected(r: dict) -> list[dict]:
    """The terms a row gives: one, or two for a window («100-90», «window (not_earlier 100, not_later 90)»);
    only the fields the row fills."""
    if r["bound"].startswith("window"):
        return [{"n": int(n), "unit": r["unit"], "direction": r["direction"], "anchor": r["anchor"], "bound": b}
                for b, n in re.findall(r"(not_earlier|not_later) (\d+)", r["bound"])]
    m = re.match(r"\d+", r["n"])
    if not m:
        return []
    t = {"n": int(m.group(0))}
    t.update({k: r[k] for k in FIELDS[1:] if r[k]})
    m = re.search(r"\b(\d{1,2}:\d{2})\b", r["n"])
    if m:
        t["time"] = m.group(1)
    return [t]


def differs(term, want: dict) -> list[str]:
    return [f"{k}: knowledge base {getattr(term, k)!r}, verified {v!r}" for k, v in want.items()
            if getattr(term, k) != v]


def row_id(r: dict) -> str:
    return f"{r['act']} ст.{r['article']} ч.{r['part']} ({r['edition_date'][:24]})"


STATUTE_ROWS = [r for r in rows() if is_statute(r) and expected(r)]


def test_the_copy_is_whole():
    rs = rows()
    assert len(rs) == 51
    assert len(STATUTE_ROWS) >= 30


def disagreement(kb: st.KnowledgeBase, r: dict) -> Optional[list[str]]:
    """How the knowledge base's value in force on the row's edition date differs from the row's term ([] when
    it agrees); None when the provision is not in the knowledge base."""
    p = kb.provision(r["act"], r["article"], base_part(r["part"]))
    if p is None:
        return None
    label = VARIANT.get((r["act"], r["article"], r["part"]))
    by_label = {d.label: d for d in p.deadlines()}
    if label not in by_label:
        return [f"no time limit labelled {label!r} (labels: {sorted(map(str, by_label))})"]
    on = edition_date(r)
    found = by_label[label].value_on(on)
    if found is None:
        return [f"no edition in force on {on}"]
    return [b for want in expected(r) for b in differs(found[0], want)]


@pytest.mark.parametrize("r", STATUTE_ROWS, ids=row_id)
def test_value_agrees_with_the_verified_quote(r):
    bad = disagreement(st.load(), r)
    if bad is None:
        pytest.skip("not in the knowledge base: test_nothing_verified_is_missing reports it")
    assert not bad, f"{row_id(r)}: " + "; ".join(bad) + f" — quote: {r['quote'][:160]}"


def test_a_disagreement_is_caught(tmp_path):
    """Must fire: a user file that changes ст.14 ч.5 of the Pres/JK law from 12 to 11 days."""
    (tmp_path / "x.yaml").write_text("""schema: shailoo/statutes@1
act: {id: pres_jk_law}
provisions:
- article: '14'
  part: '5'
  subject: {ru: Сведения об избирателях в больницах}
  term: {n: 11, unit: day, direction: before, anchor: election_day, bound: not_later}
  editions:
  - from: 2015-04-23
    value: {n: 11}
    source: {kind: unofficial_translation, document: test}
    checked_on: 2026-12-07
""", encoding="utf-8")
    kb = st.load([tmp_path])
    r = next(r for r in STATUTE_ROWS if (r["act"], r["article"], r["part"]) == ("pres_jk_law", "14", "5"))
    assert disagreement(kb, r) == ["n: knowledge base 11, verified 12"]
    assert disagreement(st.load(), r) == []
    assert not held(kb, r, expected(r)[0])


def holders(kb: st.KnowledgeBase, r: dict) -> list[st.Provision]:
    """The provision a row is about: its article and part, or the article without a part (a provision whose
    part is not known)."""
    part = base_part(r["part"])
    return [p for p in (kb.provision(r["act"], r["article"], part), kb.provision(r["act"], r["article"])) if p]


def held(kb: st.KnowledgeBase, r: dict, want: dict) -> bool:
    for p in holders(kb, r):
        for d in p.deadlines():
            terms = [d.effective(e) for e in d.editions]
            terms += [d.term.model_copy(update=o.value.model_dump(exclude_unset=True)) for o in d.observations]
            if any(not differs(t, want) for t in terms):
                return True
    return False


def test_nothing_verified_is_missing():
    kb = st.load()
    missing = []
    for r in rows():
        if (r["act"], r["article"]) in NOT_FILED:
            continue
        for want in expected(r):
            if not held(kb, r, want):
                missing.append(f"{row_id(r)}: {want}")
    assert not missing, "verified terms the knowledge base lacks:\n" + "\n".join(missing)


def test_not_filed_rows_exist_and_say_why():
    keys = {(r["act"], r["article"]) for r in rows()}
    for k, why in NOT_FILED.items():
        assert k in keys, f"{k} is no longer in the CSV: drop it from NOT_FILED"
        assert len(why) > 40


def test_original_wording_of_local_49_1_is_an_edition():
    """Before 12.10.2011 nomination ended 30 days before the vote for every kenesh (secondary)."""
    kb = st.load()
    p = kb.provision("local_kenesh_law", "49", "1")
    for d in p.deadlines():
        t, ed = d.value_on(dt.date(2011, 8, 1))
        assert t.n == 30 and st.grade(ed.source) == "secondary"
    assert p.value_on(dt.date(2022, 1, 1))[0].n == 40
    assert {d.label for d in p.deadlines()} >= {None, "ayil"}


def test_amendments_recorded():
    kb = st.load()
    pres = {a.date for a in kb.acts["pres_jk_law"].amendments}
    assert {dt.date(2025, 2, 20), dt.date(2025, 6, 9)} <= pres
    cec = {(a.date, a.number, a.in_force) for a in kb.acts["cec_law"].amendments}
    assert (dt.date(2026, 5, 16), "66", dt.date(2026, 6, 1)) in cec
