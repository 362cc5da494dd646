"""Texts that come from outside the program, in the interface's language.

The operating system (``exc.strerror``), the json and csv modules and Python's parser write their
messages in English. They reach a person inside our own sentences ("cannot read F: {reason}"),
so a Russian sentence would otherwise end in English words. The frequent ones are translated
here (each a ``tr`` literal, so the catalog test holds them); anything else is wrapped in a
sentence of the current language that says whose words follow ("system message: …").
"""

from __future__ import annotations

import errno
import re
from collections.abc import Callable

from .i18n import SOURCE_LANGUAGE, language, tr


def os_reason(exc: BaseException) -> str:
    """The words of an OSError (no ``[Errno 2]``, no file name), in the interface's language."""
    code = getattr(exc, "errno", None)
    strerror = getattr(exc, "strerror", None)
    if language() == SOURCE_LANGUAGE:
        return strerror or str(exc) or type(exc).__name__
    known = {
        errno.ENOENT: tr("no such file or folder"),
        errno.EACCES: tr("permission denied"),
        errno.EPERM: tr("operation not permitted"),
        errno.EISDIR: tr("it is a folder"),
        errno.ENOTDIR: tr("a part of the path is not a folder"),
        errno.ENOSPC: tr("no space left on the disk"),
        errno.EROFS: tr("the file system is read-only"),
        errno.EEXIST: tr("the file already exists"),
        errno.ENAMETOOLONG: tr("the file name is too long"),
        errno.ELOOP: tr("too many levels of symbolic links"),
        errno.EIO: tr("input/output error"),
        errno.EDQUOT: tr("disk quota exceeded"),
        errno.EBUSY: tr("the file is busy"),
        errno.EMFILE: tr("too many open files"),
        errno.EINVAL: tr("invalid argument"),
    }
    if isinstance(code, int) and code in known:
        return known[code]
    return tr("system message: {reason}", reason=strerror or str(exc) or type(exc).__name__)


_JSON = (
    (re.compile(r"^Expecting value$"), lambda m: tr("a value was expected")),
    (re.compile(r"^Expecting ',' delimiter$"), lambda m: tr("a comma ',' was expected")),
    (re.compile(r"^Expecting ':' delimiter$"), lambda m: tr("a colon ':' was expected")),
    (
        re.compile(r"^Expecting property name enclosed in double quotes$"),
        lambda m: tr("a key in double quotes was expected"),
    ),
    (re.compile(r"^Unterminated string starting at$"), lambda m: tr("a string is not closed")),
    (
        re.compile(r"^Invalid control character at$"),
        lambda m: tr("a control character in a string"),
    ),
    (re.compile(r"^Invalid \\escape$"), lambda m: tr("an invalid escape with \\ in a string")),
    (re.compile(r"^Invalid \\uXXXX escape$"), lambda m: tr("an invalid \\uXXXX escape")),
    (re.compile(r"^Extra data$"), lambda m: tr("extra text after the end of the document")),
    (re.compile(r"^Illegal trailing comma"), lambda m: tr("a comma before a closing bracket")),
)


def json_reason(message: str) -> str:
    """json.JSONDecodeError's ``msg`` in the interface's language."""
    return _translate(message, _JSON)


_CSV = (
    (re.compile(r"^line contains NUL$"), lambda m: tr("the line contains a NUL character")),
    (
        re.compile(r"^field larger than field limit \((\d+)\)$"),
        lambda m: tr("a cell is longer than {limit} characters", limit=m.group(1)),
    ),
    (re.compile(r"^unexpected end of data$"), lambda m: tr("the file ends inside a quoted cell")),
    (
        re.compile(r"^'(.)' expected after '\"'$"),
        lambda m: tr("'{char}' expected after a closing quote", char=m.group(1)),
    ),
    (
        re.compile(r"^new-line character seen in unquoted field"),
        lambda m: tr("a line break in a cell"),
    ),
)


def csv_reason(exc: BaseException) -> str:
    """csv.Error's text in the interface's language."""
    return _translate(str(exc), _CSV)


