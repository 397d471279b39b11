"""configuration.py generation: valid Python, every value NetBox requires, no surprises."""

from __future__ import annotations

import ast

from tbwan.netbox.config import WSGI_MODULE, NetBoxConfig, render_configuration

CFG = NetBoxConfig(
    db_name="tbwan_netbox",
    db_user="tbwan_netbox",
    db_password="pw'with\"quotes",
    db_host="127.0.0.1",
    db_port=5433,
    redis_port=6380,
    secret_key="k" * 60,
    pepper="p" * 64,
)


def _namespace(text: str) -> dict[str, object]:
    namespace: dict[str, object] = {}
    exec(compile(text, "configuration.py", "exec"), namespace)
    return namespace


def test_configuration_is_python_with_required_settings() -> None:
    ns = _namespace(render_configuration(CFG))
    for required in ("ALLOWED_HOSTS", "DATABASES", "REDIS", "SECRET_KEY", "API_TOKEN_PEPPERS"):
        assert required in ns


def test_values_round_trip_even_with_quotes() -> None:
    ns = _namespace(render_configuration(CFG))
    db = ns["DATABASES"]["default"]  # type: ignore[index]
    assert db["PASSWORD"] == "pw'with\"quotes"
    assert db["PORT"] == "5433"
    assert db["HOST"] == "127.0.0.1"
    assert ns["REDIS"]["tasks"]["PORT"] == 6380  # type: ignore[index]
    assert ns["REDIS"]["caching"]["DATABASE"] != ns["REDIS"]["tasks"]["DATABASE"]  # type: ignore[index]


def test_v2_tokens_need_a_long_enough_pepper() -> None:
    ns = _namespace(render_configuration(CFG))
    peppers = ns["API_TOKEN_PEPPERS"]
    assert isinstance(peppers, dict)
    assert all(isinstance(k, int) and len(v) >= 50 for k, v in peppers.items())


def test_serves_localhost_only_and_makes_no_outbound_calls() -> None:
    ns = _namespace(render_configuration(CFG))
    assert ns["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert ns["CENSUS_REPORTING_ENABLED"] is False
    assert ns["RELEASE_CHECK_URL"] is None


def test_wsgi_module_parses() -> None:
    ast.parse(WSGI_MODULE)
