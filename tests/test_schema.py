"""The committed JSON Schema is the one the model exports, and outputs validate against it."""

from __future__ import annotations

import io
import json

import pytest

from shailoo.cli import main
from conftest import FIXTURES, ROOT
from shailoo.apps.schema import json_schema
from shailoo.model import ParsedDocument

SCHEMA_FILE = ROOT / "corpus" / "schema" / "document.schema.json"


@pytest.mark.parametrize("name", ["document", "findings", "comparison", "tracking"])
def test_committed_schema_is_current(name):
    path = ROOT / "corpus" / "schema" / f"{name}.schema.json"
    committed = json.loads(path.read_text(encoding="utf-8"))
    assert committed == json_schema(name), f"run: shailoo schema {name} -o corpus/schema/{name}.schema.json"


def test_findings_output_validates_against_its_schema():
    from shailoo.rules.check import check
    from shailoo.rules.findings import FindingsReport
    import shailoo

    rep = check(shailoo.parse(FIXTURES / "text" / "seed001.txt"))
    data = json.loads(rep.to_json())
    assert data["schema"] == "shailoo/findings@1"
    assert FindingsReport.model_validate(data) == rep


def test_schema_command_prints_it():
    out = io.StringIO()
    assert main(["schema"], out=out) == 0
    assert json.loads(out.getvalue()) == json_schema()


def test_output_round_trips_through_the_model():
    out = io.StringIO()
    assert main(["parse", str(FIXTURES / "text" / "seed001.txt")], out=out) == 0
    data = json.loads(out.getvalue())
    assert data["schema"] == "shailoo/document@1"
    ParsedDocument.model_validate(data)
