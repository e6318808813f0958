"""A local SMTP sink for development and tests: every message lands as an .eml file.

``python -m deploy.mailsink --port 8025 --dir var/mail`` — listens on 127.0.0.1
only, accepts any recipient and never relays. Production sends to the
municipality's relay instead (STAFETT_SMTP_HOST / STAFETT_SMTP_PORT).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller


class DirectoryHandler:
    def __init__(self, directory: Path):
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}"
        tmp = self.directory / f".{name}.tmp"
        tmp.write_bytes(envelope.original_content or envelope.content)
        os.replace(tmp, self.directory / f"{name}.eml")  # readers never see half a message
        return "250 Message accepted for delivery"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.mailsink")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--dir", default="var/mail")
    args = parser.parse_args(argv)
    controller = Controller(DirectoryHandler(Path(args.dir)), hostname=args.host, port=args.port)
    controller.start()
    print(f"mail sink listening on {args.host}:{args.port}, writing to {args.dir}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
