"""tbwan's Nornir tasks: the public API for your own runbooks.

Every task takes ``task: Task`` first and keyword arguments after, honours dry run where
it changes a device, and returns plain data or one of the small result types below::

    from nornir import InitNornir
    from tbwan.tasks import fetch_running

    nr = InitNornir(config_file="nornir.yaml").filter(site_slug="tb-sonv")
    print(nr.run(task=fetch_running)["tb-sonv-rt01"].result)

- :func:`render_config`: a host's intended config (``renderer=`` a
  :class:`tbwan.render.engine.Renderer`).
- :func:`fetch_running`: the running config through Netmiko, volatile lines removed by
  :func:`clean_running` (clear text: mask it with :func:`tbwan.diff.mask_secrets` before
  storing it).
- :func:`audit_host`: intended vs running per feature (a :class:`tbwan.report.HostAudit`).
- :func:`deploy_host`: stage, diff, commit under the rollback timer, post-check, roll back
  (a :class:`HostDeploy` with a :class:`DeployStatus`); the deploy runbook
  :func:`tbwan.runbooks.deploy.deploy` adds rendering, backups and the progress bar.
- :func:`napalm_running_config`, :func:`napalm_stage`, :func:`napalm_commit`,
  :func:`napalm_confirm`, :func:`napalm_restore`, :func:`napalm_interfaces_down`: the
  NAPALM steps deploy is built from.
- :func:`reason`, :func:`is_unreachable`: a failed task's exception as one line for
  people, and whether it means the device could not be reached.
"""

from tbwan.tasks.audit import audit_host
from tbwan.tasks.backup import clean_running, fetch_running
from tbwan.tasks.deploy_host import DeployStatus, HostDeploy, deploy_host
from tbwan.tasks.failures import is_unreachable, reason
from tbwan.tasks.napalm_deploy import (
    napalm_commit,
    napalm_confirm,
    napalm_interfaces_down,
    napalm_restore,
    napalm_running_config,
    napalm_stage,
)
from tbwan.tasks.render import render_config

__all__ = [
    "DeployStatus",
    "HostDeploy",
    "audit_host",
    "clean_running",
    "deploy_host",
    "fetch_running",
    "is_unreachable",
    "napalm_commit",
    "napalm_confirm",
    "napalm_interfaces_down",
    "napalm_restore",
    "napalm_running_config",
    "napalm_stage",
    "reason",
    "render_config",
]
