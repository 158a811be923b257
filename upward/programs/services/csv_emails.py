"""Read a CSV of invitees' emails, as managers export them from anywhere.

Accepted: a file with an "email" column (any case, other columns ignored), or
a plain list with one email per line and no header. Each email is checked for
shape here; whether it names someone is the recruiting service's question.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from upward.core.errors import ApplicationError

MAX_ROWS = 20_000
EMAIL_HEADERS = {"email", "e-mail", "email address", "work email", "mail"}


@dataclass(frozen=True)
class CsvProblem:
    line: int
    email: str
    problem: str


def _records(text: str, dialect: type[csv.Dialect] | csv.Dialect) -> Iterator[list[str]]:
    """The file's rows; a row the csv module cannot read is refused with its line number."""
    reader = csv.reader(io.StringIO(text), dialect)
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # A 1 MB line ("field larger than field limit") or a NUL byte: not a list of emails.
            raise ApplicationError(
                f"Line {reader.line_num} cannot be read as CSV ({error}). "
                "Check that this is the right file."
            ) from None


def read_invitee_emails(text: str) -> tuple[list[tuple[int, str]], list[CsvProblem]]:
    """(line number, lower-cased email) for each data line, and the lines that are not emails.

    A repeated email is kept once, at its first line.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ApplicationError("The file is empty.")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[tuple[int, str]] = []
    problems: list[CsvProblem] = []
    seen: set[str] = set()
    column = 0
    for index, record in enumerate(_records(text, dialect), start=1):
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        if index == 1 and "@" not in "".join(cells):
            headers = [cell.lower() for cell in cells]
            matches = [i for i, header in enumerate(headers) if header in EMAIL_HEADERS]
            if not matches:
                raise ApplicationError(
                    'The first line should name an "email" column, or the file should list '
                    "one email per line."
                )
            column = matches[0]
            continue
        if index > MAX_ROWS + 1:
            raise ApplicationError(f"The file has more than {MAX_ROWS:,} lines: split it up.")
        email = cells[column].lower() if column < len(cells) else ""
        try:
            validate_email(email)
        except ValidationError:
            problems.append(CsvProblem(index, email, "This is not an email address."))
            continue
        if email not in seen:
            seen.add(email)
            rows.append((index, email))
    return rows, problems
