"""Sending SMS (R60): the port notify sends through, and the local file sink behind it.

``send_pending_sms`` knows only ``SmsSender.send(to, text)``. An adapter for the
municipality's SMS gateway implements the same method, raises ``SmsError`` when one
message is refused and ``SmsUnavailable`` when the gateway cannot be reached, and takes
the file sink's place in ``SmsGateway.setup``.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import uuid
from contextlib import suppress
from pathlib import Path
from typing import Protocol

from nameko.extensions import DependencyProvider


class SmsError(Exception):
    """This message was not accepted: one attempt is counted and it is tried again."""


class SmsUnavailable(SmsError):
    """The gateway cannot be reached: nothing is counted, the next tick tries again."""


class SmsSender(Protocol):
    def send(self, to: str, text: str) -> None: ...


class FileSmsSender:
    """The local sink: one JSON file ``{"to", "text"}`` per message in ``directory``.

    Each file is written to a hidden temporary name, flushed to disk and renamed into
    place, so a reader sees a whole message or none. Names sort in the order written.
    """

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)

    def send(self, to: str, text: str) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SmsUnavailable(f"SMS directory not usable: {exc.strerror}") from exc
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:12]}.json"
        descriptor, temporary = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump({"to": to, "text": text}, handle, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.directory / name)
        except OSError as exc:
            with suppress(OSError):
                os.unlink(temporary)
            raise SmsError(f"SMS file not written: {exc.strerror}") from exc


class SmsGateway(DependencyProvider):
    """Gives each worker this deployment's SmsSender: today the file sink under ``SMS_DIR``."""

    def setup(self):
        self.sender: SmsSender = FileSmsSender(self.container.config.get("SMS_DIR", "var/sms"))

    def get_dependency(self, worker_ctx) -> SmsSender:
        return self.sender
