"""Exports: findings.sarif (SARIF 2.1.0) and findings.json against its JSON schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from presence_audit import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_archives").glob("*-sample.zip"))
PROFILE = ROOT / "sample_archives" / "profile.toml"
FINDINGS_SCHEMA = ROOT / "reports" / "findings.schema.json"

# The key parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json), trimmed: the structure
# a SARIF consumer relies on. No network: it is embedded here.
SARIF_CORE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "$schema": {"type": "string"},
        "runs": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/run"}},
    },
    "$defs": {
        "message": {"type": "object", "required": ["text"],
                    "properties": {"text": {"type": "string", "minLength": 1}}},
        "run": {"type": "object", "required": ["tool"], "properties": {
            "tool": {"type": "object", "required": ["driver"], "properties": {
                "driver": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string"}, "version": {"type": "string"},
                    "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}}}}}},
            "results": {"type": "array", "items": {"$ref": "#/$defs/result"}},
            "invocations": {"type": "array", "items": {
                "type": "object", "required": ["executionSuccessful"]}},
            "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]}}},
        "rule": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"}, "name": {"type": "string"},
            "shortDescription": {"$ref": "#/$defs/message"},
            "fullDescription": {"$ref": "#/$defs/message"},
            "help": {"$ref": "#/$defs/message"},
            "defaultConfiguration": {"type": "object", "properties": {
                "level": {"enum": ["none", "note", "warning", "error"]}}},
            "properties": {"type": "object"}}},
        "result": {"type": "object", "required": ["message"], "properties": {
            "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": -1},
            "level": {"enum": ["none", "note", "warning", "error"]},
            "message": {"$ref": "#/$defs/message"},
            "locations": {"type": "array", "items": {"type": "object", "properties": {
                "logicalLocations": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "properties": {
                        "name": {"type": "string"}, "fullyQualifiedName": {"type": "string"},
                        "kind": {"type": "string"}}}}}}},
            "partialFingerprints": {"type": "object",
                                    "additionalProperties": {"type": "string"}},
            "baselineState": {"enum": ["new", "unchanged", "updated", "absent"]},
            "suppressions": {"type": "array", "items": {
                "type": "object", "required": ["kind"], "properties": {
                    "kind": {"enum": ["inSource", "external"]},
                    "status": {"enum": ["accepted", "underReview", "rejected"]},
                    "justification": {"type": "string"}}}},
            "properties": {"type": "object"}}},
    },
}


def run(*args):
    return CliRunner().invoke(cli.app, [str(a) for a in args])


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """The sample archives scanned twice against the store, with one decision between."""
    tmp = tmp_path_factory.mktemp("sarif")
    db = tmp / "h.sqlite3"
    first = run("scan", *SAMPLES, "--profile", PROFILE, "--out", tmp / "a", "--db", db)
    assert first.exit_code == 1, first.stderr
    doc = json.loads((tmp / "a" / "findings.json").read_text())
    target = doc["findings"][0]["fingerprint"]
    assert run("review", target, "--status", "disclosed", "--by", "Ethics Office",
               "--note", "=SUM(1) disclosed on the record", "--db", db).exit_code == 0
    second = run("scan", *SAMPLES, "--profile", PROFILE, "--out", tmp / "b", "--db", db,
                 "--baseline", "last")
    assert second.exit_code == 1, second.stderr
    return tmp / "b", target


def test_sarif_matches_the_core_schema_and_the_findings(audited):
    out, target = audited
    sarif = json.loads((out / "findings.sarif").read_text())
    jsonschema.Draft202012Validator(SARIF_CORE).validate(sarif)
    findings = json.loads((out / "findings.json").read_text())["findings"]
    run_ = sarif["runs"][0]
    results = run_["results"]
    assert len(results) == len(findings) > 0
    rules = run_["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and "PARTY_CONNECTION" in ids
    levels = {"critical": "error", "high": "error", "medium": "warning", "low": "note",
              "info": "note"}
    for res, f in zip(results, findings, strict=True):
        assert res["ruleId"] == f["rule"] and ids[res["ruleIndex"]] == f["rule"]
        assert res["level"] == levels[f["severity"]]
        assert res["message"]["text"] == f["reason"]
        assert res["partialFingerprints"]["presenceAudit/fingerprint/v1"] == f["fingerprint"]
        logical = res["locations"][0]["logicalLocations"][0]
        assert logical["fullyQualifiedName"] == f"{f['platform']}/{f['kind']}/{f['record_id']}"
        assert res["baselineState"] == "unchanged"
    decided = [r for r in results
               if r["partialFingerprints"]["presenceAudit/fingerprint/v1"] == target]
    assert decided[0]["suppressions"][0]["justification"].startswith("disclosed by Ethics")
    assert sum(1 for r in results if "suppressions" in r) == 1


def test_findings_json_validates_against_the_shipped_schema(audited):
    out, target = audited
    schema = json.loads(FINDINGS_SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = json.loads((out / "findings.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(doc)
    review = next(f["review"] for f in doc["findings"] if f["fingerprint"] == target)
    assert review[0]["note"] == "=SUM(1) disclosed on the record"
    # The schema is not a rubber stamp: a finding with an unknown change is refused.
    doc["findings"][0]["change"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(doc)
    del doc["findings"][0]["change"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(doc)


def test_csv_review_cell_is_neutralized(audited):
    out, _ = audited
    text = (out / "findings.csv").read_text()
    assert "disclosed by Ethics Office: =SUM(1) disclosed on the record" in text
    assert "\n=" not in text and ",=" not in text


def test_redacted_sarif_carries_no_item_text(tmp_path):
    result = run("scan", SAMPLES[-1], "--profile", PROFILE, "--out", tmp_path / "r",
                 "--redact", "--no-history", "--db", tmp_path / "h.sqlite3")
    assert result.exit_code in (0, 1), result.stderr
    sarif = json.loads((tmp_path / "r" / "findings.sarif").read_text())
    assert all("text" not in r["properties"] for r in sarif["runs"][0]["results"])
