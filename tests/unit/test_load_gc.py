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
