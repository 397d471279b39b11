"""A NetBox connection for tbwan: checked once, bounded retries, parallel paginated reads.

Writes go through pynetbox's bulk endpoint methods, one chunk at a time; reads use the
same HTTP session directly, fetching every page of a list in parallel (NetBox pages hold
at most 1000).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Collection, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pynetbox
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from tbwan.errors import NetBoxError
from tbwan.netbox.schema import MIN_NETBOX, Kind

READ_POST_ATTEMPTS = 3
"""Tries of a read-only POST (GraphQL) whose connection the server dropped."""
PAGE = 1000
CHUNK = 500
IDS_PER_GET = 150  # ids in one `?id=..&id=..` query: the URL stays far below 4 KiB


def parse_version(text: str) -> tuple[int, int]:
    """``"4.7.3"`` -> ``(4, 7)``; unknown parts count as 0.

    >>> parse_version("4.7.3"), parse_version("3.7-beta")
    ((4, 7), (3, 7))
    """
    parts = [int("".join(ch for ch in p if ch.isdigit()) or 0) for p in text.split(".")[:2]]
    major, minor, *_ = [*parts, 0, 0]
    return major, minor


class NetBox:
    """The NetBox at ``url``, checked: reachable, token accepted, version >= 4.

    With ``check=False`` the first request is whatever the caller asks (a cached load asks
    the change log only); :meth:`check` runs the status check later. ``requests`` counts
    the GETs sent, for tests and benchmarks.
    """

    def __init__(
        self, url: str, token: str, *, retries: int = 3, workers: int = 8, check: bool = True
    ) -> None:
        self.url = url.rstrip("/")
        self.workers = workers
        self._counter = itertools.count(1)
        self.requests = 0
        self.api = pynetbox.api(self.url, token=token)
        session = requests.Session()
        retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=0.5,
            status_forcelist=(429, 502, 503, 504),
            # a repeated POST could create a record twice; only idempotent methods retry
            allowed_methods=frozenset({"GET", "PATCH", "PUT", "DELETE"}),
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=max(workers, 10))
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        self.api.http_session = session
        self.session = session
        self._headers = {
            "Authorization": f"{'Bearer' if token.startswith('nbt_') else 'Token'} {token}",
            "Accept": "application/json",
        }
        self.version = self.check() if check else ""

    def check(self) -> str:
        """Check reachability, token and version (``/api/status/``); return the version."""
        self.requests = next(self._counter)
        try:
            response = self.session.get(
                f"{self.url}/api/status/", headers=self._headers, timeout=15
            )
        except requests.RequestException as exc:
            raise NetBoxError(
                f"cannot reach NetBox at {self.url} ({exc.__class__.__name__}): check "
                "TBWAN_NETBOX_URL or start one with `scripts/netbox up`"
            ) from None
        if response.status_code in (401, 403):
            raise NetBoxError(
                f"NetBox at {self.url} refused the API token (HTTP {response.status_code}): "
                "check TBWAN_NETBOX_TOKEN or the token file written by `scripts/netbox up`"
            )
        try:
            body = response.json()
            version = str(body["netbox-version"])
        except (ValueError, KeyError, TypeError):
            raise NetBoxError(
                f"{self.url}/api/status/ did not answer like NetBox (HTTP "
                f"{response.status_code}): check TBWAN_NETBOX_URL"
            ) from None
        if parse_version(version) < MIN_NETBOX:
            raise NetBoxError(
                f"NetBox at {self.url} is {version}; tbwan needs NetBox "
                f"{MIN_NETBOX[0]}.{MIN_NETBOX[1]} or later: upgrade it"
            )
        self.version = version
        return version

    def _get(self, path: str, params: Mapping[str, Any]) -> dict[str, Any]:
        self.requests = next(self._counter)  # itertools.count is atomic under threads
        try:
            response = self.session.get(
                f"{self.url}{path}", params=dict(params), headers=self._headers, timeout=120
            )
        except requests.RequestException as exc:
            raise NetBoxError(
                f"GET {self.url}{path} failed ({exc.__class__.__name__}): check "
                "TBWAN_NETBOX_URL or start NetBox (`scripts/netbox up`), then retry"
            ) from None
        if response.status_code in (401, 403):
            raise NetBoxError(
                f"NetBox at {self.url} refused GET {path} (HTTP {response.status_code}): "
                "check TBWAN_NETBOX_TOKEN and the token's permissions"
            )
        if response.status_code != 200:
            detail = response.text[:300]
            raise NetBoxError(f"GET {path} answered HTTP {response.status_code}: {detail}")
        body: dict[str, Any] = response.json()
        return body

    def get_count(self, path: str, params: Mapping[str, Any]) -> int:
        """How many records a list endpoint holds for ``params`` (one small request)."""
        return int(self._get(path, {**params, "limit": 1, "brief": 1})["count"])

    def post_json(self, path: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        """POST a JSON body that reads only (GraphQL); the decoded answer."""
        self.requests = next(self._counter)
        # the POST reads only, so a connection the server dropped is retried: gunicorn's
        # threaded workers close a kept-alive connection after 2 s idle, and a request
        # sent on it just then fails before NetBox sees it (urllib3 retries only GETs)
        for attempt in range(READ_POST_ATTEMPTS):
            try:
                response = self.session.post(
                    f"{self.url}{path}", json=dict(payload), headers=self._headers, timeout=300
                )
                break
            except requests.ConnectionError as exc:
                if attempt + 1 == READ_POST_ATTEMPTS:
                    raise NetBoxError(
                        f"POST {path} failed ({exc.__class__.__name__}): retry"
                    ) from None
                time.sleep(0.2 * (attempt + 1))
            except requests.RequestException as exc:
                raise NetBoxError(f"POST {path} failed ({exc.__class__.__name__}): retry") from None
        if response.status_code != 200:
            detail = response.text[:300]
            raise NetBoxError(f"POST {path} answered HTTP {response.status_code}: {detail}")
        body: dict[str, Any] = response.json()
        return body

    def get_page(self, path: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The first page of a list endpoint (``limit`` in ``params``)."""
        return list(self._get(path, params)["results"])

    def get_list(self, path: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """An endpoint answering a plain list (``available-ips``, ``available-prefixes``)."""
        body: Any = self._get(path, params)
        return [dict(r) for r in body]

    def get_all(self, path: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Every record of a list endpoint; pages after the first are fetched in parallel."""
        base = {**(params or {}), "limit": PAGE}
        first = self._get(path, {**base, "offset": 0})
        results: list[dict[str, Any]] = list(first["results"])
        offsets = range(PAGE, int(first["count"]), PAGE)
        if offsets:
            with ThreadPoolExecutor(self.workers) as pool:
                pages = pool.map(lambda o: self._get(path, {**base, "offset": o}), offsets)
                for page in pages:
                    results.extend(page["results"])
        return results

    def get_ids(
        self, path: str, params: Mapping[str, Any], ids: Collection[int], *, key: str = "id"
    ) -> list[dict[str, Any]]:
        """The records of a list endpoint whose ``key`` (``id``, ``device_id``) is one of
        ``ids``, other filters in ``params`` still applied; chunks fetched in parallel."""
        todo = sorted(ids)
        chunks = [todo[i : i + IDS_PER_GET] for i in range(0, len(todo), IDS_PER_GET)]
        if not chunks:
            return []
        with ThreadPoolExecutor(min(len(chunks), self.workers)) as pool:
            lists = pool.map(lambda c: self.get_all(path, {**params, key: c}), chunks)
            return [record for records in lists for record in records]

    def get_many(
        self, requests_: Iterable[tuple[str, str, Mapping[str, Any]]]
    ) -> dict[str, list[dict[str, Any]]]:
        """Several lists at once: ``(name, path, params)`` -> ``{name: records}``."""
        todo = list(requests_)
        with ThreadPoolExecutor(min(len(todo), self.workers) or 1) as pool:
            fetched = pool.map(lambda r: (r[0], self.get_all(r[1], r[2])), todo)
            return dict(fetched)

    def endpoint(self, kind: Kind) -> Any:
        app, name = kind.endpoint.split(".")
        return getattr(getattr(self.api, app), name.replace("-", "_"))

    def _write(self, what: str, call: Any, payload: list[Any]) -> Any:
        try:
            return call(payload)
        except pynetbox.RequestError as exc:
            raise NetBoxError(f"{what} refused by NetBox: {exc.error}"[:2000]) from None
        except requests.RequestException as exc:
            raise NetBoxError(f"{what} failed ({exc.__class__.__name__}): retry") from None

    def create(self, kind: Kind, payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Bulk-create; return the created records (JSON), in order."""
        # One chunk after the other: parallel bulk writes deadlock in PostgreSQL on the
        # counters NetBox keeps (a device type's device count, a device's interfaces).
        out: list[dict[str, Any]] = []
        ep = self.endpoint(kind)
        for i in range(0, len(payloads), CHUNK):
            created = self._write(f"create {kind.endpoint}", ep.create, payloads[i : i + CHUNK])
            out.extend(dict(r) for r in created)
        return out

    def update(self, kind: Kind, payloads: list[dict[str, Any]]) -> None:
        """Bulk-update; each payload holds ``id`` and the changed fields."""
        ep = self.endpoint(kind)
        for i in range(0, len(payloads), CHUNK):
            self._write(f"update {kind.endpoint}", ep.update, payloads[i : i + CHUNK])

    def delete(self, kind: Kind, ids: list[int]) -> None:
        ep = self.endpoint(kind)
        for i in range(0, len(ids), CHUNK):
            self._write(f"delete {kind.endpoint}", ep.delete, ids[i : i + CHUNK])
