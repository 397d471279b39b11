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
