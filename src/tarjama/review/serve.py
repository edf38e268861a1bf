"""``tarjama review serve``: the editor of one run on a local port, until Ctrl+C.

:class:`EditorServer` loads the run (a bad one fails before anything is bound), takes the
run's lock file, binds the port and serves :func:`~tarjama.review.server.create_app` with
uvicorn. The lock is ``.<run file name>.lock`` beside the run, held with ``flock`` while the
server lives (released by the system if the process dies), so a second server on the same
run is refused with :class:`~tarjama.errors.ReviewRunBusyError`: two editors could not
undo each other's edits. Every edit is saved when it is confirmed, so stopping the server
loses nothing.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import secrets
import socket
from contextlib import suppress
from pathlib import Path

from tarjama.errors import ReviewRunBusyError, ReviewServeError
from tarjama.review.editor import open_editor

DEFAULT_HOST = "127.0.0.1"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


class RunLock:
    """The lock file of a run: one server per run."""

    def __init__(self, run: Path):
        self.run = run
        self.path = run.with_name(f".{run.name}.lock")
        self._fd: int | None = None

    def acquire(self, note: str) -> None:
        """Take the lock and write ``note`` (the server's URL) into the file."""
        import fcntl

        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)  # it holds the token
            except OSError as error:
                raise ReviewServeError(
                    str(self.path),
                    f"cannot create the run's lock file: {error.strerror or error}",
                    "serve a run whose folder you can write to (edits are saved beside it)",
                ) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise ReviewRunBusyError(self.run, self.path) from None
            with suppress(FileNotFoundError):
                if os.stat(self.path).st_ino == os.fstat(fd).st_ino:
                    break  # the file is still the one locked (not removed by its last holder)
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"{note}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        with suppress(OSError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None


def allowed_hosts(host: str, port: int) -> set[str]:
    """The ``Host`` values that name this server: its address, and the loopback names when
    it is bound to a loopback address."""
    names = {f"[{host}]" if ":" in host else host}
    ip = _ip_address(host)
    if host == "localhost" or (ip is not None and ip.is_loopback):
        names |= set(LOOPBACK_NAMES)
    return {f"{name}:{port}" for name in names}


def _ip_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """``host`` as an IP address; None for a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _bind(host: str, port: int) -> socket.socket:
    ip = _ip_address(host)
    if ip is not None and ip.is_unspecified:
        raise ReviewServeError(
            f"--host {host}",
            "listens on every network interface, where anyone on the network could reach "
            "the editor",
            f"name one address to listen on (default {DEFAULT_HOST})",
        )
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
    except OSError as error:
        raise ReviewServeError(
            f"--host {host}", f"cannot listen there: {error.strerror or error}",
            f"pass an address of this machine (default {DEFAULT_HOST})",
        ) from None  # fmt: skip
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(64)
    except OSError as error:
        sock.close()
        taken = error.errno == errno.EADDRINUSE
        raise ReviewServeError(
            f"{host}:{port}",
            "the port is taken by another program" if taken else f"cannot listen there: {error}",
            "pass another --port N, or leave --port out to take a free one",
        ) from None
    return sock


class EditorServer:
    """The editor of the run file ``run``, served on ``host``:``port`` (0: a free port)."""

    def __init__(
        self,
        run: Path | str,
        *,
        host: str = DEFAULT_HOST,
        port: int = 0,
        memory: Path | str | None = None,
        source: Path | str | None = None,
    ):
        import uvicorn

        from tarjama.review.server import create_app

        self.editor = open_editor(run, memory, source)
        self.lock = RunLock(Path(run))
        self.socket = _bind(host, port)
        self.port = self.socket.getsockname()[1]
        self.token = secrets.token_urlsafe(24)
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{self.port}/?token={self.token}"
        try:
            self.lock.acquire(self.url)
        except Exception:
            self.socket.close()
            raise
        app = create_app(self.editor, self.token, allowed_hosts(host, self.port))
        config = uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="off", server_header=False
        )
        self._server = uvicorn.Server(config)

    @property
    def started(self) -> bool:
        return self._server.started

    def serve(self) -> None:
        """Serve until :meth:`stop` or Ctrl+C (after which KeyboardInterrupt is raised
        again, once the server has stopped); the lock is released either way."""
        try:
            self._server.run(sockets=[self.socket])
        finally:
            self.close()

    def stop(self) -> None:
        self._server.should_exit = True

    def close(self) -> None:
        self.socket.close()
        self.lock.release()
