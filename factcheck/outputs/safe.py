"""Text from articles and file names made safe for each output: the terminal, XML,
Markdown, CSV and HTML (HTML escaping itself is Jinja2's autoescape).

Article text and file names are untrusted: an ESC sequence retitles a terminal, a C0
control makes XML unreadable, a backtick in a file name ends a Markdown code span, a
bidi override reorders what a reader sees, and a cell starting with ``=`` is a formula
in a spreadsheet.
"""

from __future__ import annotations

import re

# C0 and C1 controls except tab and newline, DEL, and the bidi embeddings, overrides and
# isolates (U+202A–U+202E, U+2066–U+2069): removed from everything shown.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Characters XML 1.0 cannot carry at all (also lone surrogates and U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")


def printable(s: str) -> str:
    """``s`` without control characters (tab and newline kept) or bidi overrides."""
    return _CONTROLS.sub("", s)


def one_line(s: str) -> str:
    """``printable(s)`` on one line, runs of white space as one space."""
    return " ".join(printable(s).split())


def xml_text(s: str) -> str:
    """Text an XML 1.0 document can hold: control and invalid characters removed."""
    return _NOT_XML.sub("", printable(s))


def markdown(s: str) -> str:
    """Text that renders as itself in Markdown: on one line (runs of white space as one
    space), controls removed, every character that could start markup, a code span, a
    link or inline HTML backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", printable(s)))


def csv_cell(s: str) -> str:
    """A spreadsheet cell that is never read as a formula (OWASP: a leading ``'``)."""
    s = printable(s)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


_URL_SAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#@!$&'*+,;=%]")


def web_url(s: str) -> str:
    """An http(s) address to link to, or "" (anything else, ``javascript:`` included, is never linked)."""
    s = one_line(s)
    return s if re.match(r"https?://[^\s]", s, re.IGNORECASE) else ""


def markdown_url(s: str) -> str:
    """An http(s) address for a Markdown link target: characters that could end the link
    (brackets, parentheses, spaces, ``<``, ``>``) percent-encoded; "" for anything else."""
    url = web_url(s)
    return _URL_SAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url).replace("(", "%28") \
        .replace(")", "%29")
