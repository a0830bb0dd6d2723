"""Unit checks of the REACH rules: status machine table, getJobs status coercion, expected finish times."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from simulator import reach_rules as rules

NY = ZoneInfo("America/New_York")


def ny(*parts: int) -> int:
    return int(datetime(*parts, tzinfo=NY).timestamp())


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [
        (1, 3, True),
        (9, 3, True),
        (8, 7, True),
        (4, 7, True),
        (1, 2, True),
        (3, 2, True),
        (3, 6, True),
        (3, 1, True),
        (3, 3, True),
        (3, 7, False),
        (6, 3, False),
        (2, 3, False),
        (5, 1, False),
        (7, 1, False),
    ],
)
def test_status_machine(old, new, allowed):
    assert rules.may_change(old, new) is allowed


def test_get_jobs_honours_only_pending_and_scheduled():
    assert rules.job_status_criteria({"statusIn": "1,9"})["statusIn"] == "1,9"
    assert rules.job_status_criteria({"statusEqual": 9})["statusEqual"] == 9
    assert rules.job_status_criteria({}) == {"statusEqual": 1}


def test_get_jobs_keeps_status_in_beside_the_forced_pending():
    # Audit row 6: Kaltura overwrites statusEqual only; statusIn stays and both apply (statusIn=3 finds nothing).
    assert rules.job_status_criteria({"statusIn": "1,3"}) == {"statusIn": "1,3", "statusEqual": 1}
    assert rules.job_status_criteria({"statusIn": "3"}) == {"statusIn": "3", "statusEqual": 1}
    # statusEqual alone is checked when it is set: a valid one keeps an invalid statusIn.
    assert rules.job_status_criteria({"statusEqual": 1, "statusIn": "2"}) == {"statusEqual": 1, "statusIn": "2"}


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (ny(2026, 3, 3, 10, 0), 1, ny(2026, 3, 4, 10, 0)),  # Tuesday in hours: +24 h
        (ny(2026, 3, 3, 5, 0), 1, ny(2026, 3, 3, 18, 0)),  # before hours: same day 18:00
        (ny(2026, 3, 3, 19, 0), 1, ny(2026, 3, 4, 18, 0)),  # after hours: next day 18:00
        (ny(2026, 3, 7, 12, 0), 1, ny(2026, 3, 9, 18, 0)),  # Saturday: Monday 18:00
        (ny(2026, 3, 6, 10, 0), 1, ny(2026, 3, 9, 10, 0)),  # Friday + 24 h lands Saturday: +2 days
        (ny(2026, 3, 3, 10, 0), 2, ny(2026, 3, 5, 10, 0)),
    ],
)
def test_business_days(start, days, end):
    assert rules.expected_finish_time(start, days) == end


def test_other_turnaround_times():
    assert rules.expected_finish_time(1000, 7200) == 8200
    assert rules.expected_finish_time(1000, 0) == 1000
    assert rules.expected_finish_time(1000, -1) == 1000 + 7 * 86400
