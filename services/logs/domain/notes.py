"""Highlights (R18), log notes and private notes (R19)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from services.common.errors import Forbidden, Invalid, TooLarge, Unsupported

from .plan import Fact

NOTE_VISIBILITY = ("log", "concern", "family_and_holder")
PDF_MAGIC = b"%PDF-"


@dataclass
class Highlight:
    id: str
    log_id: str
    author_pid: str
    author_role: str
    text: str
    posted_at: datetime
    edited_at: datetime | None = None


@dataclass
class Note:
    """A log note by the holder (R19), maybe tied to a concern, maybe with a PDF."""

    id: str
    log_id: str
    text: str
    written_at: datetime
    concern_id: str | None = None
    visibility: str = "log"  # log: all who see notes; concern: who see the concern; or the family
    attachment_sha256: str | None = None
    attachment_size: int | None = None


@dataclass
class PrivateNote:
    id: str
    log_id: str
    author_pid: str
    text: str
    written_at: datetime


def post_highlight(
    log_id: str, text: str, *, author_pid: str, author_role: str, highlight_id: str, now, unit_id
) -> tuple[Highlight, Fact]:
    highlight = Highlight(highlight_id, log_id, author_pid, author_role, text, now)
    body = {"log_id": log_id, "unit_id": unit_id, "highlight_id": highlight_id}
    return highlight, Fact("highlight.posted", "highlights", highlight_id, body)


def edit_highlight(
    highlight: Highlight, text: str, *, pid: str, now: datetime, unit_id: str
) -> tuple[Highlight, Fact]:
    """R18 a highlight is editable by its author alone."""
    if highlight.author_pid != pid:
        raise Forbidden("highlight.not_author", "only its author may edit a highlight", "text")
    edited = replace(highlight, text=text, edited_at=now)
    body = {"log_id": highlight.log_id, "unit_id": unit_id, "highlight_id": highlight.id}
    return edited, Fact("highlight.edited", "highlights", highlight.id, body)


def write_note(log_id: str, data: dict, *, note_id: str, now, unit_id) -> tuple[Note, Fact]:
    if data.get("visibility", "log") not in NOTE_VISIBILITY:
        raise Invalid("note.bad_visibility", "no such visibility", field="visibility")
    if data.get("visibility") == "concern" and not data.get("concern_id"):
        raise Invalid("note.concern_required", "name the concern it is narrowed to", "concern_id")
    note = Note(
        id=note_id,
        log_id=log_id,
        text=data["text"],
        written_at=now,
        concern_id=data.get("concern_id"),
        visibility=data.get("visibility", "log"),
    )
    body = {"log_id": log_id, "unit_id": unit_id, "note_id": note_id}
    return note, Fact("note.written", "notes", note_id, body)


def attach_pdf(note: Note, content: bytes, *, max_bytes: int, digest: str, unit_id: str):
    """R19 a log note may carry a PDF: the type is read from the content, the size limited."""
    if len(content) > max_bytes:
        raise TooLarge("note.attachment_too_large", f"at most {max_bytes} bytes", "attachment")
    if not content.startswith(PDF_MAGIC):
        raise Unsupported("note.attachment_not_pdf", "only a PDF can be attached", "attachment")
    attached = replace(note, attachment_sha256=digest, attachment_size=len(content))
    body = {"log_id": note.log_id, "unit_id": unit_id, "note_id": note.id}
    return attached, Fact("note.attachment_added", "notes", note.id, body)
