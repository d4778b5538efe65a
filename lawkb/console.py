"""The one place that makes a rich Console: no markup or guessing of highlights in data, plain marks when not in colour."""

from __future__ import annotations

from typing import Any


def make_console(*, stderr: bool = False) -> Any:
    import sys

    from rich.console import Console

    # The stream is looked up at call time so that redirected output (tests, pipes) is honoured.
    return Console(file=sys.stderr if stderr else sys.stdout, highlight=False, markup=False, emoji=False, soft_wrap=False)


def print_doc(doc: Any) -> None:
    """Print a lawkb.render.doc.Doc: colours and panels in a terminal, the same layout without colours elsewhere."""
    from .render.terminal import render_doc

    console = make_console()
    console.print(render_doc(doc, plain=console.color_system is None))


def print_docs(docs: list[Any]) -> None:
    from .render.terminal import render_doc

    console = make_console()
    for i, doc in enumerate(docs):
        if i:
            console.print()
        console.print(render_doc(doc, plain=console.color_system is None))
