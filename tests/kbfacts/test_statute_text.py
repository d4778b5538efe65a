"""Every quoted paragraph is the statute's own wording: it appears in the published text of its version.

The reference texts (one file per promulgated version, from the national law database) sit in the
shared folder beside the repository; they are the primary source the knowledge base is encoded from.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import REPO

STATUTES = REPO.parent / "shared" / "reference" / "statutes"
ACT_FOLDERS = {
    "youth-protection": "아동ㆍ청소년의성보호에관한법률",
    "sexual-crimes": "성폭력범죄의처벌등에관한특례법",
    "criminal-act": "형법",
    "network-act": "정보통신망이용촉진및정보보호등에관한법률",
    "telecom-business-act": "전기통신사업법",
}
_MARKS = re.compile(r"<(?:개정|신설|전문개정|본조신설|제목개정|종전[^>]*)[^>]*>|\[[^\]]*(?:개정|신설|이동|삭제)[^\]]*\]|[*\\#]")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _MARKS.sub("", text)
    text = re.sub(r"[ㆍ·・]", "ㆍ", text)
    return re.sub(r"\s+", "", text)


@cache
def _text(path: Path) -> str:
    return _norm(path.read_text(encoding="utf-8"))


def _published(act: str, promulgated: str, in_force: str, until: str | None) -> list[str]:
    """Texts that can hold a version: those promulgated between its promulgation and its entry into force
    (an amendment promulgated in between may already have reworded a paragraph), or, for a version older
    than the reference set, the earliest text in the set while that version was still in force."""
    files = sorted((STATUTES / ACT_FOLDERS[act]).glob("*.md"))
    dated = [(f.name[:10], f) for f in files if re.match(r"\d{4}-\d{2}-\d{2}_", f.name)]
    inside = [f for d, f in dated if promulgated <= d <= in_force]
    if inside:
        return [_text(f) for f in inside]
    if dated and promulgated < dated[0][0] and (until is None or until > dated[0][0]):
        return [_text(dated[0][1])]
    return []


def _quotes(bundled_kb):
    for article in bundled_kb.of_kind("article"):
        for i, version in enumerate(article.versions):
            until = article.versions[i + 1].in_force if i + 1 < len(article.versions) else None
            for p in version.paragraphs:
                if p.role != "deleted":
                    yield article, version, until, p


pytestmark = pytest.mark.skipif(not STATUTES.is_dir(), reason=f"reference statutes not found at {STATUTES}")


def test_every_paragraph_is_quoted_from_its_version(bundled_kb):
    checked, missing, unmatched = 0, [], []
    for article, version, until, p in _quotes(bundled_kb):
        texts = _published(article.act, version.promulgated, version.in_force, until)
        if not texts:
            missing.append(f"{article.id} v{version.act_number}")
            continue
        checked += 1
        body = _norm(re.sub(r"^\d+\.\s*", "", p.text_ko))[:60]
        if not any(body in text for text in texts):
            unmatched.append(f"{article.id}({p.number}) v{version.act_number}: {p.text_ko[:50]}")
    assert checked > 300, missing
    assert not unmatched, "\n".join(unmatched[:30])


def _header(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8")[:3000]
    fields = dict(re.findall(r"^(공포일자|공포번호|시행일자): '?([0-9-]+)'?$", head, re.M))
    return fields


def test_amendment_dates_match_the_published_record(bundled_kb):
    """Act number, promulgation and main in-force date agree with the header of the published version."""
    checked, wrong = 0, []
    for amendment in bundled_kb.of_kind("amendment"):
        d = amendment.data
        folder = STATUTES / ACT_FOLDERS[d["act"]]
        hits = sorted(folder.glob(f"{d['promulgated']}_{d['act_number']:05d}.md"))
        if not hits:
            continue
        checked += 1
        h = _header(hits[0])
        if int(h["공포번호"]) != d["act_number"] or h["공포일자"] != d["promulgated"] or h["시행일자"] not in (
                d["in_force"], *(e["in_force"] for e in d.get("in_force_exceptions") or ())):
            wrong.append(f"{amendment.id}: header {h} vs {d['promulgated']} / {d['in_force']}")
    assert checked >= 30
    assert not wrong, "\n".join(wrong)
