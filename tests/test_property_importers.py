"""Property tests: importers read generated real-format exports, valid or hostile, and never raise.

For every generated archive ``read`` returns a frame that passes ``schema.validate`` and
coverage whose entries have valid statuses, whose ``records`` equal the frame's rows from that
member, and which names every data member given; all-valid members yield exactly one row per
record. ``FUZZ_EXAMPLES`` raises the example count (CI default keeps the suite well under 60 s).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from strategies import (
    Case,
    check_contract,
    check_valid_imported,
    facebook_cases,
    instagram_cases,
    read_case,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check_all_valid(importer: str, case: Case) -> None:
    """Every generated record becomes exactly one row, dated exactly."""
    result, label = read_case(importer, case)
    check_contract(result, label, case)
    check_valid_imported(result, case)
    assert len(result.frame) == sum(case.expected.values())
    activity = result.frame[result.frame["kind"] != "profile"]  # account facts carry no time
    assert activity["time_basis"].eq("exact").all()


def check_hostile(importer: str, case: Case) -> None:
    """Valid or mutated members: a valid frame and honest coverage, never an exception."""
    result, label = read_case(importer, case)
    check_contract(result, label, case)
    check_valid_imported(result, case)


@FUZZ
@given(facebook_cases(all_valid=True))
def test_facebook_valid_records_all_imported(case: Case) -> None:
    check_all_valid("facebook", case)


@FUZZ
@given(facebook_cases())
def test_facebook_hostile_never_raises(case: Case) -> None:
    check_hostile("facebook", case)


@FUZZ
@given(instagram_cases(all_valid=True))
def test_instagram_valid_records_all_imported(case: Case) -> None:
    check_all_valid("instagram", case)


@FUZZ
@given(instagram_cases())
def test_instagram_hostile_never_raises(case: Case) -> None:
    check_hostile("instagram", case)
