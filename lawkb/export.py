"""The whole knowledge base for other tools: one JSON document, one CSV file per table, or one SQLite database.

Tables: one per kind (acts, articles, …, terms) with readable columns and the full record as JSON in `data`,
plus flattened tables: article_versions, paragraphs (penalties as columns), offence_provisions, guideline_types,
directive_rules and sources. Files are written beside the target and renamed into place, never half-written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError
from .model import Article, KnowledgeBase, Record
from .outfile import is_special

FORMATS = ("json", "csv", "sqlite")
TABLE_OF_KIND = {"act": "acts", "article": "articles", "amendment": "amendments", "bill": "bills", "offence": "offences",
                 "guideline": "guidelines", "directive": "directives", "case": "cases", "report": "reports", "term": "terms"}


@dataclass
class Column:
    name: str
    type: str = "TEXT"  # TEXT, INTEGER or REAL
    references: str | None = None  # "table(column)"


@dataclass
class TableData:
    name: str
    columns: list[Column]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    primary_key: str | None = None


@dataclass
class ExportResult:
    path: Path
    format: str
    records: int
    tables: dict[str, int]


def _js(value: Any) -> str | None:
    """Lists and mappings as JSON text (Datasette and sqlite-utils read it); None stays NULL."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def _bi(d: Any, lang: str) -> str | None:
    return d.get(lang) if isinstance(d, dict) else None


def _cols(spec: str, **refs: str) -> list[Column]:
    """'id act:ref number INT' style: name[:TYPE] pairs separated by spaces; refs name foreign keys."""
    out = []
    for part in spec.split():
        name, _, typ = part.partition(":")
        out.append(Column(name, {"": "TEXT", "int": "INTEGER", "real": "REAL"}[typ], refs.get(name)))
    return out


