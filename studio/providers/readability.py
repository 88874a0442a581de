"""Whether a pooled connection's socket is readable: asked of every idle connection, answered
for all of them by one system call.

httpcore's pool walks its connections before each request and as each response closes, and asks
every idle one whether its socket is readable (a server that closed a kept-alive connection makes
it so: such a connection is never reused). One `poll` per idle socket per walk was 12% of the
engine thread's time with 50 jobs downloading over 100 kept connections (bench/README.md, UI
responsiveness), and each system call hands the GIL to whichever thread wants it, the window's
included, and then waits to get it back.

So one backend's sockets share one `select.poll` set (`SocketWatch`), and while the pool walks
(`SocketWatch.together`), the first question polls the whole set once and the others are
answered from that result. Outside a walk each question is its own poll, as before. Where
`select` has no `poll` (Windows), each socket is asked with `select`, one call each.
"""

from __future__ import annotations

import contextlib
import select
import weakref
from collections.abc import Iterator
from typing import Any


class SocketWatch:
    """The sockets of one network backend's open streams, in one poll set. Used from the one
    thread that runs the backend's loop; a walk (`together`) must not span an await, as its
    answers are those of the moment it first polled."""

    def __init__(self) -> None:
        self._poll: Any = select.poll() if hasattr(select, "poll") else None
        #: fd -> the `Readability` that registered it (a later socket with the same number
        #: replaces an earlier, closed one).
        self._owners: weakref.WeakValueDictionary[int, Readability] = weakref.WeakValueDictionary()
        self._walking = 0
        self._readable: set[int] | None = None  # during a walk, once asked

    def watch(self, sock: Any) -> Readability:
        readability = Readability(sock, self)
        fileno = sock.fileno() if sock is not None else -1
        if self._poll is not None and fileno != -1:
            self._poll.register(fileno, select.POLLIN)
            self._owners[fileno] = readability
        return readability

    def forget(self, readability: Readability, fileno: int) -> None:
        if self._poll is not None and self._owners.get(fileno) is readability:
            del self._owners[fileno]
            self._poll.unregister(fileno)

    @contextlib.contextmanager
    def together(self) -> Iterator[None]:
        """Within the block (no await in it), readability is polled once for every socket."""
        self._walking += 1
        try:
            yield
        finally:
            self._walking -= 1
            if not self._walking:
                self._readable = None

    def readable(self, readability: Readability, fileno: int) -> bool | None:
        """The walk's answer for this socket, or None when there is no walk (or the socket is
        not in the set)."""
        if not self._walking or self._poll is None or self._owners.get(fileno) is not readability:
            return None
        if self._readable is None:
            self._readable = {ready for ready, _events in self._poll.poll(0)}
        return fileno in self._readable


class Readability:
    """Asks one socket whether reading it would not block: data waiting, end of stream, an
    error, or closed."""

    def __init__(self, sock: Any, watch: SocketWatch | None = None) -> None:
        self._socket = sock
        self._watch = watch
        self._fileno = sock.fileno() if sock is not None else -1
        self._poll: Any = None
        if self._fileno != -1 and hasattr(select, "poll"):
            self._poll = select.poll()
            self._poll.register(self._fileno, select.POLLIN)

    def __call__(self) -> bool:
        if self._socket is None:
            return False
        if self._socket.fileno() == -1:
            self.close()  # closed without our aclose (a failed TLS handshake): out of the set
            return True
        if self._watch is not None:
            answer = self._watch.readable(self, self._fileno)
            if answer is not None:
                return answer
        if self._poll is not None:
            return bool(self._poll.poll(0))
        readable, _, failed = select.select([self._socket], [], [self._socket], 0)
        return bool(readable or failed)

    def close(self) -> None:
        """The socket is being closed: out of the shared set (its number may be reused)."""
        if self._watch is not None and self._fileno != -1:
            self._watch.forget(self, self._fileno)
