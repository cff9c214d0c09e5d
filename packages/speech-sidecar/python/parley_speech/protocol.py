"""Framing between a Parley agent and a speech worker, over the worker's stdin and stdout.

Every message is one JSON header line; a header with "bytes": N is followed by exactly N raw
bytes (16-bit little-endian mono PCM). Nothing else may reach the protocol stream, so the worker
moves file descriptor 1 aside and points it at stderr before any library can print.
"""

import json
import os
import sys
from typing import BinaryIO, Optional, Tuple


MAX_HEADER_BYTES = 64 * 1024


class Channel:
    def __init__(self) -> None:
        protocol_fd = os.dup(1)
        os.dup2(2, 1)  # stray prints from native libraries go to stderr, not into the protocol
        sys.stdout = sys.stderr
        self._out: BinaryIO = os.fdopen(protocol_fd, "wb", buffering=0)
        self._in: BinaryIO = sys.stdin.buffer

    def read(self) -> Optional[Tuple[dict, bytes]]:
        line = self._in.readline(MAX_HEADER_BYTES)
        if not line:
            return None
        if not line.endswith(b"\n"):
            raise ValueError("header line too long or cut off")
        header = json.loads(line)
        if not isinstance(header, dict):
            raise ValueError("header must be a JSON object")
        size = int(header.get("bytes", 0))
        if size < 0 or size > 64 * 1024 * 1024:
            raise ValueError(f"payload size {size} out of range")
        payload = self._in.read(size) if size else b""
        if len(payload) != size:
            return None
        return header, payload

    def send(self, header: dict, payload: bytes = b"") -> None:
        if payload:
            header = {**header, "bytes": len(payload)}
        self._out.write(json.dumps(header, separators=(",", ":")).encode() + b"\n" + payload)
