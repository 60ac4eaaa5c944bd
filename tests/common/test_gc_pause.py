"""The figure reads hold the cyclic garbage collector off while they build their objects, and leave it as it was."""

import datetime
import gc

import pytest

from common.gc_pause import gc_paused, paused
from reporting.figures import registry


def test_paused_holds_the_collector_off_and_restores_it():
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block does not turn it back on early
    assert gc.isenabled()


def test_an_error_inside_still_turns_the_collector_back_on():
    @gc_paused
    def fails():
        raise ValueError("the read failed")

    with pytest.raises(ValueError, match="the read failed"):
        fails()
    assert gc.isenabled()


def test_a_collector_turned_off_by_someone_else_stays_off():
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_figure_table_is_computed_with_the_collector_off(db, monkeypatch):
    seen = []
    real = registry._table

    def spy(*args):
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(registry, "_table", spy)
    registry.figure_table(as_of=datetime.date(2021, 4, 30))
    assert seen == [False]
    assert gc.isenabled()