def _kind_tables(kb: KnowledgeBase) -> Iterator[TableData]:
    def table(kind: str, spec: str, row: Callable[[Record], tuple[Any, ...]], **refs: str) -> TableData:
        cols = _cols("id " + spec + " file data", **refs)
        rows = [(r.id, *row(r), r.file, _js(r.data)) for r in kb.of_kind(kind)]
        return TableData(TABLE_OF_KIND[kind], cols, rows, primary_key="id")

    yield table("act", "name_ko name_en abbreviations slugs law_id url summary_ko summary_en", lambda r: (
        r.data["name"]["ko"], r.data["name"]["en"], _js(r.data.get("abbreviations")), _js(r.data.get("slugs")), r.data.get("law_id"),
        r.data.get("url"), _bi(r.data.get("summary"), "ko"), _bi(r.data.get("summary"), "en")))

    def article_row(r: Record) -> tuple[Any, ...]:
        assert isinstance(r, Article)
        latest = r.versions[-1]
        return (r.act, r.number, r.label("ko"), latest.title.get("ko"), latest.title.get("en"), len(r.versions), r.versions[0].in_force,
                latest.in_force, r.data.get("repealed"), r.data.get("recorded_from"))

    yield table("article", "act number label_ko title_ko title_en versions:int first_in_force latest_in_force repealed recorded_from",
                article_row, act="acts(id)")
    yield table("amendment", "act act_number:int type promulgated in_force summary_ko summary_en articles", lambda r: (
        r.data["act"], r.data["act_number"], r.data["type"], r.data["promulgated"], r.data["in_force"], _bi(r.data["summary"], "ko"),
        _bi(r.data["summary"], "en"), _js(r.data["articles"])), act="acts(id)")
    yield table("bill", "bill_number act title_ko title_en status proposed decided enacted_as summary_ko summary_en", lambda r: (
        r.data.get("bill_number"), r.data["act"], r.data["title"]["ko"], r.data["title"]["en"], r.data["status"], r.data["proposed"],
        r.data.get("decided"), r.data.get("enacted_as"), _bi(r.data["summary"], "ko"), _bi(r.data["summary"], "en")),
                act="acts(id)", enacted_as="amendments(id)")
    yield table("offence", "name_ko name_en category victim aliases summary_ko summary_en provisions", lambda r: (
        r.data["name"]["ko"], r.data["name"]["en"], r.data["category"], r.data["victim"], _js(r.data.get("aliases") or []),
        _bi(r.data["summary"], "ko"), _bi(r.data["summary"], "en"),
        _js([f"{p['article']}({p['paragraph']})" for p in r.data["provisions"]])))
    yield table("guideline", "name_ko name_en adopted effective superseded selects_by summary_ko summary_en", lambda r: (
        r.data["name"]["ko"], r.data["name"]["en"], r.data["adopted"], r.data["effective"], r.data.get("superseded"),
        r.data["date_rule"]["selects_by"], _bi(r.data["summary"], "ko"), _bi(r.data["summary"], "en")))
    yield table("directive", "title_ko title_en issuer_ko issuer_en issued superseded summary_ko summary_en", lambda r: (
        r.data["title"]["ko"], r.data["title"]["en"], r.data["issuer"]["ko"], r.data["issuer"]["en"], r.data["issued"],
        r.data.get("superseded"), _bi(r.data["summary"], "ko"), _bi(r.data["summary"], "en")))
    yield table("case", "name_ko name_en defendant_ko defendant_en offences summary_ko summary_en", lambda r: (
        r.data["name"]["ko"], r.data["name"]["en"], r.data["defendant"]["ko"], r.data["defendant"]["en"], _js(r.data["offences"]),
        _bi(r.data["summary"], "ko"), _bi(r.data["summary"], "en")))
    yield table("report", "title_ko title_en publisher_ko publisher_en published period_from period_to offences summary_ko summary_en",
                lambda r: (r.data["title"]["ko"], r.data["title"]["en"], r.data["publisher"]["ko"], r.data["publisher"]["en"],
                           r.data["published"], (r.data.get("period") or {}).get("from"), (r.data.get("period") or {}).get("to"),
                           _js(r.data.get("offences") or []), _bi(r.data["summary"], "ko"), _bi(r.data["summary"], "en")))
    yield table("term", "ko en hanja definition_ko definition_en see_also", lambda r: (
        r.data["ko"], r.data["en"], r.data.get("hanja"), _bi(r.data["definition"], "ko"), _bi(r.data["definition"], "en"),
        _js(r.data.get("see_also") or [])))


