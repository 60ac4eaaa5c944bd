"""The figure loop runs on the helper thread's fresh stack (common.fresh_stack), with its result or its error."""

import datetime
import threading

import pytest

from common.fresh_stack import run_on_fresh_stack
from reporting.figures import registry


def test_the_function_runs_on_the_helper_thread_and_its_result_comes_back():
    assert run_on_fresh_stack(lambda a, b=0: (threading.current_thread().name, a + b), 2, b=3)[1] == 5
    name, _ = run_on_fresh_stack(lambda a, b=0: (threading.current_thread().name, a + b), 2)
    assert name.startswith("lhl-fresh-stack")
    assert name != threading.current_thread().name


def test_an_error_comes_back_as_raised():
    def fails():
        raise ValueError("figures failed")

    with pytest.raises(ValueError, match="figures failed"):
        run_on_fresh_stack(fails)


def test_a_call_from_the_helper_thread_runs_there_at_once():
    def outer():
        return run_on_fresh_stack(lambda: threading.current_thread().name)

    assert run_on_fresh_stack(outer).startswith("lhl-fresh-stack")


def test_the_figure_table_computes_its_figures_on_the_fresh_stack(db, monkeypatch):
    threads = []
    real = registry._entry

    def spy(*args):
        threads.append(threading.current_thread().name)
        return real(*args)

    monkeypatch.setattr(registry, "_entry", spy)
    table = registry.figure_table(as_of=datetime.date(2021, 4, 30))
    assert len(threads) == 10
    assert all(name.startswith("lhl-fresh-stack") for name in threads)
    assert table.national.municipalities == 356
