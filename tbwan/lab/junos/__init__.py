"""A lab Juniper SRX: Junos config databases, NETCONF over SSH and the Junos CLI.

Modules: ``tree`` (statements as a tree of words), ``view`` (the curly-brace form),
``forms`` (reading set/text/XML, writing XML), ``compare`` (``show | compare``), ``store``
(candidate, commits, rollbacks, lock, ``commit confirmed``), ``state`` (:class:`JunosState`,
what the lab keeps per device), ``facts`` and ``rpcs`` (the RPCs), ``netconf`` (framing and
sessions), ``cli_text`` and ``cli`` (the CLI), ``channel`` (asyncssh). See the "Junos
devices" section of ``tbwan/lab/README.md``.
"""

from tbwan.lab.junos.state import JunosState

__all__ = ["JunosState"]
