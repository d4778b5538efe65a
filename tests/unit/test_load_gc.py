"""A load pauses the cyclic garbage collector and leaves it as it found it, also when the load fails."""

from __future__ import annotations

import gc

import pytest

from lawkb import load
from tests.conftest import VALID_KB


@pytest.fixture
def restore_gc():
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_state_is_restored(enabled, restore_gc):
    gc.enable() if enabled else gc.disable()
    seen: list[bool] = []
    real = load._load

    def spying(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(load, "_load", spying)
        result = load.load_kb(VALID_KB, cache_dir=None)
    assert result.kb.counts() and seen == [False]
    assert gc.isenabled() is enabled


def test_collector_is_resumed_when_the_load_fails(restore_gc):
    gc.enable()

    def failing(*args, **kwargs):
        raise RuntimeError("boom")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(load, "_load", failing)
        with pytest.raises(RuntimeError):
            load.load_kb(VALID_KB, cache_dir=None)
    assert gc.isenabled()


def test_a_load_leaves_next_to_no_reference_cycles(restore_gc):
    """With the collector paused, whatever a load leaves in reference cycles stays in memory until it resumes: a
    per-record cycle (a self-calling closure, say) would grow with the knowledge base. Allow far less than one
    cycle's worth of objects per record."""
    root = load.resolve_kb_path(None)
    load.load_kb(root, cache_dir=None)  # first imports leave their own cycles; measure a second load
    gc.collect()
    gc.disable()
    result = load.load_kb(root, cache_dir=None)
    left = gc.collect()
    assert len(result.kb) > 200
    assert left < 2 * len(result.kb), f"{left} objects in reference cycles after loading {len(result.kb)} records"
