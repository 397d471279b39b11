"""Tiny HTTP probes of a NetBox (stdlib only: used before pynetbox can be)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any


def get_json(url: str, token: str | None = None, timeout: float = 5.0) -> tuple[int, Any]:
    """GET ``url``; return (HTTP status, decoded JSON or None). Status 0: no answer."""
    headers = {"Accept": "application/json"}
    if token:
        scheme = "Bearer" if token.startswith("nbt_") else "Token"
        headers["Authorization"] = f"{scheme} {token}"
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            return response.status, json.loads(body) if body else None
    except urllib.error.HTTPError as exc:
        return exc.code, None
    except (urllib.error.URLError, OSError, ValueError):
        return 0, None


def netbox_status(url: str, token: str | None) -> tuple[int, dict[str, Any] | None]:
    """``/api/status/`` of the NetBox at ``url`` (200 with a dict when the token works)."""
    code, body = get_json(url.rstrip("/") + "/api/status/", token)
    return code, body if isinstance(body, dict) else None
