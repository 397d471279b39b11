"""Device facts through NAPALM: which box answers for a host."""

from __future__ import annotations

from nornir.core.task import Result, Task
from nornir_napalm.plugins.tasks import napalm_get


def device_serial(task: Task) -> Result:
    """The serial number the device reports (NAPALM ``get_facts``)."""
    facts = task.run(task=napalm_get, name="get_facts", getters=["facts"]).result
    return Result(host=task.host, result=str(facts["facts"]["serial_number"]))
