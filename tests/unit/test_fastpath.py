"""The fast path (compiled validator, lean YAML builder) reports exactly what the reference path reports."""

from __future__ import annotations

import copy
import importlib.util
import math

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawkb import fastcheck, schemas, yamlio
from lawkb.load import bundled_kb_path, load_kb
from tests.conftest import INVALID, REPO, VALID_KB


@pytest.fixture
def reference_only(monkeypatch):
    """Switch the fast path off: jsonschema for every record, the full YAML builder for every file."""

    def use() -> None:
        monkeypatch.setattr(yamlio, "_Parser", None)
        monkeypatch.setattr(fastcheck, "compiled", lambda kind: None)

    return use


def outcome(result) -> tuple[list[tuple], dict[str, tuple]]:
    diags = [(d.file, d.line, d.col, d.severity.value, d.code, d.message, d.pointer, d.hint) for d in result.diagnostics]
    recs = {r.id: (r.kind, r.file, r.data) for r in result.kb}
    return diags, recs


def both(reference_only, load) -> tuple:
    fast = outcome(load())
    reference_only()
    slow = outcome(load())
    return fast, slow


def test_compiled_validator_is_installed_for_the_test_run():
    """Without it the comparisons below would compare the reference with itself (install lawkb[fast])."""
    assert fastcheck.available()
    assert all(fastcheck.compiled(kind) is not None for kind in schemas.KINDS)


@pytest.mark.parametrize("name", sorted(p.name for p in INVALID.iterdir()))
def test_each_invalid_fixture_same_diagnostics(reference_only, name):
    target = INVALID / name
    fast, slow = both(reference_only, lambda: load_kb(VALID_KB, [target], only=[target], cache_dir=None))
    assert fast == slow
    assert fast[0], "every invalid fixture has at least one diagnostic"


def test_invalid_folder_in_one_pass_same_diagnostics(reference_only):
    fast, slow = both(reference_only, lambda: load_kb(VALID_KB, [INVALID], cache_dir=None))
    assert fast == slow


def test_valid_fixture_kb_same(reference_only):
    fast, slow = both(reference_only, lambda: load_kb(VALID_KB, cache_dir=None))
    assert fast == slow and len(fast[1]) == 11


def test_bundled_kb_same(reference_only):
    fast, slow = both(reference_only, lambda: load_kb(bundled_kb_path(), cache_dir=None))
    assert fast == slow and len(fast[1]) > 50


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_kb_with_broken_files_same(reference_only, tmp_path):
    """The benchmark's generator, 300 records with 10 % broken in seven ways: same diagnostics, same records."""
    gen = _generator()
    root = tmp_path / "kb"
    files = gen.generate(root, 300, seed=7)
    broken = gen.break_files(files, 10, seed=7)
    assert len(broken) == 30
    fast, slow = both(reference_only, lambda: load_kb(root, cache_dir=None))
    assert fast == slow
    assert {code for _f, _l, _c, _s, code, *_ in fast[0]} >= {"schema-type", "schema-unknown-key", "schema-required",
                                                              "cite-dangling", "yaml-duplicate-key", "yaml-syntax", "date-invalid"}


# ---- where the compiled validator and the reference disagree unless hardened ----

