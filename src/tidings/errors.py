"""One exception tree. Every message names the input and says what to do about it."""
from __future__ import annotations


class TidingsError(Exception):
    """Base of all errors tidings raises on purpose; the CLI prints these as one line."""

    exit_code = 1

    def __init__(self, subject: str, problem: str, hint: str = "") -> None:
        self.subject, self.problem, self.hint = subject, problem, hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.subject}: {self.problem}"
        return f"{text} ({self.hint})" if self.hint else text


class UsageError(TidingsError):
    """A bad option or argument: the command line itself is wrong."""

    exit_code = 2


class InputError(TidingsError):
    """An input document cannot be read or holds nothing to code."""


class DictionaryError(TidingsError):
    """A dictionary, lexicon or options file is malformed."""


class ModelError(TidingsError):
    """The spaCy model cannot be loaded."""


class CodingError(TidingsError):
    """Coding an article failed inside tidings (a bug): the article is named so it can be reported."""


class StoreError(TidingsError):
    """The event database cannot be opened, read or written."""
