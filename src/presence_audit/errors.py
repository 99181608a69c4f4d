"""Errors that end an audit with exit status 2 and one line on stderr.

Every user-facing failure (bad archive, bad profile, missing file) is raised as an
``AuditInputError`` whose message is a complete sentence naming the file and, where it
applies, the line and field. The CLI prints ``str(error)`` and nothing else.
"""


class AuditInputError(Exception):
    """Input the audit cannot use; the message is shown to the user as one line."""

    def __init__(self, message: str = "") -> None:
        # Library messages (tarfile, zipfile) can span lines; the CLI promises one.
        super().__init__(" ".join(str(message).split()))


class ArchiveError(AuditInputError):
    """An archive (or one of its members) is unreadable, unsafe or over a limit."""


class ProfileError(AuditInputError):
    """The profile or one of its CSV files is invalid."""

    def __init__(self, path: object, message: str, line: int | None = None,
                 field: str | None = None) -> None:
        where = str(path)
        if line is not None:
            where += f", line {line}"
        if field:
            where += f", field '{field}'"
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.field = path, line, field