ACT = yaml.safe_load((VALID_KB / "statutes/acts/youth-protection.yaml").read_text(encoding="utf-8"))
AMENDMENT = yaml.safe_load((VALID_KB / "statutes/amendments/youth-protection/17338.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("url", ["https://a\x1cb", "https://a\x1fb", "https://a\x85b", "https://a\ufeffb", "https://ok.example/x"])
def test_urls_with_separator_characters(url):
    doc = copy.deepcopy(ACT)
    doc["sources"][0]["url"] = url
    assert fastcheck.problems("act", doc) == schemas.problems("act", doc)


@pytest.mark.parametrize("date", ["0000-01-01", "0001-01-01", "2020-02-29", "2021-02-29", "2020-01-01\n", "9999-12-31"])
def test_dates_at_the_edges(date):
    doc = copy.deepcopy(AMENDMENT)
    doc["promulgated"] = date
    assert fastcheck.problems("amendment", doc) == schemas.problems("amendment", doc)
    if date == "0000-01-01":
        assert schemas.problems("amendment", doc), "the reference refuses year 0000; so must the fast path"


def test_patterns_the_hardening_does_not_know_leave_the_kind_to_the_reference():
    with pytest.raises(fastcheck._Unsafe):
        fastcheck._harden({"type": "string", "pattern": r"^\d+$"})
    with pytest.raises(fastcheck._Unsafe):
        fastcheck._harden({"type": "string", "format": "email"})
    assert fastcheck._harden({"pattern": r"^a\.b\S+(?:x)$"})["pattern"] == r"^a\.b[^\s\x1c-\x1f\x85]+(?:x)$"


# ---- property tests: random records, random YAML ----

_FIXTURES = {
    path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(VALID_KB.rglob("*.yaml"))
}
_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False) | st.text(max_size=12)
    | st.sampled_from(["2020-02-30", "0000-01-01", "2020-01-01", "https://x.example/a", "https://a\x1cb", "youth-protection.11",
                       "징역", "alternative", "high", "", "x" * 130]),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.sampled_from(["ko", "en", "key", "x", "min_months", "cite"]), kids, max_size=3),
    max_leaves=6,
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(_FIXTURES)), st.data())
def test_random_changes_to_valid_records_same_problems(name, data):
    doc = copy.deepcopy(_FIXTURES[name])
    kind = doc["kind"]
    paths = [p for p in _paths(doc) if p and p[0] != "kind"]
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(paths))
        parent = doc
        try:
            for step in where[:-1]:
                parent = parent[step]
            action = data.draw(st.sampled_from(["set", "delete", "add"]))
            if action == "delete" and isinstance(parent, dict):
                parent.pop(where[-1], None)
            elif action == "add" and isinstance(parent, dict):
                parent[data.draw(st.sampled_from(["extra", "ko", "note", "confidence"]))] = data.draw(_values)
            else:
                parent[where[-1]] = data.draw(_values)
        except (KeyError, IndexError, TypeError):
            continue
    assert fastcheck.problems(kind, doc) == schemas.problems(kind, doc)


_chars = st.characters(blacklist_categories=("Cs",))
_yaml_bits = st.sampled_from([
    "a: 1\n", "b: [x, y]\n", "c: {d: e}\n", "- 1\n", "&a x\n", "*a\n", "!!str 5\n", "!x y\n", "<<: {}\n", "'<<': 1\n", "a: 2\n",
    "no: yes\n", "on: off\n", "n: 0x1F\n", "o: 0o17\n", "f: 1.5e3\n", "i: .inf\n", "z: ~\n", "t: True\n", "q: '5'\n",
    "? [k]\n: v\n", "---\n", "...\n", "\t", "  ", "x:\n  - y\n  - z: 1\n", "k: " + "9" * 40 + "\n", "{a: 1, a: 2}\n", "[", "}",
])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_yaml_bits | st.text(_chars, max_size=8), max_size=12))
def test_fast_builder_equals_the_full_builder(parts):
    text = "".join(parts)
    fast = yamlio.parse_text(text, "f.yaml")
    full = yamlio._parse_full(text, "f.yaml")
    assert fast.diagnostics == full.diagnostics
    assert _same(fast.data, full.data)


def _same(a, b) -> bool:
    """Equal, with NaN equal to NaN and types compared too (1 is not True)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def test_fast_builder_keeps_the_loader_rules():
    """The common case goes through the fast builder; its values follow the same YAML 1.2 rules."""
    text = "d: 2020-06-02\nno: yes\non: off\nn: 5\nh: 0x1A\nx: 1.5\nz: ~\nq: \"5\"\nt: true\nl: [1, '2', null]\n"
    assert yamlio._build_fast(text) == {"d": "2020-06-02", "no": "yes", "on": "off", "n": 5, "h": 26, "x": 1.5, "z": None,
                                        "q": "5", "t": True, "l": [1, "2", None]}
    with pytest.raises(yamlio._Unusual):
        yamlio._build_fast("a: 1\na: 2\n")
