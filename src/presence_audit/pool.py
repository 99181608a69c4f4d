"""Where a batch's tasks run: in this process, in a local process pool, or on a Dask cluster.

Knows nothing of audits: ``run_tasks`` calls a top-level function once per task and yields
each task with its result (or the exception that lost it: a worker that died, a task the
cluster could not run) as they finish, so the caller gathers and records in one process.
dask.distributed is an optional extra (``pip install 'presence-audit[dask]'``), imported only
when a scheduler address is given; the only network peer is that address.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TypeVar

from presence_audit.errors import AuditInputError
from presence_audit.failures import one_line

T = TypeVar("T")
R = TypeVar("R")
Outcome = tuple[T, R | Exception]

DASK_EXTRA = "pip install 'presence-audit[dask]'"
CONNECT_TIMEOUT = "20s"


def default_jobs() -> int:
    """The CPUs this process may use (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def check_jobs(jobs: int | None) -> None:
    """Refuse a pool of no processes before any work starts (None: the default)."""
    if jobs is not None and jobs < 1:
        raise AuditInputError(f"--jobs must be 1 or more, not {jobs}")


def run_tasks(fn: Callable[[T], R], tasks: list[T], *, jobs: int,
              scheduler: str | None = None) -> Iterator[Outcome]:
    """``fn(task)`` for every task, yielded as each finishes: on the Dask scheduler at
    ``scheduler`` when given, else over ``jobs`` processes (one: here, in order)."""
    check_jobs(jobs)
    if scheduler:
        return _on_dask(_connect(scheduler), fn, tasks)
    if min(jobs, len(tasks)) <= 1:
        return _here(fn, tasks)
    return _in_processes(fn, tasks, min(jobs, len(tasks)))


def _here(fn: Callable[[T], R], tasks: list[T]) -> Iterator[Outcome]:
    for task in tasks:
        yield task, _result(functools.partial(fn, task))


def _result(get: Callable[[], R]) -> R | Exception:
    """The task's result, or the exception that lost it (never KeyboardInterrupt)."""
    try:
        return get()
    except Exception as exc:
        return exc


def _in_processes(fn: Callable[[T], R], tasks: list[T], workers: int) -> Iterator[Outcome]:
    """A process pool of fresh interpreters ("spawn"): no state forked from a parent that
    holds threads (pandas, the history store) into the workers."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(fn, task): task for task in tasks}
        try:
            for future in as_completed(futures):
                yield futures[future], _result(future.result)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _on_dask(client, fn: Callable[[T], R], tasks: list[T]) -> Iterator[Outcome]:
    """One Dask task per item through ``client``; the workers must see the same paths (a
    shared file system) and have presence-audit installed."""
    try:
        import distributed

        futures = {client.submit(fn, task, pure=False): task for task in tasks}
        for future in distributed.as_completed(futures, loop=client.loop):
            yield futures[future], _result(future.result)
    finally:
        client.close()


def _connect(address: str):
    """A client of the scheduler at ``address``; one clear line when it cannot be."""
    try:
        import distributed
    except ImportError:
        raise AuditInputError("--dask-scheduler needs dask.distributed, which is not "
                              f"installed: {DASK_EXTRA}") from None
    try:
        return distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise AuditInputError(f"{address}: cannot reach the Dask scheduler "
                              f"({one_line(exc)})") from None
