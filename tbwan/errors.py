"""Exception classes with stable codes.

Every error tbwan raises on purpose carries a code (for machines) and a message that
names the file, field or host and says what to do (for people). Never classify errors by
their message text: catch the class or read ``code``.
"""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    """The exit status of every command: ``tbwan`` (lab and NetBox included) and the
    scripts in ``runbooks/``. A command uses the ones that apply to it."""

    OK = 0
    FAILED = 1
    """The job ran and found a problem: drift, a host that failed, a check not met."""
    INCOMPLETE = 2
    """Some hosts could not be reached or audited (also: a command-line usage error)."""
    BAD_INPUT = 3
    """A tbwan error: invalid input, a missing secret or file; nothing was changed."""
    LOCKED = 4
    """Another run holds the lock."""
    TIMEOUT = 5
    """The run exceeded its time limit."""


class TbwanError(Exception):
    """Base class: ``code`` is stable, ``str(err)`` is for people."""

    code = "TBWAN"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InventoryError(TbwanError):
    """The source data is invalid (file, record and field are named)."""

    code = "INVENTORY"


class CredentialsError(TbwanError):
    """Device credentials are missing or unreadable."""

    code = "CREDENTIALS"


class RenderError(TbwanError):
    """A template failed for a host (template, line and host are named)."""

    code = "RENDER"


class LabError(TbwanError):
    """A lab problem: it could not start, stop or be reached, a bad fault spec, a refused
    control request."""

    code = "LAB"


class NetBoxError(TbwanError):
    """NetBox is unreachable, refused the token, or is too old."""

    code = "NETBOX"


class DeployError(TbwanError):
    """A push, commit or post-check failed."""

    code = "DEPLOY"


class OnboardError(TbwanError):
    """A commune onboarding step failed (the step is named)."""

    code = "ONBOARD"


class DiffError(TbwanError):
    """A config could not be parsed for comparison (host and side are named)."""

    code = "DIFF"


class ReportError(TbwanError):
    """An audit report could not be read or written (the file is named)."""

    code = "REPORT"


class FileEncodingError(TbwanError):
    """An input file is not UTF-8 text (the file is named, and the encoding when known)."""

    code = "ENCODING"


class FileTooLargeError(TbwanError):
    """An input file is larger than tbwan reads (the file and the limit are named)."""

    code = "TOO_LARGE"


class DuplicateKeyError(TbwanError):
    """A YAML mapping holds the same key twice (the file, the key and both lines are named)."""

    code = "DUPLICATE_KEY"


class SecretsFileError(CredentialsError):
    """The secrets file is unsafe where it is: readable by others, or inside the repository."""

    code = "SECRETS_FILE"


class UnknownNameError(TbwanError):
    """A command argument names nothing: no such host, site, role or region (the closest
    match is suggested)."""

    code = "UNKNOWN_NAME"


class OutputPathError(TbwanError):
    """A folder tbwan must write to cannot be used (the path and the reason are named)."""

    code = "OUTPUT_PATH"


class CsvFormatError(OnboardError):
    """An onboarding CSV cannot be read as a whole (header, separator, encoding)."""

    code = "CSV"


class MonitoringError(TbwanError):
    """Monitoring files could not be written, or the lab's SNMP agents not started."""

    code = "MONITORING"


class BackupError(DeployError):
    """The backup repository could not be written (the folder is named)."""

    code = "BACKUP"


class LockedError(TbwanError):
    """Another run holds the lock file (its pid is named)."""

    code = "LOCKED"


class PostCheckError(Exception):
    """Raised inside the deploy task when the committed config is not what was intended.

    Not a :class:`TbwanError`: Nornir turns it into the failed step that makes the task
    roll back; it never reaches a person as such.
    """
