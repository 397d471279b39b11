"""The province's own Nornir tasks: collectors, parsers and checks the runbooks use.

Import them from the repository root (``from tasks.ospf import ospf_neighbors``). Each
task takes ``task: Task`` first and keyword arguments after; the checks are pure
functions over the collected data, tested without a device. The engine's tasks
(deploy, backup, audit) are in :mod:`tbwan.tasks`.
"""
