"""A small TCP proxy on loopback that a fault test can cut and restore (RELIABILITY.md F-1).

The portal under test reaches PostgreSQL through the proxy; the suite's own PostgreSQL is never stopped.
`cut()` drops every open connection (both ends see the socket close) and refuses new ones; `restore()` listens
on the same port again. `cut_when_sent(pattern)` cuts at the moment the client sends bytes containing the
pattern (the bytes are not forwarded), so a test can break the database in the middle of a transaction.

Bounded: at most MAX_CONNECTIONS at once, one thread per connection, every wait with a timeout.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time

MAX_CONNECTIONS = 64
POLL_SECONDS = 0.1
CHUNK = 65536


class TcpProxy:
    def __init__(self, target_host: str, target_port: int, *, listen_port: int = 0):
        self.target = (target_host, int(target_port))
        self.port = listen_port
        self._listener: socket.socket | None = None
        self._accepting = threading.Event()
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._threads: list[threading.Thread] = []
        self._cut_pattern: bytes | None = None
        self.cuts = 0
        self.connections_total = 0

    # --- lifecycle ---------------------------------------------------------------------------------------

    def start(self) -> TcpProxy:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(MAX_CONNECTIONS)
        except OSError:
            listener.close()
            raise
        listener.settimeout(POLL_SECONDS)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._accepting.set()
        thread = threading.Thread(target=self._accept_loop, args=(listener,), name="tcpproxy-accept", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def cut(self) -> None:
        """The database is gone: close every connection and stop listening (new connections are refused)."""
        with self._lock:
            self._cut_pattern = None
            self._accepting.clear()
            listener, self._listener = self._listener, None
            pairs, self._pairs = self._pairs, []
            self.cuts += 1
        if listener is not None:
            listener.close()
        for pair in pairs:
            for sock in pair:
                _close(sock)

    def restore(self) -> None:
        """The database is back, on the same port."""
        if self._listener is not None:
            return
        deadline = time.monotonic() + 3
        while True:  # the old listener is released once the accept thread's poll returns
            try:
                self.start()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(POLL_SECONDS)

    def stop(self) -> None:
        self.cut()
        for thread in self._threads:
            thread.join(timeout=2)
        self._threads = [t for t in self._threads if t.is_alive()]

    def cut_when_sent(self, pattern: bytes) -> None:
        """Cut as soon as the client sends bytes containing `pattern` (which never reach the server)."""
        with self._lock:
            self._cut_pattern = pattern

    @property
    def open_connections(self) -> int:
        with self._lock:
            return len(self._pairs)

    # --- internals ---------------------------------------------------------------------------------------

    def _accept_loop(self, listener: socket.socket) -> None:
        while self._accepting.is_set() and self._listener is listener:
            try:
                client, _addr = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed by cut()
            with self._lock:
                if len(self._pairs) >= MAX_CONNECTIONS or self._listener is not listener:
                    _close(client)
                    continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            with self._lock:
                self._pairs.append((client, server))
                self.connections_total += 1
            thread = threading.Thread(target=self._pump, args=(client, server), name="tcpproxy-pump", daemon=True)
            thread.start()
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        peers = {client: server, server: client}
        try:
            while True:
                with self._lock:
                    if (client, server) not in self._pairs:
                        return
                readable, _, _ = select.select([client, server], [], [], POLL_SECONDS)
                for sock in readable:
                    data = sock.recv(CHUNK)
                    if not data:
                        return
                    if sock is client:
                        pattern = self._cut_pattern
                        if pattern is not None and pattern in data:
                            self.cut()
                            return
                    peers[sock].sendall(data)
        except (OSError, ValueError):
            return
        finally:
            with self._lock:
                if (client, server) in self._pairs:
                    self._pairs.remove((client, server))
            _close(client)
            _close(server)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