def _flat_tables(kb: KnowledgeBase) -> Iterator[TableData]:
    from .query import day_before
    from .wording import penalty_en

    versions = TableData("article_versions", _cols(
        "article_id act number seq:int amendment act_number:int promulgated in_force in_force_until title_ko title_en note_en",
        article_id="articles(id)", act="acts(id)", amendment="amendments(id)"))
    paragraphs = TableData("paragraphs", _cols(
        "article_id act number act_number:int version_in_force paragraph:int paragraph_in_force role text_ko summary_en penalty_ko penalty_en "
        "life:int death:int imprisonment_type min_months:real max_months:real stated_min_months:real stated_max_months:real "
        "fine_max_won:int fine_min_won:int fine_combination attempt_punishable:int attempt_basis habitual_basis",
        article_id="articles(id)", act="acts(id)"))
    for art in kb.of_kind("article"):
        assert isinstance(art, Article)
        for seq, v in enumerate(art.versions, 1):
            until = day_before(art.versions[seq].in_force) if seq < len(art.versions) else None
            versions.rows.append((art.id, art.act, art.number, seq, v.amendment, v.act_number, v.promulgated, v.in_force, until,
                                  v.title.get("ko"), v.title.get("en"), (v.note or {}).get("en")))
            for p in v.paragraphs:
                pen = p.penalty
                paragraphs.rows.append((
                    art.id, art.act, art.number, v.act_number, v.in_force, p.number, v.paragraph_in_force(p), p.role, p.text_ko, p.summary_en,
                    pen.text_ko if pen else None, penalty_en(pen) if pen else None, int(pen.life) if pen else None,
                    int(pen.death) if pen else None, pen.imprisonment_type if pen else None, pen.term_min_months if pen else None,
                    pen.term_max_months if pen else None, pen.min_months if pen else None, pen.max_months if pen else None,
                    pen.fine_max_won if pen else None, pen.fine_min_won if pen else None, pen.fine_combination if pen else None,
                    int(pen.attempt_punishable) if pen else None, pen.attempt_basis if pen else None, pen.habitual_basis if pen else None))
    yield versions
    yield paragraphs
    provisions = TableData("offence_provisions", _cols("offence_id article_id paragraph:int from_date until_date note_en",
                                                        offence_id="offences(id)", article_id="articles(id)"))
    for off in kb.of_kind("offence"):
        for p in off.data["provisions"]:
            provisions.rows.append((off.id, p["article"], p["paragraph"], p.get("from"), p.get("until"), _bi(p.get("note"), "en")))
    yield provisions
    types = TableData("guideline_types", _cols(
        "guideline_id group_id type_id number:int name_ko name_en offences mitigated_min_months:real mitigated_max_months:real "
        "basic_min_months:real basic_max_months:real aggravated_min_months:real aggravated_max_months:real habitual:int",
        guideline_id="guidelines(id)"))
    for g in kb.of_kind("guideline"):
        for grp in g.data["groups"]:
            for t in grp["types"]:
                r = t["ranges"]
                types.rows.append((g.id, grp["id"], t["id"], t["number"], t["name"]["ko"], t["name"]["en"], _js(t["offences"]),
                                   r["mitigated"]["min_months"], r["mitigated"]["max_months"], r["basic"]["min_months"],
                                   r["basic"]["max_months"], r["aggravated"]["min_months"], r["aggravated"]["max_months"], int(t["habitual"])))
    yield types
    rules = TableData("directive_rules", _cols(
        "directive_id rule_id role_ko role_en offences demand_min_months:real demand_max_months:real demand_life:int demand_ko demand_en confidence",
        directive_id="directives(id)"))
    for d in kb.of_kind("directive"):
        for rule in d.data["rules"]:
            dem = rule.get("demand") or {}
            rules.rows.append((d.id, rule["id"], rule["role"]["ko"], rule["role"]["en"], _js(rule["offences"]), dem.get("min_months"),
                               dem.get("max_months"), int(dem["life"]) if "life" in dem else None, _bi(dem.get("text"), "ko"),
                               _bi(dem.get("text"), "en"), rule["confidence"]))
    yield rules
    sources = TableData("sources", _cols("record_id kind key url title publisher date authority note"))
    for rec in sorted(kb, key=lambda r: (r.kind, r.id)):
        for s in rec.sources:
            sources.rows.append((rec.id, rec.kind, s.key, s.url, s.title, s.publisher, s.date, s.authority, s.note))
    yield sources


def tables(kb: KnowledgeBase) -> list[TableData]:
    """Every table of the export, rows in a stable order."""
    return [*_kind_tables(kb), *_flat_tables(kb)]


def as_document(kb: KnowledgeBase) -> dict[str, Any]:
    """The JSON export: every record's data by kind, and where each came from."""
    from .report import envelope

    records = {TABLE_OF_KIND[k]: [r.data for r in kb.of_kind(k)] for k in TABLE_OF_KIND}
    return envelope("export", counts=kb.counts(), records=records, files={r.id: r.file for r in sorted(kb, key=lambda r: r.id)})


