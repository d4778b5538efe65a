"""The handout printed for real: headless Chromium (PNG and PDF) and WeasyPrint (PDF), checked with poppler's tools.

These tests need Debian's chromium, poppler-utils and fonts-noto-cjk and the 'pdf' extra (WeasyPrint). On a developer
machine without them they are skipped with the reason shown; under CI (the CI variable set) a missing tool fails the run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lawkb.errors import MissingDependencyError
from lawkb.handout import build
from lawkb.render.handout_html import render_html
from tests.conftest import DATA

HANDOUT_KB = DATA / "handout"
NOW = "2025-06-01"
# (ids, options, pages on A4): a one-offence handout fits on two pages; the trainer handout of three offences has four pages
# of content, the quiz, and the answer key on a page of its own.
STUDENT = (["csem-possession"], {"as_of": "2025-01-01"}, 2)
TRAINER = (["csem", "deepfake-distribution"], {"as_of": "2025-01-01", "audience": "trainer", "quiz": 5}, 6)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


def need(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing; CI must install the Debian package {package}")
        pytest.skip(f"{tool} not installed (Debian package {package}); CI runs this test")
    return path


def need_weasyprint() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"WeasyPrint is not usable ({exc}); CI must install the pdf extra: pip install -e '.[test,pdf]'")
        pytest.skip(f"WeasyPrint not usable ({type(exc).__name__}); install the pdf extra: pip install -e '.[test,pdf]'")


@pytest.fixture(scope="module")
def kb():
    from lawkb.load import load_kb

    return load_kb(HANDOUT_KB).kb


def html_file(kb, tmp_path: Path, case) -> Path:
    ids, opts, _ = case
    path = tmp_path / "handout.html"
    path.write_text(render_html(build(kb, ids, now=NOW, **opts)), encoding="utf-8")
    return path


def chromium(tmp_path: Path, *args: str) -> None:
    exe = need("chromium", "chromium")
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args], check=True, capture_output=True, timeout=180)


def pdf_pages(path: Path) -> int:
    out = subprocess.run([need("pdfinfo", "poppler-utils"), str(path)], check=True, capture_output=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)$", out, re.M)
    assert match, out
    return int(match[1])


def pdf_text(path: Path) -> str:
    return subprocess.run([need("pdftotext", "poppler-utils"), "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def pdf_fonts(path: Path) -> list[list[str]]:
    out = subprocess.run([need("pdffonts", "poppler-utils"), str(path)], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def ink(png: Path) -> tuple[float, int]:
    """The share of pixels that are not near-white, and the number of distinct colours."""
    from PIL import Image

    with Image.open(png) as im:
        histogram = im.convert("L").histogram()
        colours = len(im.convert("RGB").getcolors(maxcolors=1 << 24) or ())
    return sum(histogram[:200]) / sum(histogram), colours


# ---- headless Chromium ---------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("case", [STUDENT, TRAINER], ids=["student", "trainer"])
def test_chromium_prints_the_expected_pages(kb, tmp_path, case):
    page = html_file(kb, tmp_path, case)
    pdf = tmp_path / "chromium.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf_pages(pdf) == case[2]
    text = pdf_text(pdf)
    for phrase in ("법정형", "Statutory penalty", "법률 자문이 아닙니다", "not legal advice", "기준일 / As of 2025-01-01"):
        assert phrase in text


@pytest.mark.slow
def test_chromium_screenshot_is_not_blank(kb, tmp_path):
    page = html_file(kb, tmp_path, STUDENT)
    png = tmp_path / "page.png"
    chromium(tmp_path, "--window-size=1240,1754", "--hide-scrollbars", f"--screenshot={png}", page.as_uri())
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    share, colours = ink(png)
    assert 0.01 < share < 0.5, share
    assert colours > 50


# ---- WeasyPrint ----------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_weasyprint_pdf_has_the_korean_text_and_an_embedded_cjk_font(kb, tmp_path):
    need_weasyprint()
    from lawkb.render.handout_pdf import render_pdf

    ids, opts, pages = TRAINER
    pdf = tmp_path / "weasy.pdf"
    pdf.write_bytes(render_pdf(render_html(build(kb, ids, now=NOW, **opts))))
    assert pdf_pages(pdf) == pages
    text = pdf_text(pdf)
    for phrase in ("구성요건", "법정형", "성폭력처벌법", "허위영상물", "정답과 해설", "Statutory penalty", "교육용 자료"):
        assert phrase in text
    assert "<script>" in text  # the markup in a summary is printed as text
    cjk = [row for row in pdf_fonts(pdf) if "CJK" in row[0] or row[0].endswith(("-KR", "KR-Bold"))]
    assert cjk, pdf_fonts(pdf)
    assert all("yes" in row[-5:-2] for row in cjk)


@pytest.mark.slow
def test_weasyprint_keeps_korean_words_whole(tmp_path):
    need_weasyprint()
    from lawkb.render.handout_html import stylesheet
    from lawkb.render.handout_pdf import render_pdf

    sentence = "아동ㆍ청소년성착취물을 구입ㆍ소지 또는 시청하는 죄는 2020. 6. 2.부터 법정형이 1년 이상의 징역으로 올랐다."
    html = (f'<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><style>{stylesheet()}</style></head>'
            f'<body><p style="width: 42mm">{sentence}</p></body></html>')
    pdf = tmp_path / "narrow.pdf"
    pdf.write_bytes(render_pdf(html))
    lines = [ln.strip() for ln in pdf_text(pdf).splitlines() if ln.strip() and not re.fullmatch(r"\d+\s*/\s*\d+", ln.strip())]
    assert len(lines) >= 4, lines  # the narrow box wraps the sentence
    assert " ".join(lines).split() == sentence.split()  # and every line break falls between words


def test_keep_korean_words_wraps_only_korean_body_text():
    from lawkb.render.handout_pdf import keep_korean_words

    html = ('<html><head><style>.a > .b {}</style><title>제목</title></head><body class="x"><p>법정형 1년 이상 and text</p>'
            '<a href="https://x.kr/법령">https://x.kr/법령</a></body></html>')
    out = keep_korean_words(html)
    assert out.startswith('<html><head><style>.a > .b {}</style><title>제목</title></head><body class="x">')
    assert '<p><span class="kw">법정형</span> <span class="kw">1년</span> <span class="kw">이상</span> and text</p>' in out
    assert '<a href="https://x.kr/법령">https://x.kr/법령</a>' in out


def test_pdf_without_weasyprint_is_a_missing_dependency(monkeypatch):
    from lawkb.render.handout_pdf import render_pdf

    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(MissingDependencyError) as exc:
        render_pdf("<html><body>법</body></html>")
    assert exc.value.code == "pdf-extra-missing" and exc.value.exit_code == 4
    assert "pip install 'lawkb[pdf]'" in exc.value.hint


def test_pdf_without_a_korean_font_says_which_package(monkeypatch):
    need_weasyprint()
    from lawkb.render import handout_pdf

    monkeypatch.setattr(handout_pdf, "korean_font_installed", lambda: False)
    with pytest.raises(MissingDependencyError) as exc:
        handout_pdf.render_pdf("<html><body>법정형</body></html>")
    assert exc.value.code == "pdf-font-missing" and "fonts-noto-cjk" in exc.value.hint
    assert handout_pdf.render_pdf("<html><body>English only</body></html>").startswith(b"%PDF")
