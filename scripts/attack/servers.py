"""A hostile HTTP server on 127.0.0.1 for `db update --base-url`: the first path segment
picks the behaviour, so one server serves every attack (`/<mode>/<ecosystem>/all.zip`)."""

from __future__ import annotations

import socket
import socketserver
import threading
import time


class HostileServer:
    def __init__(self):
        self.stop = threading.Event()
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        outer = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                self.request.settimeout(5)
                try:
                    head = b""
                    while b"\r\n\r\n" not in head and len(head) < 65536:
                        chunk = self.request.recv(4096)
                        if not chunk:
                            return
                        head += chunk
                    line = head.split(b"\r\n", 1)[0].decode("latin-1")
                    outer.requests.append(line)
                    path = line.split(" ")[1] if " " in line else "/"
                    mode = path.strip("/").split("/")[0]
                    self.request.settimeout(None)
                    getattr(outer, "serve_" + mode.replace("-", "_"), outer.serve_missing)(
                        self.request, path
                    )
                except (OSError, ValueError):
                    pass

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()

    def url(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.port}/{mode}"

    # --- behaviours ---------------------------------------------------------------------

    def _stream(self, sock: socket.socket, piece: bytes, limit: int = 1 << 40) -> None:
        sent = 0
        while not self.stop.is_set() and sent < limit:
            sock.sendall(piece)
            sent += len(piece)

    def serve_missing(self, sock, path):
        sock.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def serve_zip(self, sock, path):
        # /zip/<name>/<ecosystem>/all.zip
        name = path.strip("/").split("/")[1]
        body = self.files.get(name)
        if body is None:
            return self.serve_missing(sock, path)
        sock.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )

    def serve_huge_chunk(self, sock, path):
        sock.sendall(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            b"7fffffffffffffff\r\n"
        )
        sock.sendall(b"PK" * (1 << 19))

    def serve_content_length_max(self, sock, path):
        sock.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\nConnection: close\r\n\r\n"
        )
        self._stream(sock, b"\0" * 65536, limit=64 << 20)

    def serve_endless_body(self, sock, path):
        sock.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
        self._stream(sock, b"\0" * 65536)

    def serve_endless_headers(self, sock, path):
        sock.sendall(b"HTTP/1.1 200 OK\r\n")
        self._stream(sock, b"X-Pad: " + b"a" * 1000 + b"\r\n")

    def serve_slow(self, sock, path):
        body = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n" + b"P" * 100
        for i, b in enumerate(body):
            if self.stop.wait(20 if i else 0):
                return
            sock.sendall(bytes([b]))


def wait_port(port: int, timeout: float = 5) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.05)
