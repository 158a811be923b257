"""BLAS's thread count is process-wide: overlapping limits from two threads (two solves in
a threaded web server) must still give the original count back."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from threadpoolctl import OpenBLASController, threadpool_info, threadpool_limits

from upward.matching.engine.blocks import single_threaded_blas


def blas_threads() -> set[int]:
    return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}


@pytest.fixture(autouse=True)
def two_blas_threads() -> Iterator[None]:
    """A known starting point, with no thread left in control of OpenBLAS (as a plain
    ``with threadpool_limits`` would leave this test's own thread)."""
    limiter = threadpool_limits(limits=2, user_api="blas")
    OpenBLASController.clear_controlling_thread()
    yield
    limiter.restore_original_limits()
    OpenBLASController.clear_controlling_thread()


def test_overlapping_limits_in_two_threads_restore_the_original_count() -> None:
    assert blas_threads() == {2}
    a_inside, b_inside, a_left = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, set[int]] = {}

    def first() -> None:
        with single_threaded_blas():
            a_inside.set()
            b_inside.wait(5)
        a_left.set()

    def second() -> None:
        a_inside.wait(5)
        with single_threaded_blas():
            b_inside.set()
            a_left.wait(5)
            seen["while the second still runs"] = blas_threads()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == {"while the second still runs": {1}}
    assert blas_threads() == {2}


def test_a_limit_nested_in_the_same_thread_is_lifted_by_the_outer_one() -> None:
    with single_threaded_blas():
        with single_threaded_blas():
            assert blas_threads() == {1}
        assert blas_threads() == {1}
    assert blas_threads() == {2}
