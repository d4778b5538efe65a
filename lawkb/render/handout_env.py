"""The Jinja2 environments of the handout templates: strict, escaping every value, with filters that pick the language."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..handout_context import LABELS, Bi, Handout

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~$^@])")
_MD_LINE_START = re.compile(r"^(?:(\d+)([.)])|([-+#:=]))")


def md_escape(value: Any) -> str:
    """Knowledge-base text as literal Markdown for GitHub and pandoc: one line, every active character backslash-escaped."""
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def number_ranges(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 5] -> [(1, 3), (5, 5)]."""
    out: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def _pick(b: Bi | None, lang: str) -> list[tuple[str, str, bool]]:
    """(text, language, is_fallback) in reading order."""
    if b is None:
        return []
    if lang == "ko":
        return [(b.ko, "ko", False)] if b.ko else ([(b.en, "en", True)] if b.en else [])
    if lang == "en":
        return [(b.en, "en", False)] if b.en else ([(b.ko, "ko", True)] if b.ko else [])
    if b.ko and b.en and b.ko != b.en:
        return [(b.ko, "ko", False), (b.en, "en", False)]
    return [(t, k, False) for t, k in ((b.ko, "ko"), (b.en, "en")) if t][:1]


def href(url: str) -> str:
    """A URL safe inside a Markdown link or an HTML attribute: non-ASCII, spaces, brackets and quotes percent-encoded."""
    return quote(url, safe=":/?#=&%+,;@!$*~-._")


def _label(key: str) -> Bi:
    return LABELS[key]


# ---- Markdown ------------------------------------------------------------------------------------------------


def _md_filters(lang: str) -> dict[str, Callable[..., Any]]:
    def t(b: Bi | None, sep: str = " / ") -> Markup:
        parts = _pick(b, lang)
        return Markup(sep.join((f"({k.upper()}) " if fb else "") + md_escape(x) for x, k, fb in parts))

    def tb(b: Bi | None, indent: int = 0, quote_: bool = False) -> Markup:
        sep = "\n>\n> " if quote_ else "\n\n" + " " * indent
        return t(b, sep)

    def refs(numbers: Iterable[int]) -> Markup:
        spans = number_ranges(numbers)
        if not spans:
            return Markup("")
        return Markup(" [" + ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans) + "]")

    def link(url: str) -> Markup:
        if not url.startswith(("https://", "http://")):
            return Markup(md_escape(url))
        return Markup(f"[{md_escape(url)}]({href(url)})")

    return {
        "t": t, "tb": tb, "refs": refs, "link": link,
        "label": lambda key, sep=" / ": t(_label(key), sep),
        "mark": lambda flagged: Markup(" †" if flagged else ""),
        "indent_for": lambda n: Markup(" " * (len(str(n)) + 2)),
    }


def _md_finalize(value: Any) -> Any:
    if value is None:
        return Markup("")
    return value if isinstance(value, Markup) else Markup(md_escape(value))


# ---- HTML ----------------------------------------------------------------------------------------------------


def _html_filters(lang: str) -> dict[str, Callable[..., Any]]:
    def t(b: Bi | None, inline: bool = False) -> Markup:
        parts = _pick(b, lang)
        if not parts:
            return Markup("")
        spans = []
        for text, k, fb in parts:
            tag = Markup('<span class="tag">{}</span> ').format(k.upper()) if fb else Markup("")
            spans.append(Markup('<span lang="{}" class="{}">{}{}</span>').format(k, k, tag, text))
        if len(spans) == 1:
            return spans[0]
        # The separator is real text (shown only where the two languages share a line) so every renderer sees the space.
        return Markup('<span class="bi{}">{}<span class="sep"> · </span>{}</span>').format(" inline" if inline else "", spans[0], spans[1])

    def refs(numbers: Iterable[int]) -> Markup:
        spans = number_ranges(numbers)
        if not spans:
            return Markup("")
        links = []
        for a, b in spans:
            first = Markup('<a href="#src-{0}">{0}</a>').format(a)
            links.append(first if a == b else first + Markup('–<a href="#src-{0}">{0}</a>').format(b))
        return Markup('<sup class="refs">[{}]</sup>').format(Markup(", ").join(links))

    def link(url: str) -> Markup:
        if not url.startswith(("https://", "http://")):
            return Markup('<span class="url">{}</span>').format(url)
        return Markup('<a class="url" href="{}">{}</a>').format(href(url), url)

    return {
        "t": t, "refs": refs, "link": link,
        "label": lambda key, inline=True: t(_label(key), inline),
        "mark": lambda flagged: Markup('<span class="mark" title="unconfirmed or low confidence">†</span>') if flagged else Markup(""),
    }


def environment(fmt: str, h: Handout) -> Environment:
    """A fresh environment for one handout: autoescape on (HTML escaping, or Markdown escaping for .md), undefined names fail."""
    if fmt == "md":
        env = Environment(loader=PackageLoader("lawkb", "templates"), autoescape=True, undefined=StrictUndefined,
                          finalize=_md_finalize, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        env.filters.update(_md_filters(h.lang))
    else:
        env = Environment(loader=PackageLoader("lawkb", "templates"), autoescape=True, undefined=StrictUndefined,
                          finalize=lambda v: "" if v is None else v, trim_blocks=True, lstrip_blocks=True)
        env.filters.update(_html_filters(h.lang))
    return env
