"""The whole pipeline on adversarial text: pieces of real documents cut, shuffled and glued together
(the shape of the excerpts users send) never raise, and every record keeps a provenance that points
into the document's own text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import shailoo
from shailoo.errors import ShailooError

WILD = Path(__file__).resolve().parent.parent / "fixtures" / "wild"
LINES = [line for p in sorted(WILD.glob("*.txt"))
         for line in p.read_text(encoding="utf-8").splitlines()[4:] if line.strip()]


@st.composite
def documents(draw) -> str:
    picked = draw(st.lists(st.sampled_from(LINES), min_size=1, max_size=25))
    out = []
    for line in picked:
        cut = draw(st.integers(0, len(line)))
        mode = draw(st.sampled_from(["whole", "head", "tail", "tabbed", "bullet"]))
        if mode == "head":
            line = line[:cut]
        elif mode == "tail":
            line = line[cut:]
        elif mode == "tabbed":
            line = line[:cut] + "\t" + line[cut:]
        elif mode == "bullet":
            line = draw(st.sampled_from(["- ", "▪️ ", "• ", "1. ", "2) ", "\t"])) + line
        out.append(line)
    return "\n".join(out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents())
def test_cut_and_shuffled_real_text_never_raises(text, tmp_path_factory):
    path = tmp_path_factory.mktemp("doc") / "doc.txt"
    path.write_text(text, encoding="utf-8")
    try:
        doc = shailoo.parse(path)
    except ShailooError:  # an unusable input is a one-line error, never a crash
        return
    body = path.read_text(encoding="utf-8")
    assert doc.source.size == len(body.encode("utf-8"))
    for a in doc.activities:
        p = a.provenance
        if p.start is not None and p.end is not None:
            assert 0 <= p.start <= p.end
    for m in doc.mentions:
        assert m.start <= m.end and m.text
