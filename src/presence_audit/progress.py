"""Progress on a terminal, silence elsewhere: a status line on stderr only when it is a TTY."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def status(enabled: bool = True) -> Iterator[Callable[[str], None]]:
    """Yield a ``progress(message)`` callback; a no-op unless stderr is an interactive terminal."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda message: None
        return
    from rich.console import Console

    console = Console(stderr=True)
    with console.status("starting") as spinner:
        yield lambda message: spinner.update(message)
