"""Discovery: source-of-truth records from devices that already run.

Pure record building (:mod:`.targets`, :mod:`.ios_config`, :mod:`.records`, :mod:`.merge`)
apart from the Nornir collection (:mod:`.collect`); the workflow is
:mod:`tbwan.runbooks.discover`.
"""
