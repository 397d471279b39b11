"""The network's state against the intended state: pure parts of ``tbwan verify``.

* :func:`tbwan.verify.intended.intended_state`: what must be true, from the inventory.
* :mod:`tbwan.verify.observed`: NAPALM getter results and ntc-templates rows as records.
* :func:`tbwan.verify.checks.check_host`: one host's intent against what it showed.
* :func:`tbwan.verify.diagnose.diagnoses` and :func:`tbwan.verify.sites.site_results`:
  why what is down is down (carrier, misconfiguration, device, upstream).
* :mod:`tbwan.verify.models`: the report (JSON schema in ``tbwan/report/VERIFY_SCHEMA.md``).

The I/O is the Nornir task :func:`tbwan.tasks.verify.observe_host`; the workflow is
:func:`tbwan.runbooks.verify.verify_network`.
"""
