"""Legal facts at dates: every article version's penalty inside it and on the day before it took effect.

The expectations live next to this file as data (one YAML list per act), written from the statute text;
an edit to the knowledge base that breaks history fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).parent
FACTS = [
    pytest.param(fact, id=f"{fact['article']}({fact['paragraph']})@{fact['date']}")
    for path in sorted(HERE.glob("*.yaml"))
    for fact in yaml.safe_load(path.read_text(encoding="utf-8")) or []
]


def test_there_are_facts_for_every_act():
    files = {p.stem for p in HERE.glob("*.yaml")}
    assert {"youth-protection", "sexual-crimes", "other-acts"} <= files
    assert len(FACTS) >= 60


@pytest.mark.parametrize("fact", FACTS)
def test_penalty_in_force_on_date(bundled_kb, fact):
    article = bundled_kb.article(fact["article"])
    assert article is not None, f"no article {fact['article']}"
    found = article.paragraph_as_of(fact["paragraph"], str(fact["date"]))
    if fact.get("absent"):
        assert found is None, f"paragraph in force from version {found[0].act_number if found else ''}"
        return
    assert found is not None, "paragraph not in force on that date"
    version, paragraph = found
    assert version.act_number == fact["act_number"]
    penalty = paragraph.penalty
    assert penalty is not None
    assert penalty.life == fact["life"]
    assert penalty.min_months == fact["min_months"]
    assert penalty.max_months == fact["max_months"]
    assert penalty.fine_max_won == fact["fine_max_won"]
    if "attempt_punishable" in fact:
        assert penalty.attempt_punishable == fact["attempt_punishable"]
    if "habitual" in fact:
        assert (penalty.habitual_basis is not None) == fact["habitual"]
