"""Golden output of `lawkb diff`, `lawkb bills` and `lawkb timeline`: a fixture KB for the mechanics, the bundled KB for the law."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DATA, REPO

COMPARE_KB = str(DATA / "compare")


# ---- the fixture knowledge base: every mechanic in every format --------------------------------------------

FIXTURE_CASES = [
    ("diff/fixture-art3-2020-03-01.txt", ["diff", "모범법:3", "--from", "2020-02-29", "--to", "2020-03-01"]),
    ("diff/fixture-art3-2015-to-2026-full.txt", ["diff", "모범법:3", "--from", "2019-01-01", "--to", "2026-06-01", "--full"]),
    ("diff/fixture-art3-paragraph-in-force.txt", ["diff", "model-act.3", "--from", "2020-08-31", "--to", "2020-09-01"]),
    ("diff/fixture-act-2020.txt", ["diff", "모범법", "--from", "2019-01-01", "--to", "2020-03-01"]),
    ("diff/fixture-offence-possession.txt", ["diff", "model-possession", "--from", "2020-08-31", "--to", "2026-06-01"]),
    ("diff/fixture-amendment-200.txt", ["diff", "model-act.act-200"]),
    ("diff/fixture-bill-a.txt", ["diff", "bill-model-a"]),
    ("diff/fixture-bill-c.txt", ["diff", "2120002"]),
    ("diff/fixture-bills-on-art3.txt", ["diff", "모범법:3", "--bill", "bill-model-a", "--bill", "bill-model-b"]),
    ("diff/fixture-bill-a.md", ["diff", "bill-model-a", "--format", "md"]),
    ("diff/fixture-bill-a.html", ["diff", "bill-model-a", "--format", "html"]),
    ("diff/fixture-art3-2020-03-01.json", ["diff", "모범법:3", "--from", "2020-02-29", "--to", "2020-03-01", "--format", "json"]),
    ("diff/fixture-bills.txt", ["bills"]),
    ("diff/fixture-bills.md", ["bills", "--format", "md"]),
    ("diff/fixture-bills.html", ["bills", "--format", "html"]),
    ("timeline/fixture-all.txt", ["timeline"]),
    ("timeline/fixture-possession.txt", ["timeline", "model-possession"]),
    ("timeline/fixture-csem-2019-2021.md", ["timeline", "--category", "csem", "--from", "2019-01-01", "--to", "2021-12-31", "--format", "md"]),
    ("timeline/fixture-art3.html", ["timeline", "모범법:3", "--kind", "amendment,bill", "--format", "html"]),
]


@pytest.mark.parametrize(("name", "args"), FIXTURE_CASES, ids=[c[0] for c in FIXTURE_CASES])
def test_fixture_output(run_fixed, golden, name, args):
    golden(name, run_fixed(*args, "--kb", COMPARE_KB))


# ---- the bundled knowledge base: the law itself ------------------------------------------------------------

BUNDLED_CASES = [
    # Youth Protection Act Art. 11 on the day Act No. 17338 took effect: every paragraph's penalty change.
    ("diff/youth-protection-11-2020-06-02.txt", ["diff", "청소년성보호법:11", "--from", "2020-06-01", "--to", "2020-06-02"]),
    ("diff/youth-protection-11-2020-06-02.json", ["diff", "청소년성보호법:11", "--from", "2020-06-01", "--to", "2020-06-02", "--format", "json"]),
    # Sexual Crimes Act Art. 14 on the day Act No. 17264 took effect (possession added, habitual rule added).
    ("diff/sexual-crimes-14-2020-05-19.txt", ["diff", "성폭력처벌법:14", "--from", "2020-05-18", "--to", "2020-05-19"]),
    # Art. 14-2 on 2024-10-16: the new possession paragraph 4 and the habitual rule moved from 4 to 5.
    ("diff/sexual-crimes-14-2-2024-10-16.txt", ["diff", "성폭력처벌법:14-2", "--from", "2024-10-15", "--to", "2024-10-16"]),
    ("diff/sexual-crimes-14-2-2024-10-16.html", ["diff", "성폭력처벌법:14-2", "--from", "2024-10-15", "--to", "2024-10-16", "--format", "html"]),
    # The child sexual exploitation material offences from 2012 to the fixed 'today'.
    ("timeline/csem-2012-to-today.txt", ["timeline", "--category", "csem", "--from", "2012-01-01", "--to", "2026-11-21"]),
    ("timeline/csem-2012-to-today.md", ["timeline", "--category", "csem", "--from", "2012-01-01", "--to", "2026-11-21", "--format", "md"]),
]


@pytest.mark.parametrize(("name", "args"), BUNDLED_CASES, ids=[c[0] for c in BUNDLED_CASES])
def test_bundled_output(run_fixed, golden, name, args):
    golden(name, run_fixed(*args))


def _bundled_bill_ids() -> list[str]:
    import yaml

    return sorted(yaml.safe_load(p.read_text(encoding="utf-8"))["id"] for p in (REPO / "statutes" / "bills").glob("*.yaml"))


def test_every_bundled_bill_against_the_law_and_the_enacted_text(run_fixed, golden):
    """One golden file per bill of the bundled KB (text and JSON); a bill without one, or a file without a bill, fails."""
    bills = _bundled_bill_ids()
    listed = json.loads(run_fixed("bills", "--format", "json"))
    assert sorted(b["id"] for b in listed["bills"]) == bills
    for bill in bills:
        golden(f"diff/bills/{bill}.txt", run_fixed("diff", bill))
        golden(f"diff/bills/{bill}.json", run_fixed("diff", bill, "--format", "json"))
    stored = sorted(p.stem for p in Path(__file__).parent.joinpath("diff", "bills").glob("*.txt"))
    assert stored == bills, "golden files for bills that are no longer in the knowledge base"
