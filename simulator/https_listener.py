"""The HTTPS listener: the simulator's WSGI app under cheroot with TLS.

Waitress, which serves plain HTTP, has no TLS. cheroot (CherryPy's WSGI server) is threaded, kept up to date,
pure Python and terminates TLS with the standard library's ssl module, so no proxy has to sit in front.
It has waitress's shape (`effective_port`, `run`, `close`) so `serve` treats both alike, and can also run in a
background thread beside a waitress listener.
"""

from __future__ import annotations

import threading
from typing import Any

from cheroot.ssl.builtin import BuiltinSSLAdapter
from cheroot.wsgi import Server

from simulator.tls import ServerCertificate


class HttpsListener:
    def __init__(self, app: Any, host: str, port: int, certificate: ServerCertificate, threads: int = 8) -> None:
        self._server = Server((host, port), app, numthreads=threads, server_name="reachsim")
        self._server.ssl_adapter = BuiltinSSLAdapter(str(certificate.cert), str(certificate.key))
        self._server.prepare()  # binds now, so a busy port fails at start and port 0 learns its number
        self._thread: threading.Thread | None = None

    @property
    def effective_port(self) -> int:
        return int(self._server.bind_addr[1])

    def run(self) -> None:
        """Serve in this thread until close()."""
        self._server.serve()

    def start(self) -> None:
        """Serve from a background thread."""
        self._thread = threading.Thread(target=self.run, name="reachsim-https", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.stop()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