_SYNTAX = (
    (
        re.compile(r"^unterminated string literal \(detected at line (\d+)\)$"),
        lambda m: tr("a string is not closed (noticed on line {line})", line=m.group(1)),
    ),
    (
        re.compile(r"^unterminated triple-quoted string literal \(detected at line (\d+)\)$"),
        lambda m: tr(
            "a triple-quoted string is not closed (noticed on line {line})", line=m.group(1)
        ),
    ),
    (
        re.compile(r"^'(.)' was never closed$"),
        lambda m: tr("'{char}' is never closed", char=m.group(1)),
    ),
    (re.compile(r"^unmatched '(.)'$"), lambda m: tr("'{char}' closes nothing", char=m.group(1))),
    (
        re.compile(
            r"^closing parenthesis '(.)' does not match opening parenthesis '(.)'(?: on line (\d+))?$"
        ),
        lambda m: tr(
            "the closing '{close}' does not match the opening '{open}'",
            close=m.group(1),
            open=m.group(2),
        ),
    ),
    (
        re.compile(r"^unexpected indent$"),
        lambda m: tr("unexpected indent: start the line at its left edge"),
    ),
    (
        re.compile(r"^unindent does not match any outer indentation level$"),
        lambda m: tr("the indentation does not match"),
    ),
    (re.compile(r"^expected an indented block"), lambda m: tr("an indented block was expected")),
    (re.compile(r"^invalid decimal literal$"), lambda m: tr("an invalid number")),
    (
        re.compile(r"^invalid (hexadecimal|octal|binary|imaginary) literal$"),
        lambda m: tr("an invalid number"),
    ),
    (
        re.compile(r"^invalid digit '(.)' in (?:octal|binary) literal$"),
        lambda m: tr("an invalid number"),
    ),
    (
        re.compile(r"^leading zeros in decimal integer literals are not permitted"),
        lambda m: tr("a whole number cannot start with 0 (write 7, not 07)"),
    ),
    (
        re.compile(r"^invalid character '(.+)' \((U\+[0-9A-F]+)\)$"),
        lambda m: tr(
            "the character '{char}' ({code}) cannot be used here", char=m.group(1), code=m.group(2)
        ),
    ),
    (
        re.compile(r"^invalid non-printable character (U\+[0-9A-F]+)$"),
        lambda m: tr("an invisible character {code} in the text", code=m.group(1)),
    ),
    (re.compile(r"^expected '(.+)'$"), lambda m: tr("'{token}' was expected", token=m.group(1))),
    (
        re.compile(
            r"^cannot assign to (.+?)(?: here)?(?:\. Maybe you meant '==' instead of '='\?)?$"
        ),
        lambda m: tr("only a name can be assigned to (the left side is {what})", what=m.group(1)),
    ),
    (
        re.compile(r"^invalid syntax\. Maybe you meant '==' or ':=' instead of '='\?$"),
        lambda m: tr("invalid syntax: '=' assigns, and only at the start of a line"),
    ),
    (
        re.compile(r"^expression cannot contain assignment"),
        lambda m: tr("an expression cannot contain an assignment '='"),
    ),
    (re.compile(r"^unexpected EOF while parsing$"), lambda m: tr("the program ends too early")),
    (
        re.compile(r"^unexpected character after line continuation character$"),
        lambda m: tr("a character after the line continuation \\"),
    ),
    (
        re.compile(r"^positional argument follows keyword argument$"),
        lambda m: tr("an argument without a name follows a named one"),
    ),
    (
        re.compile(r"^keyword argument repeated: (\w+)$"),
        lambda m: tr("the argument {name} is given twice", name=m.group(1)),
    ),
    (
        re.compile(r"^trailing comma not allowed without surrounding parentheses$"),
        lambda m: tr("a trailing comma needs parentheses"),
    ),
    (
        re.compile(r"^Generator expression must be parenthesized$"),
        lambda m: tr("a generator expression needs parentheses"),
    ),
)


def syntax_reason(message: str) -> str:
    """A SyntaxError's ``msg`` from Python's parser in the interface's language."""
    return _translate(message, _SYNTAX)


Table = tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...]


def _translate(message: str, table: Table) -> str:
    if language() == SOURCE_LANGUAGE:
        return message
    for pattern, make in table:
        found = pattern.match(message)
        if found:
            return make(found)
    return tr("message of the reader: {reason}", reason=message)
