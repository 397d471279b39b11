"""Clear errors before any sync: wrong URL, refused token, NetBox older than 4."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pynetbox
import pytest

from tbwan.errors import NetBoxError
from tbwan.netbox.client import NetBox
from tbwan.netbox.settings import netbox_settings


class _OldNetBox(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps({"netbox-version": "3.7.8"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def old_netbox() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _OldNetBox)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_wrong_url_says_how_to_fix() -> None:
    with pytest.raises(NetBoxError, match=r"cannot reach NetBox at http://127\.0\.0\.1:9"):
        NetBox("http://127.0.0.1:9", "x", retries=0)


def test_netbox_3_is_refused(old_netbox: str) -> None:
    with pytest.raises(NetBoxError, match=r"is 3\.7\.8; tbwan needs NetBox 4\.0 or later"):
        NetBox(old_netbox, "x")


@pytest.mark.netbox
def test_bad_token_is_named(netbox_api: pynetbox.api) -> None:
    url, _ = netbox_settings()
    with pytest.raises(NetBoxError, match="refused the API token"):
        NetBox(url, "nbt_aaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")


class _DroppingGraphQL(BaseHTTPRequestHandler):
    """Answers a GraphQL POST, but drops the connection of the first ``drops`` without a
    word, as a server closing an idle kept-alive connection does."""

    drops = 0
    seen = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen += 1
        if type(self).seen <= type(self).drops:
            self.close_connection = True
            return  # no status line: the client sees the connection end
        body = json.dumps({"data": {"device_list": []}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize(("drops", "ok"), [(1, True), (2, True), (3, False)])
def test_a_dropped_graphql_read_is_sent_again(drops: int, ok: bool) -> None:
    handler = type("Handler", (_DroppingGraphQL,), {"drops": drops, "seen": 0})
    server = HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        nb = NetBox(f"http://127.0.0.1:{server.server_port}", "x", check=False)
        if ok:
            assert nb.post_json("/graphql/", {"query": "{}"}) == {"data": {"device_list": []}}
        else:
            with pytest.raises(NetBoxError, match=r"POST /graphql/ failed \(ConnectionError\)"):
                nb.post_json("/graphql/", {"query": "{}"})
        assert handler.seen == min(drops + 1, 3)
    finally:
        server.shutdown()
