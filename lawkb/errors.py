"""Diagnostics, the user-facing error type and exit codes."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ExitCode(enum.IntEnum):
    OK = 0
    INVALID = 1
    USAGE = 2
    NOT_FOUND = 3
    MISSING_DEPENDENCY = 4


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the knowledge base, positioned in its file."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int = 1
    col: int = 1
    pointer: str = ""
    hint: str = ""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.col, self.code, self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "pointer": self.pointer,
            "hint": self.hint,
        }


def error(code: str, message: str, file: str, line: int = 1, col: int = 1, pointer: str = "", hint: str = "") -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, file, line, col, pointer, hint)


def warning(code: str, message: str, file: str, line: int = 1, col: int = 1, pointer: str = "", hint: str = "") -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, file, line, col, pointer, hint)


class LawkbError(Exception):
    """An error a user can act on: a short code, a message and a hint."""

    exit_code = ExitCode.INVALID

    def __init__(self, code: str, message: str, hint: str = "", *, details: object = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.details = details


class UsageError(LawkbError):
    exit_code = ExitCode.USAGE


class NotFoundError(LawkbError):
    exit_code = ExitCode.NOT_FOUND


class MissingDependencyError(LawkbError):
    exit_code = ExitCode.MISSING_DEPENDENCY


class InvalidDataError(LawkbError):
    exit_code = ExitCode.INVALID
