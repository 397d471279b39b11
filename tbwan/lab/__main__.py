"""``python -m tbwan.lab up ...``: the lab's own entry point (used by ``--detach``)."""

from tbwan.lab.cli_app import app

app(prog_name="tbwan lab")
