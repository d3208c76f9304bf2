"""A pool of worker processes that notices when one dies, and knows which file it had.

``multiprocessing.Pool`` waits for ever for the result of a worker killed by a signal or by the
kernel's out-of-memory killer (it starts a new worker; the task is lost). Here the parent hands
each worker one file at a time over its own pipe and waits on the pipes and the processes at once
(``multiprocessing.connection.wait``): a worker that ends without answering raises ``WorkerDied``
naming the file it was checking, at once. A worker is replaced after ``MAX_TASKS`` files, so
whatever a check leaves behind in a process (caches, allocator fragmentation) cannot grow without
bound over a batch of many thousand proposals. Results come back in the order of the files.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from hiepy_rules.errors import InputError, Problem

T = TypeVar("T")


R = TypeVar("R")


MAX_TASKS = int(os.environ.get("HIEPY_WORKER_MAX_TASKS", "200"))  # files per worker before it is replaced

#: results the parent holds ahead of the next one in order: past it, workers wait (one slow file
#: does not let the others pile up finished results in the parent)
AHEAD = 16


class WorkerDied(InputError):
    """A worker process ended (killed by a signal, out of memory) while checking ``file``."""

    def __init__(self, file: str, exitcode: int | None) -> None:
        how_vi = f"bị tín hiệu {-exitcode} kết thúc" if exitcode is not None and exitcode < 0 else "dừng đột ngột"
        how_en = f"killed by signal {-exitcode}" if exitcode is not None and exitcode < 0 else "ended unexpectedly"
        if exitcode is not None and exitcode > 0:
            how_vi, how_en = f"dừng với mã {exitcode}", f"exited with status {exitcode}"
        vi = (
            f"tiến trình đang kiểm tra tệp này đã {how_vi}, có thể do hết bộ nhớ;"
            " đợt kiểm tra dừng lại, không ghi tệp kết quả"
        )
        en = f"the worker checking this file was {how_en}, perhaps out of memory; the batch stopped, no output written"
        super().__init__(Problem(file, 0, 0, "error", vi, "worker", en))
        self.file = file


def _serve(conn: Connection, init: Callable[..., None], initargs: tuple[Any, ...], fn: Callable[[Any], Any]) -> None:
    init(*initargs)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        index, item = task
        conn.send((index, fn(item)))


class _Slot:
    __slots__ = ("conn", "done", "index", "proc")

    def __init__(self, proc: Any, conn: Connection) -> None:
        self.proc = proc
        self.conn = conn
        self.index: int | None = None  # the item it is working on
        self.done = 0


class Pool(Generic[T, R]):
    """``imap`` over ``items`` in ``n`` processes of ``ctx``; ``WorkerDied`` when one dies."""

    def __init__(
        self,
        ctx: Any,
        n: int,
        init: Callable[..., None],
        initargs: tuple[Any, ...],
        fn: Callable[[T], R],
        *,
        name: Callable[[T], str] = str,
        max_tasks: int = MAX_TASKS,
        ahead: int = AHEAD,
    ) -> None:
        self.ctx, self.n, self.init, self.initargs, self.fn = ctx, n, init, initargs, fn
        self.name, self.max_tasks, self.ahead = name, max_tasks, max(ahead, n)
        self.slots: list[_Slot] = []

    def _start(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_serve, args=(child, self.init, self.initargs, self.fn), daemon=True)
        proc.start()
        child.close()
        return _Slot(proc, parent)

    def imap(self, items: Sequence[T]) -> Iterator[R]:
        todo = iter(enumerate(items))
        ready: dict[int, R] = {}
        nxt = 0

        def feed(slot: _Slot) -> bool:
            task = next(todo, None)
            if task is None:
                slot.index = None
                return False
            slot.index = task[0]
            slot.conn.send(task)
            return True

        try:
            for _ in range(min(self.n, len(items))):
                slot = self._start()
                self.slots.append(slot)
                feed(slot)
            while nxt < len(items):
                busy = [s for s in self.slots if s.index is not None]
                waiting: list[Any] = [s.conn for s in busy] + [s.proc.sentinel for s in busy]
                for obj in wait(waiting):
                    slot = next(s for s in busy if obj is s.conn or obj == s.proc.sentinel)
                    if slot.index is None:
                        continue  # answered already in this round
                    try:
                        if not slot.conn.poll():
                            raise EOFError
                        index, result = slot.conn.recv()
                    except (EOFError, OSError):
                        slot.proc.join(1)
                        raise WorkerDied(self.name(items[slot.index]), slot.proc.exitcode) from None
                    ready[index] = result
                    slot.done += 1
                    if slot.done >= self.max_tasks:  # replace it: memory stays flat over any batch
                        self._stop(slot)
                        self.slots[self.slots.index(slot)] = slot = self._start()
                    slot.index = None
                    if len(ready) < self.ahead:
                        feed(slot)
                while nxt in ready:
                    yield ready.pop(nxt)
                    nxt += 1
                for slot in self.slots:  # the next in order is always out with a worker: none waits for ever
                    if slot.index is None and len(ready) < self.ahead and not feed(slot):
                        break
        finally:
            for slot in self.slots:
                self._stop(slot)
            self.slots = []

    @staticmethod
    def _stop(slot: _Slot) -> None:
        if slot.proc.is_alive():
            with contextlib.suppress(OSError):
                slot.conn.send(None)
            slot.proc.join(0.5)
        if slot.proc.is_alive():
            slot.proc.kill()
            slot.proc.join()
        slot.conn.close()
