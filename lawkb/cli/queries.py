"""The query commands' work, free of typer, so that the quick dispatcher (`quick.py`) and the typer commands run the
same code: `penalty`, `show` and `search`. Options arrive as plain values (lang: ko/en/both; fmt: text/json)."""

from __future__ import annotations

from .common import CommandExit, echo, load_kb_or_fail, print_json


def penalty(words: list[str], as_of: str | None, lang: str, fmt: str, kb: str | None) -> None:
    ref = " ".join(words)
    from .. import query
    from ..render.penalty import penalty_doc, penalty_json
    from ..report import envelope

    date = query.check_date(as_of) if as_of is not None else query.today()
    base = load_kb_or_fail(kb)
    target, answers = query.penalties(base, ref, date)
    if fmt == "json":
        print_json(envelope("penalty", **penalty_json(base, ref, target, answers, date)))
        return
    from ..console import print_doc

    print_doc(penalty_doc(base, ref, target, answers, date, lang))


def show(words: list[str], as_of: str | None, lang: str, fmt: str, kb: str | None) -> None:
    ref = " ".join(words)
    from .. import query
    from ..errors import NotFoundError
    from ..model import Article
    from ..render import records as rr
    from ..report import envelope

    date = query.check_date(as_of) if as_of is not None else query.today()
    base = load_kb_or_fail(kb)
    target = query.resolve(ref, base)
    focus = None
    if isinstance(target, query.Ref):
        focus = target.paragraph
        target = base.article(target.article_id)
    assert target is not None
    if isinstance(target, Article):
        try:
            view = query.article_view(target, date, kb=base)
        except NotFoundError:
            if as_of is not None:
                raise
            # Without a date asked for, an article not yet in force is shown as it will read.
            view = query.article_view(target, target.versions[0].in_force, kb=base)
        if focus is not None and target.first_in_force(focus) is None:
            raise query.not_in_force_error(target, focus, date, base)
        if fmt == "json":
            print_json(envelope("show", record_kind="article", id=target.id, file=target.file, record=target.data,
                                article=rr.article_json(base, view), focus_paragraph=focus))
            return
        doc = rr.article_doc(base, view, lang, focus=focus)
    elif target.kind == "offence":
        if fmt == "json":
            print_json(envelope("show", record_kind="offence", id=target.id, file=target.file, record=target.data,
                                offence=rr.offence_json(base, target, date)))
            return
        doc = rr.offence_doc(base, target, date, lang)
    else:
        if fmt == "json":
            print_json(envelope("show", record_kind=target.kind, id=target.id, file=target.file, record=target.data))
            return
        from ..render.kinds import BUILDERS

        doc = BUILDERS[target.kind](base, target, lang)
    from ..console import print_doc

    print_doc(doc)


def search(text: list[str], kind: str | None, limit: int, lang: str, fmt: str, kb: str | None) -> None:
    from ..cache import search_index
    from ..errors import ExitCode
    from ..query import check_kind
    from ..report import envelope

    query_text = " ".join(text)
    kind = check_kind(kind) if kind is not None else None
    base = load_kb_or_fail(kb)
    hits = search_index(base).search(query_text, kind=kind, limit=limit)
    if fmt == "json":
        print_json(envelope("search", query=query_text, record_kind=kind, limit=limit, count=len(hits), hits=[h.as_dict() for h in hits]))
    elif hits:
        from ..console import print_doc
        from ..render.search import search_doc

        print_doc(search_doc(query_text, hits, kind, lang))
    if not hits:
        # Also after the JSON (which says count 0): standard error names the problem in every format.
        where = f" among {kind} records" if kind else ""
        echo(f"lawkb: error[no-match]: nothing matches '{query_text}'{where}", err=True)
        echo("    hint: try fewer words, another spelling, or the other language", err=True)
        raise CommandExit(int(ExitCode.NOT_FOUND))
