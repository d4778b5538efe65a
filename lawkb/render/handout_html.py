"""The handout as one self-contained HTML page: inline CSS, no scripts, no remote fonts, A4 print rules."""

from __future__ import annotations

from importlib import resources

from markupsafe import Markup

from ..handout_context import LABELS, Bi, Handout
from .handout_env import environment


def stylesheet() -> str:
    return resources.files("lawkb").joinpath("templates/handout.css").read_text(encoding="utf-8")


def title_text(h: Handout) -> str:
    parts = [h.title.ko, h.title.en] if h.lang == "both" else [h.title.en or h.title.ko] if h.lang == "en" else [h.title.ko or h.title.en]
    return " / ".join(p for p in parts if p) + f" ({h.as_of})"


def _pick(b: Bi, lang: str) -> str:
    if lang == "both":
        return " / ".join(x for x in (b.ko, b.en) if x)
    return (b.en or b.ko or "") if lang == "en" else (b.ko or b.en or "")


def css_string(text: str) -> Markup:
    """Text for a CSS string inside <style>: quotes, backslashes and anything that could close the element escaped."""
    return Markup("".join(ch if ch.isalnum() or ch in " ·/-:.,()" or ord(ch) > 0x7F else f"\\{ord(ch):x} " for ch in text))


def render_html(h: Handout) -> str:
    css = stylesheet()
    if "</" in css:  # the stylesheet is package data, but a closing tag inside <style> would end it early
        raise ValueError("handout.css must not contain '</'")
    left = css_string(_pick(LABELS["disclaimer_short"], h.lang))
    right = css_string(f"{_pick(LABELS['as_of'], h.lang)} {h.as_of}")
    return environment("html", h).get_template("handout.html.j2").render(h=h, css=Markup(css), title_text=title_text(h),
                                                                         page_left=left, page_right=right)
