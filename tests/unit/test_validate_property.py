"""The whole validator never crashes and always names the file, whatever the bytes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawkb.load import load_kb
from tests.conftest import VALID_KB

fragments = st.sampled_from([
    b"kind: act\n", b"kind: article\n", b"kind: offence\n", b"id: x\n", b"id: youth-protection.11\n", b"versions:\n", b"  - ",
    b"in_force: 2020-02-30\n", b"sources: []\n", b"name: {ko: a}\n", b"- 1\n", b"&a ", b"*a\n", b"\t", b"'", b'"', b"{", b"[",
    b"\xff", b"\x00", b"<<: {}\n", b"!!python/name:os.system\n", b"99999999999999999999999999999999999999\n", b": ", b"\n",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(fragments | st.binary(max_size=20), max_size=25))
def test_validator_never_crashes(tmp_path_factory, parts):
    folder = tmp_path_factory.mktemp("kb")
    target = folder / "record.yaml"
    target.write_bytes(b"".join(parts))
    result = load_kb(VALID_KB, [target], only=[target])
    for d in result.diagnostics:
        assert d.file.endswith("record.yaml")
        assert d.line >= 1 and d.col >= 1
        assert d.code and d.message
