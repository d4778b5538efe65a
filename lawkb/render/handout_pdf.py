"""The handout as PDF through WeasyPrint (the optional 'pdf' extra), with a locally installed Korean font."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess

from ..errors import MissingDependencyError

INSTALL_HINT = "pip install 'lawkb[pdf]' (WeasyPrint; it also needs the Pango library, e.g. Debian's libpango-1.0-0)"
FONT_HINT = "install a Korean font, e.g. the Debian package fonts-noto-cjk (apt-get install fonts-noto-cjk)"
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_TEXT_NODE = re.compile(r">([^<]+)<")
_KOREAN_WORD = re.compile(r"[^\s<>]*[\uac00-\ud7a3][^\s<>]*")
_LONGEST_KEPT = 24


def keep_korean_words(html: str) -> str:
    """Wrap each Korean word of the body text in a no-wrap span.

    WeasyPrint ignores `word-break: keep-all`, so without this it breaks Korean lines between any two syllables;
    browsers honour the CSS and get the page unchanged. URLs and very long runs stay breakable.
    """
    head, sep, body = html.partition("<body")

    def words(m: re.Match[str]) -> str:
        return ">" + _KOREAN_WORD.sub(
            lambda w: w[0] if len(w[0]) > _LONGEST_KEPT or "://" in w[0] else f'<span class="kw">{w[0]}</span>', m[1]) + "<"

    return head + sep + _TEXT_NODE.sub(words, body) if sep else html


def korean_font_installed() -> bool | None:
    """Whether fontconfig knows a font covering Korean; None when fc-list is not there to ask."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, ":lang=ko", "family"], capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return bool(out.strip())


def render_pdf(html: str) -> bytes:
    """PDF bytes for a handout's HTML; MissingDependencyError when WeasyPrint or a Korean font is missing."""
    try:
        import weasyprint
    except ImportError:
        raise MissingDependencyError("pdf-extra-missing", "PDF output needs WeasyPrint, which is not installed", INSTALL_HINT) from None
    except OSError as exc:  # WeasyPrint is there but the system libraries it loads are not
        raise MissingDependencyError("pdf-library-missing", f"WeasyPrint cannot load its system libraries: {exc}", INSTALL_HINT) from None
    if _HANGUL.search(html) and korean_font_installed() is False:
        raise MissingDependencyError("pdf-font-missing", "no Korean font is installed, so the Korean text would print as empty boxes", FONT_HINT)
    logger = logging.getLogger("weasyprint")
    handler = logging.NullHandler()
    saved = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False  # WeasyPrint reports unsupported CSS through logging; the core never prints
    try:
        return bytes(weasyprint.HTML(string=keep_korean_words(html), base_url=None).write_pdf())
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved
