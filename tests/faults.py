"""A proxy on 127.0.0.1 that loses requests on purpose, to test what survives a bad network.

It relays one HTTP exchange per connection. For each request a `decide` function says
what to do: "pass" relays it; "cut" relays the request to the server but drops the
answer, so the client cannot know whether it was done (the hardest case for a writer);
"refuse" closes the connection without sending anything on.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Decide = Callable[[bytes], str]


def _read_request(client: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = client.recv(65536)
        if not chunk:
            break
        body += chunk
    # One exchange per connection: the server closes after answering.
    head = b"\r\n".join(
        line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")
    )
    return head + b"\r\nConnection: close\r\n\r\n" + body


def _serve(client: socket.socket, target: tuple[str, int], decide: Decide) -> None:
    with client:
        request = _read_request(client)
        if not request:
            return
        action = decide(request)
        if action == "refuse":
            return
        with socket.create_connection(target) as server:
            server.sendall(request)
            while chunk := server.recv(65536):
                if action == "pass":
                    client.sendall(chunk)


@contextmanager
def faulty_proxy(target_url: str, decide: Decide) -> Iterator[Callable[[str], str]]:
    """Run the proxy; yields a function that rewrites an engine URL to go through it."""
    host_port = target_url.split("//", 1)[1].split("/", 1)[0]
    host, port = host_port.rsplit(":", 1)
    target = (host, int(port))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    address = f"127.0.0.1:{listener.getsockname()[1]}"
    stopping = threading.Event()

    def accept() -> None:
        while not stopping.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=_serve, args=(client, target, decide), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield lambda url: url.replace(host_port, address)
    finally:
        stopping.set()
        listener.close()
        thread.join(timeout=5)


def every(n: int, action: str = "cut") -> Decide:
    """Do `action` to every n-th request and pass the rest."""
    count = iter(range(1, 10**9))
    lock = threading.Lock()

    def decide(_request: bytes) -> str:
        with lock:
            return action if next(count) % n == 0 else "pass"

    return decide
