"""A status line on stderr for slow steps, shown only on a terminal and only after a second."""

from __future__ import annotations

import sys
import threading
from contextlib import contextmanager

from ssvkg.timers import SignalDeafTimer

DELAY = 1.0


@contextmanager
def status(message: str):
    stream = sys.stderr
    if not stream.isatty():
        yield
        return
    shown = threading.Event()

    def show():
        stream.write(f"{message}…")
        stream.flush()
        shown.set()

    timer = SignalDeafTimer(DELAY, show)  # Ctrl-C must reach the main thread
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        if shown.is_set():
            stream.write("\r\033[K")  # erase the status line
            stream.flush()
