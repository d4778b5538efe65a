"""The YAML loader: what it keeps, what it refuses, and that it never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawkb.yamlio import parse_bytes


def codes(raw: bytes) -> list[str]:
    return [d.code for d in parse_bytes(raw, "f.yaml").diagnostics]


def test_dates_stay_strings_and_no_is_not_false():
    p = parse_bytes(b'd: 2020-06-02\nno: yes\non: off\nn: 5\nx: 1.5\nz: ~\nq: "5"\n', "f.yaml")
    assert p.data == {"d": "2020-06-02", "no": "yes", "on": "off", "n": 5, "x": 1.5, "z": None, "q": "5"}


def test_positions_map_pointers_to_lines():
    p = parse_bytes(b"a:\n  b:\n    - x\n    - {c: 1}\n", "f.yaml", positions=True)
    assert p.position("/a/b/1/c") == (4, 11)
    assert p.position("/a/b/0") == (3, 7)
    assert p.position("/a/missing/deeper") == (2, 3)


def test_duplicate_keys_are_all_reported():
    assert codes(b"a: 1\na: 2\nb: {c: 1, c: 2}\n") == ["yaml-duplicate-key", "yaml-duplicate-key"]


def test_nested_too_deep_is_refused_without_recursion():
    assert codes(b"a: " + b"{b: " * 3000 + b"1" + b"}" * 3000) == ["yaml-too-deep"]


def test_alias_refused_even_without_anchor_first():
    assert codes(b"a: *x\n") in (["yaml-alias"], ["yaml-syntax"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_raise_and_name_the_file(raw):
    p = parse_bytes(raw, "random.yaml")
    assert all(d.file == "random.yaml" for d in p.diagnostics)
    assert (p.data is None) == any(d.severity.value == "error" for d in p.diagnostics) or p.data is not None


# Control characters and line separators are excluded: YAML itself folds them, whatever the loader.
_chars = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(_chars, max_size=20),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(_chars, max_size=8), kids, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(yaml_values)
def test_random_yaml_documents_round_trip_or_report(value):
    import yaml

    text = yaml.safe_dump(value, allow_unicode=True)
    p = parse_bytes(text.encode("utf-8"), "doc.yaml")
    if isinstance(value, dict):
        # A mapping always loads; the only refusal possible is an integer too long to be a real value.
        assert isinstance(p.data, dict) and set(p.data) == set(value)
        assert {d.code for d in p.diagnostics} <= {"yaml-number-too-long"}
    else:
        assert any(d.code == "yaml-top-level" for d in p.diagnostics)
