"""Timers whose threads leave signals to the main thread."""

from __future__ import annotations

import signal
import threading


class SignalDeafTimer(threading.Timer):
    """A threading.Timer whose thread blocks SIGINT and SIGTERM. Python acts on a signal only in
    the main thread, and a signal the kernel hands to another thread does not interrupt the main
    thread's blocking socket read: Ctrl-C on `ssvkg load` waiting for a hanging store would
    then wait for the deadline. Linux prefers the main thread already, but not when it has a
    signal pending; with the timer threads blocking them, signals always go to the main thread."""

    def run(self) -> None:
        if hasattr(signal, "pthread_sigmask"):  # POSIX
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        super().run()