def check_target(path: Path, fmt: str, *, force: bool) -> None:
    if fmt not in FORMATS:
        raise UsageError("format-unknown", f"unknown export format '{fmt}'", "formats: " + ", ".join(FORMATS))
    if not path.parent.is_dir():
        raise UsageError("output-folder-missing", f"the folder {path.parent} does not exist", "create it first, or write somewhere else")
    if is_special(path):
        if fmt != "json":
            raise UsageError("output-not-a-file", f"{path} is a device or a pipe, not a file", f"a {fmt} export is written to a file or folder")
        return
    if path.exists() or path.is_symlink():
        if not force:
            raise UsageError("output-exists", f"{path} already exists", "pass --force to replace it")
        if fmt == "csv" and not path.is_dir():
            raise UsageError("output-not-a-folder", f"{path} is a file, but a CSV export is a folder", "choose another path")
        if fmt != "csv" and path.is_dir():
            raise UsageError("output-is-a-folder", f"{path} is a folder", f"a {fmt} export is one file; choose a file path")


def _check_replaced_folder(path: Path) -> None:
    """--force replaces a folder of CSV files (an earlier export) whole, but never one that holds anything else."""
    if not path.is_dir():
        return
    foreign = sorted(p.name for p in path.iterdir() if p.suffix != ".csv" or p.is_symlink() or not p.is_file())
    if foreign:
        shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
        raise UsageError("output-not-an-export", f"{path} holds more than CSV files ({shown}); --force would delete them",
                         "choose a new folder for the CSV export")


def export_kb(kb: KnowledgeBase, fmt: str, path: Path, *, force: bool = False) -> ExportResult:
    """Write the export to `path` through a temporary sibling that is renamed into place."""
    import sqlite3

    check_target(path, fmt, force=force)
    built = tables(kb) if fmt != "json" else []
    if fmt == "csv":
        _check_replaced_folder(path)
    if is_special(path):
        try:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(as_document(kb), ensure_ascii=False, indent=2) + "\n")
        except OSError as exc:
            raise UsageError("output-unwritable", f"cannot write {path}: {exc.strerror or exc}", "choose a writable path with -o") from None
        return ExportResult(path, fmt, len(kb), dict(kb.counts()))
    tmp: Path | None = None
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        if fmt == "json":
            out = tmp / "export.json"
            out.write_text(json.dumps(as_document(kb), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            os.replace(out, path)
        elif fmt == "sqlite":
            out = tmp / "export.sqlite"
            _write_sqlite(built, out)
            os.replace(out, path)
        else:
            out = tmp / "csv"
            out.mkdir()
            _write_csv(built, out)
            if path.exists():
                old = tmp / "old"
                os.replace(path, old)
            os.replace(out, path)
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError("output-unwritable", f"cannot write {path}: {reason}", "check that the folder is writable and has free space") from None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return ExportResult(path, fmt, len(kb), {t.name: len(t.rows) for t in built} or dict(kb.counts()))


def _write_csv(built: list[TableData], folder: Path) -> None:
    import csv

    for t in built:
        with open(folder / f"{t.name}.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([c.name for c in t.columns])
            w.writerows(t.rows)


def _write_sqlite(built: list[TableData], file: Path) -> None:
    import sqlite3

    con = sqlite3.connect(file)
    try:
        for t in built:
            cols = []
            for c in t.columns:
                col = f'"{c.name}" {c.type}'
                if c.name == t.primary_key:
                    col += " PRIMARY KEY"
                cols.append(col)
            for c in t.columns:
                if c.references:
                    table, _, rest = c.references.partition("(")
                    cols.append(f'FOREIGN KEY ("{c.name}") REFERENCES "{table}"({rest}')
            con.execute(f'CREATE TABLE "{t.name}" ({", ".join(cols)})')
            con.executemany(f'INSERT INTO "{t.name}" VALUES ({", ".join("?" for _ in t.columns)})', t.rows)
        for t in built:
            for c in t.columns:
                if c.references or c.name in ("act", "article_id", "offence_id", "record_id"):
                    con.execute(f'CREATE INDEX "idx_{t.name}_{c.name}" ON "{t.name}" ("{c.name}")')
        con.commit()
    finally:
        con.close()
