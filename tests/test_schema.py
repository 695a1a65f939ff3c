"""The committed JSON Schema is the one the model exports, and outputs validate against it."""

from __future__ import annotations

import io
import json

from cli import main
from conftest import FIXTURES, ROOT
from shailoo.model import ParsedDocument, json_schema

SCHEMA_FILE = ROOT / "corpus" / "schema" / "document.schema.json"


def test_committed_schema_is_current():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), "run: shailoo schema -o corpus/schema/document.schema.json"


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
