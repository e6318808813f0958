"""Highlights (R18), log notes with PDF attachments and private notes (R19)."""

from __future__ import annotations

import base64
import binascii
import hashlib

from services.common import validate
from services.common.auth import AuthContext
from services.common.errors import Invalid, NotFound

from .. import contracts
from ..domain import notes
from ..domain.access import Operation, Part, Role
from . import present
from .unit_of_change import change, iso, read

ROLE_ORDER = (Role.HOLDER, Role.GUARDIAN, Role.YOUNG_PERSON, Role.ACTOR)


def post_highlight(uow, auth: AuthContext, log_id: str, payload, *, now, new_id):
    """R18 a short positive note by the holder, an actor or the family, seen by all."""
    data = validate.load(contracts.TextIn, payload)

    def decide(repo, log, decision):
        role = next(r for r in ROLE_ORDER if r in decision.roles)
        highlight, fact = notes.post_highlight(
            log.id,
            data["text"],
            author_pid=auth.pid,
            author_role=role.value,
            highlight_id=new_id(),
            now=now,
            unit_id=log.unit_id,
        )
        repo.add_highlight(highlight)
        names = present.names_for(repo, log, [auth.pid])
        return present.highlight(highlight, names, auth.pid), [fact]

    return change(uow, auth, log_id, Operation.POST_HIGHLIGHT, Part.HIGHLIGHTS, decide, now=now)


def edit_highlight(uow, auth: AuthContext, log_id: str, highlight_id: str, payload, *, now):
    """R18 editable by its author alone."""
    data = validate.load(contracts.TextIn, payload)

    def decide(repo, log, decision):
        found = repo.highlight(log.id, highlight_id)
        if found is None:
            raise NotFound("highlight.not_found", "no such highlight", field="highlight_id")
        edited, fact = notes.edit_highlight(
            found, data["text"], pid=auth.pid, now=now, unit_id=log.unit_id
        )
        repo.save_highlight(edited)
        names = present.names_for(repo, log, [auth.pid])
        return present.highlight(edited, names, auth.pid), [fact]

    return change(uow, auth, log_id, Operation.POST_HIGHLIGHT, Part.HIGHLIGHTS, decide, now=now)


def write_note(uow, auth: AuthContext, log_id: str, payload, *, now, new_id):
    """R19 a log note by the holder, maybe tied to a concern, with narrowable visibility."""
    data = validate.load(contracts.NoteIn, payload)

    def decide(repo, log, decision):
        if data.get("concern_id") and repo.concern(log.id, data["concern_id"]) is None:
            raise NotFound("concern.not_found", "no such concern in this log", "concern_id")
        note, fact = notes.write_note(log.id, data, note_id=new_id(), now=now, unit_id=log.unit_id)
        repo.add_note(note)
        return present.note(note, with_hints=True), [fact]

    return change(uow, auth, log_id, Operation.WRITE_PLAN, Part.NOTES, decide, now=now)


def attach_to_note(uow, auth, log_id: str, note_id: str, content_b64: str, *, now, max_bytes):
    """R19 a PDF on a log note: type read from the content, size limited, stored by SHA-256."""
    try:
        content = base64.b64decode(content_b64, validate=True)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise Invalid("note.attachment_unreadable", "not base64", field="attachment") from exc
    digest = hashlib.sha256(content).hexdigest()

    def decide(repo, log, decision):
        note = repo.note(log.id, note_id)
        if note is None:
            raise NotFound("note.not_found", "no such note in this log", field="note_id")
        attached, fact = notes.attach_pdf(
            note, content, max_bytes=max_bytes, digest=digest, unit_id=log.unit_id
        )
        repo.store_attachment(digest, content)
        repo.save_note(attached)
        return present.note(attached), [fact]

    return change(uow, auth, log_id, Operation.WRITE_PLAN, Part.NOTES, decide, now=now)


def note_attachment(uow, auth: AuthContext, log_id: str, note_id: str, *, now) -> str:
    """The PDF of a note, base64, for whoever may see the note (the read is recorded, R8)."""

    def show(repo, log, decision):
        note = repo.note(log.id, note_id)
        concerns = {c.id for c in present.visible_concerns(repo.concerns(log.id), decision)}
        if (
            note is None
            or not note.attachment_sha256
            or not present.note_visible(note, decision, concerns)
        ):
            raise NotFound("note.attachment_not_found", "no such attachment", field="note_id")
        return base64.b64encode(repo.attachment(note.attachment_sha256)).decode("ascii")

    return read(uow, auth, log_id, Part.NOTES, show, now=now)


def write_private_note(uow, auth: AuthContext, log_id: str, payload, *, now, new_id):
    """R19 a private note is seen by its author alone; it is not part of the log's history."""
    data = validate.load(contracts.TextIn, payload)

    def decide(repo, log, decision):
        note = notes.PrivateNote(new_id(), log.id, auth.pid, data["text"], now)
        repo.add_private_note(note)
        return {"id": note.id, "text": note.text, "written_at": note.written_at}, []

    return change(uow, auth, log_id, Operation.PRIVATE_NOTE, Part.NOTES, decide, now=now)


def private_notes(uow, auth: AuthContext, log_id: str, *, now) -> dict:
    def show(repo, log, decision):
        found = repo.private_notes(log.id, auth.pid)
        items = [{"id": n.id, "text": n.text, "written_at": iso(n.written_at)} for n in found]
        return {"items": items}

    return read(uow, auth, log_id, Part.NOTES, show, now=now)
