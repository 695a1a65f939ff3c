"""The Python API (``shailoo.api``, re-exported as ``shailoo.<name>``): typed functions returning the models.

Expectations are written by hand from the fixtures (fixtures/README.md, fixtures/track/expected.yaml and
the text of seed 001), never copied from shailoo's output.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

import shailoo
from conftest import FIXTURES, ROOT

SEED001_TXT = FIXTURES / "text" / "seed001.txt"
D = dt.date


# --------------------------------------------------------------------------- the front door


def test_import_shailoo_stays_light():
    code = ("import sys, shailoo\n"
            "loaded = sorted(m for m in sys.modules if m.startswith('shailoo.') and m != 'shailoo.version')\n"
            "assert not loaded, loaded\n"
            "assert 'pydantic' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT / "tests")


def test_every_public_name_resolves_and_is_listed():
    names = set(shailoo.__all__) - {"__version__"}
    assert names == set(shailoo._LAZY)
    for name in names:
        assert getattr(shailoo, name) is not None, name
    from shailoo import check, parse_many, Tracker  # noqa: F401  (module __getattr__ serves from-imports)
    assert {"parse", "check", "compare", "convert", "track", "query", "parse_many"} <= set(dir(shailoo))


def test_an_unknown_name_is_an_attribute_error_and_subpackages_still_import():
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        shailoo.nothing_here  # noqa: B018
    from shailoo import corpus

    assert corpus.__name__ == "shailoo.corpus"


def test_py_typed_ships_beside_the_package():
    assert (ROOT / "shailoo" / "py.typed").is_file()


# --------------------------------------------------------------------------- parse


def test_parse_gives_the_typed_document():
    doc = shailoo.parse(SEED001_TXT)  # a PathLike, not only str
    assert isinstance(doc, shailoo.ParsedDocument)
    # «Утвержден постановлением … от 10 августа 2022 года № 72», «День выборов – воскресенье 9 октября 2022 года»
    assert doc.document.kind == "calendar_plan"
    assert doc.document.language == "ru"
    assert doc.document.election_day == D(2022, 10, 9)
    assert doc.document.approved is not None
    assert (doc.document.approved.number, doc.document.approved.date) == ("72", D(2022, 8, 10))


def test_parse_takes_its_options_by_keyword_and_dates_as_text():
    with pytest.raises(TypeError):
        shailoo.parse(SEED001_TXT, "text")  # type: ignore[misc]
    doc = shailoo.parse(str(SEED001_TXT), fmt="text", election_day="01.02.2023", display_path="seed.txt")
    assert doc.document.election_day == D(2023, 2, 1)
    assert doc.source.path == "seed.txt"
    with pytest.raises(ValueError, match="election_day: not a date"):
        shailoo.parse(SEED001_TXT, election_day="9 October")


def test_parse_raises_the_one_line_errors_and_prints_nothing(tmp_path, capsys):
    with pytest.raises(shailoo.InputError, match="no such file"):
        shailoo.parse(tmp_path / "missing.docx")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(shailoo.ShailooError) as e:
        shailoo.parse(empty)
    assert e.value.exit_code == 2 and "\n" not in str(e.value)
    assert capsys.readouterr() == ("", "")


def test_parse_takes_the_validated_settings():
    with pytest.raises(shailoo.LimitExceeded, match="max_document_chars"):
        shailoo.parse(SEED001_TXT, settings=shailoo.ReadSettings(limits={"max_document_chars": 100}))
    with pytest.raises(ValueError):
        shailoo.ReadSettings(ocr="sometimes")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- check and compare


def test_check_takes_a_document_or_a_path():
    # seed001_defects.docx: eight planted defects (fixtures/README.md), SH151 on row 12 among them.
    path = FIXTURES / "docx" / "seed001_defects.docx"
    report = shailoo.check(path, lang="en")
    assert isinstance(report, shailoo.FindingsReport)
    assert any(f.code == "SH151" and f.activity == "12" for f in report.findings)
    again = shailoo.check(shailoo.parse(path), lang="en")
    assert [(f.code, f.activity) for f in again.findings] == [(f.code, f.activity) for f in report.findings]
    assert report.summary.error == sum(f.severity == "error" for f in report.findings)


def test_check_reads_a_parse_output_json(tmp_path):
    doc = shailoo.parse(SEED001_TXT)
    saved = tmp_path / "seed001.json"
    saved.write_text(doc.to_json(), encoding="utf-8")
    assert shailoo.check(saved).document == doc.document


def test_check_takes_a_settings_file_or_a_config(tmp_path):
    path = FIXTURES / "docx" / "seed001_defects.docx"
    toml = tmp_path / "shailoo.toml"
    toml.write_text("[rules.SH151]\nenabled = false\n", encoding="utf-8")
    assert not shailoo.check(path, config=toml).count("SH151")
    assert not shailoo.check(path, config=shailoo.Config(rules={"SH151": {"enabled": False}})).count("SH151")
    bad = tmp_path / "bad.toml"
    bad.write_text("[rules.SH999]\nenabled = false\n", encoding="utf-8")
    with pytest.raises(shailoo.ConfigError, match="unknown rule"):
        shailoo.check(path, config=bad)


def test_check_refuses_bad_arguments():
    doc = shailoo.parse(SEED001_TXT)
    with pytest.raises(ValueError, match="lang"):
        shailoo.check(doc, lang="de")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown election kind"):
        shailoo.check(doc, election_kind="mayoral")
    with pytest.raises(ValueError, match="unknown jurisdiction"):
        shailoo.check(doc, jurisdiction="fr")  # type: ignore[arg-type]
    with pytest.raises(shailoo.ShailooError, match="no such directory"):
        shailoo.check(doc, statutes=["/nonexistent/statutes"])


def test_check_messages_follow_lang():
    path = FIXTURES / "docx" / "seed001_defects.docx"
    ru = shailoo.check(path, lang="ru").findings
    ky = shailoo.check(path, lang="ky").findings
    assert [f.code for f in ru] == [f.code for f in ky]
    assert [f.message for f in ru] != [f.message for f in ky]


def test_compare_language_versions():
    # seed001_ky.docx: five disagreements planted — rows 9, 13, 15, 40, and row 76 missing.
    report = shailoo.compare(FIXTURES / "docx" / "seed001.docx", FIXTURES / "docx" / "seed001_ky.docx", lang="en")
    assert isinstance(report, shailoo.ComparisonReport)
    assert report.mode == "language"
    assert {f.code for f in report.findings} == {"SH161"}
    assert {f.activity for f in report.findings if f.activity} == {"9", "13", "15", "40"}
    assert any(p.a == "76" and p.by == "removed" for p in report.alignment)


def test_compare_drafts_by_mode():
    a, b = FIXTURES / "docx" / "seed001.docx", FIXTURES / "docx" / "seed001_draft2.docx"
    report = shailoo.compare(shailoo.parse(a), b, mode="auto")
    assert report.mode == "draft" and {f.code for f in report.findings} == {"SH162"}
    # row 12: 45 days instead of 50; row 19: tec instead of pec (rows before the added row 21 keep their numbers)
    assert {"12", "19"} <= {f.activity for f in report.findings}


# --------------------------------------------------------------------------- many documents


def test_parse_many_reads_a_folders_documents_in_path_order():
    docs = shailoo.parse_many(FIXTURES / "text")
    names = [Path(d.source.path).name for d in docs]
    assert names == ["resolution_ky.txt", "resolution_ru.txt", "seed000.txt", "seed001.txt", "seed002.txt",
                     "seed003.txt", "seed004.txt"]
    assert len(docs) == 7 and docs.failures == []
    assert isinstance(docs[0], shailoo.ParsedDocument) and isinstance(docs[1:3], shailoo.Documents)
    assert len(docs[1:3]) == 2
    assert sum(1 for _ in docs.activities()) == sum(len(d.activities) for d in docs)


def test_parse_many_skips_what_is_not_a_document_and_collects_failures(tmp_path):
    (tmp_path / "plan.txt").write_text((SEED001_TXT).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.py").write_text("print('not a document')\n", encoding="utf-8")
    docs = shailoo.parse_many(tmp_path, errors="collect")
    assert [Path(d.source.path).name for d in docs] == ["plan.txt"]
    assert len(docs.failures) == 1
    failure = docs.failures[0]
    assert Path(failure.path).name == "empty.txt" and failure.exit_code == 2 and "empty" in failure.reason
    with pytest.raises(shailoo.InputError, match="empty"):
        shailoo.parse_many([tmp_path / "plan.txt", tmp_path / "empty.txt"])


@pytest.fixture(scope="module")
def seed001_docs():
    return shailoo.parse_many([SEED001_TXT])


def _row(rows, number):
    return next(r for r in rows if r["number"] == number)


def test_rows_are_typed_values(seed001_docs):
    rows = seed001_docs.rows()
    assert set(rows[0]) == set(shailoo.ACTIVITY_COLUMNS)
    # row 5: «За 55 календарных дней до дня голосования (до 15 августа 2022 года)»; 9.10.2022 − 55 days = 15.08.2022
    five = _row(rows, "5.")
    assert five["term_kind"] == "relative"
    assert five["printed"] == [D(2022, 8, 15)]
    assert five["computed"] == D(2022, 8, 15)
    assert five["election_day"] == D(2022, 10, 9)
    assert five["section"] == ["Информационное обеспечение выборов"]
    # row 2: «Не позднее 10 календарных дней со дня официального опубликования … (до 19 августа 2022 г.)»
    assert D(2022, 8, 19) in _row(rows, "2.")["printed"]
    assert _row(rows, "2.")["cells"]["term"].startswith("Не позднее 10 календарных дней")


def test_to_arrow_has_typed_columns_with_descriptions(seed001_docs):
    import pyarrow as pa

    table = seed001_docs.to_arrow()
    assert table.num_rows == len(seed001_docs[0].activities)
    schema = table.schema
    assert schema.field("election_day").type == pa.date32()
    assert schema.field("computed").type == pa.date32()
    assert schema.field("printed").type == pa.list_(pa.date32())
    assert schema.field("section").type == pa.list_(pa.string())
    assert pa.types.is_struct(schema.field("cells").type)
    assert schema.field("cells").type.field("term").type == pa.string()
    assert pa.types.is_struct(schema.field("citations").type.value_type)
    assert schema.field("activity").type == pa.int32()
    for name, desc in shailoo.ACTIVITY_COLUMNS.items():
        assert schema.field(name).metadata[b"description"].decode() == desc


def test_to_pandas_keeps_dates_as_dates(seed001_docs):
    import pandas as pd

    frame = seed001_docs.to_pandas()
    assert isinstance(frame.dtypes["election_day"], pd.ArrowDtype)
    assert str(frame.dtypes["election_day"]) == "date32[day][pyarrow]"
    assert str(frame.dtypes["printed"]) == "list<item: date32[day]>[pyarrow]"
    five = frame[frame["number"] == "5."].iloc[0]
    assert five["computed"] == D(2022, 8, 15)
    assert list(five["printed"]) == [D(2022, 8, 15)]


def test_to_polars_keeps_dates_as_dates(seed001_docs):
    import polars as pl

    frame = seed001_docs.to_polars()
    assert frame.schema["election_day"] == pl.Date
    assert frame.schema["printed"] == pl.List(pl.Date)
    assert isinstance(frame.schema["cells"], pl.Struct)
    five = frame.filter(pl.col("number") == "5.")
    assert five["computed"].to_list() == [D(2022, 8, 15)]


def test_a_missing_frame_library_says_what_to_install(seed001_docs, monkeypatch):
    monkeypatch.setitem(sys.modules, "polars", None)  # import polars now raises ImportError
    with pytest.raises(ImportError, match=r"to_polars\(\) needs polars.*pip install polars"):
        seed001_docs.to_polars()


# --------------------------------------------------------------------------- convert and query


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    target = tmp_path_factory.mktemp("api") / "archive.duckdb"
    run = shailoo.convert(FIXTURES / "text", target, check=True)
    return target, run


def test_convert_returns_the_run_summary_and_prints_nothing(store, capsys):
    _target, run = store
    assert isinstance(run, shailoo.ConvertSummary)
    assert (run.total, run.ok, run.failed, run.exit_code) == (7, 7, 0, 0)
    assert capsys.readouterr() == ("", "")


def test_convert_refuses_an_existing_target_without_resume_or_force(store):
    target, _run = store
    with pytest.raises(shailoo.ConvertError, match="the target exists"):
        shailoo.convert(FIXTURES / "text", target)
    again = shailoo.convert(FIXTURES / "text", target, resume=True)
    assert again.skipped_unchanged == 7 and again.ok == 0


def test_query_sql_and_examples(store):
    target, _run = store
    docs = shailoo.query(target, "SELECT path, election_day FROM documents WHERE path LIKE $p", params={"p": "%seed001%"})
    assert docs.columns == ["path", "election_day"]
    assert [r[1] for r in docs.rows] == [D(2022, 10, 9)]
    assert docs.records()[0]["election_day"] == D(2022, 10, 9)
    assert str(docs.to_pandas().dtypes["election_day"]) == "date32[day][pyarrow]"
    files = shailoo.query(target, example="files")
    assert files.records() == [{"status": "ok", "files": 7, "bytes": files.records()[0]["bytes"],
                                "pages": files.records()[0]["pages"]}]
    with pytest.raises(ValueError, match="needs params\\['article'\\]"):
        shailoo.query(target, example="deadlines-citing")
    with pytest.raises(ValueError, match="no example"):
        shailoo.query(target, example="nothing")


def test_query_reads_the_store_only(store, tmp_path):
    target, _run = store
    with pytest.raises(shailoo.InputError, match="refused"):
        shailoo.query(target, f"COPY documents TO '{tmp_path / 'out.csv'}'")
    assert not (tmp_path / "out.csv").exists()
    with pytest.raises(shailoo.InputError, match="no such database"):
        shailoo.query(tmp_path / "missing.duckdb", "SELECT 1")


# --------------------------------------------------------------------------- track


def test_track_a_plan_and_a_report(tmp_path):
    # fixtures/track/expected.yaml: seed 003's plan (23 measures) and the report of 20.01.2024; on 2024-06-01:
    # done 6, in_progress 8, not_started 4, no_report 5, overdue 0; measure 2.1 done on 2023-12-28.
    council = shailoo.track(tmp_path / "council.duckdb")
    with pytest.raises(shailoo.TrackError, match="no tracking store"):
        council.plans()
    plan = council.add_plan(FIXTURES / "html" / "seed003.html")
    assert plan.measures == 23 and plan.years == [2023, 2024, 2025]
    assert council.add_plan(FIXTURES / "html" / "seed003.html") == plan
    report = council.add_report(FIXTURES / "track" / "report_2024-01-20_ru.docx", as_of="20.01.2024")
    assert (report.as_of, report.plan_id, report.rows, report.language) == (D(2024, 1, 20), plan.plan_id, 21, "ru")
    assert [p.plan_id for p in council.plans()] == [plan.plan_id]

    status = council.status(as_of="2024-06-01")
    assert isinstance(status, shailoo.TrackingStatus)
    t = status.totals
    assert (t.measures, t.done, t.in_progress, t.not_started, t.no_report, t.overdue) == (23, 6, 8, 4, 5, 0)
    m21 = next(m for m in status.measures if m.measure == "2.1")
    assert (m21.status, m21.status_date) == ("done", D(2023, 12, 28))

    timeline = council.timeline("2.1", as_of=D(2024, 6, 1))
    assert [(e.as_of, e.status) for e in timeline.entries] == [(D(2024, 1, 20), "done")]
    folio = council.portfolio(as_of=D(2024, 6, 1), lang="en")
    assert isinstance(folio, shailoo.Portfolio) and folio.totals.done == 6
    assert [p.as_of for p in council.trend()] == [D(2024, 1, 20)]
    assert {e.key for e in council.executors(as_of=D(2024, 6, 1))}
    assert all(s.plan_id == plan.plan_id for s in council.signals(as_of=D(2024, 6, 1)))
    assert [y.year for y in council.by_year(as_of=D(2024, 6, 1))] == [2023, 2024, 2025]
    with pytest.raises(shailoo.TrackError, match="no plan"):
        council.status(as_of=D(2024, 6, 1), plan="ffff")
    with pytest.raises(ValueError, match="as_of: not a date"):
        council.status(as_of="June 2024")


# --------------------------------------------------------------------------- the models


def test_plain_dumps_use_the_aliases():
    doc = shailoo.parse(FIXTURES / "text" / "resolution_ru.txt")
    data = doc.model_dump()
    assert data["schema"] == "shailoo/document@1" and "schema_" not in data
    assert json.loads(doc.model_dump_json())["schema"] == "shailoo/document@1"
    assert doc.model_dump(by_alias=True) == data
    # «Контроль за исполнением … возложить на секретаря …»: ``self_`` is written ``self``
    assert doc.document.resolution is not None and doc.document.resolution.control is not None
    control = doc.document.resolution.control.model_dump()
    assert control["self"] is False and "self_" not in control
    text = doc.model_dump_json()
    back = json.loads(text)
    assert shailoo.ParsedDocument.model_validate(back).model_dump_json() == text  # read back by alias …
    by_name = {**{k: v for k, v in back.items() if k != "schema"}, "schema_": "shailoo/document@1"}
    assert shailoo.ParsedDocument.model_validate(by_name).model_dump_json() == text  # … or by name
    report = shailoo.check(doc)
    assert "schema" in report.model_dump() and "schema" in json.loads(report.model_dump_json())


def _models(model: type[BaseModel], seen: dict[type[BaseModel], None]) -> None:
    if model in seen:
        return
    seen[model] = None
    for f in model.model_fields.values():
        for t in _types(f.annotation):
            _models(t, seen)


def _types(annotation) -> list[type[BaseModel]]:
    out = [annotation] if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []
    for arg in typing.get_args(annotation):
        out += _types(arg)
    return out


def test_every_field_of_every_output_model_is_described():
    from shailoo.apps.schema import OUTPUTS
    from shailoo.apps.track.models import ExecutorStatus, Measure, MeasureTimeline

    seen: dict[type[BaseModel], None] = {}
    for model in [*OUTPUTS.values(), MeasureTimeline, ExecutorStatus, Measure, shailoo.Failure]:
        _models(model, seen)
    assert len(seen) > 50
    undescribed = [f"{m.__module__}.{m.__name__}.{n}" for m in seen for n, f in m.model_fields.items()
                   if not (f.description or "").strip()]
    assert not undescribed, undescribed
    undocumented = [f"{m.__module__}.{m.__name__}" for m in seen if not (m.__doc__ or "").strip()]
    assert not undocumented, undocumented


@pytest.mark.parametrize("name", ["document", "findings", "comparison", "tracking", "portfolio"])
def test_the_committed_schemas_carry_the_descriptions(name):
    from shailoo.apps.schema import json_schema

    committed = json.loads((ROOT / "corpus" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(name), f"run: shailoo schema {name} -o corpus/schema/{name}.schema.json"
    for model, spec in committed.get("$defs", {}).items():
        for field, prop in spec.get("properties", {}).items():
            assert prop.get("description"), f"{name}: {model}.{field}"
