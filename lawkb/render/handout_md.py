"""The handout as Markdown that reads well on GitHub and converts cleanly with pandoc."""

from __future__ import annotations

from ..handout_context import Handout
from .handout_env import environment


def render_markdown(h: Handout) -> str:
    text = environment("md", h).get_template("handout.md.j2").render(h=h)
    # Templates leave runs of blank lines where optional parts are empty; Markdown needs at most one.
    lines: list[str] = []
    for line in text.splitlines():
        stripped = line.rstrip()
        if not stripped and (not lines or not lines[-1]):
            continue
        lines.append(stripped)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
