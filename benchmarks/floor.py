"""The floor of a command: a minimal Python program doing the least any program must to give
the same answer, timed by run.py beside the command itself.

    python benchmarks/floor.py JOURNAL OUTPUT           # a reading command's floor
    python benchmarks/floor.py JOURNAL OUTPUT --write   # a writing command's floor

It reads the journal and parses it (orjson, as mentorlog's store does, else json), and writes
OUTPUT's bytes (the command's own output, captured by run.py beforehand) to stdout; with
--write it also writes the journal back to a temporary file next to it, flushed to disk and
renamed over a copy (not over the journal), as a writing command must. What a command takes
beyond this is what mentorlog adds: interpreting the records, and laying out the answer.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3) or (len(argv) == 3 and argv[2] != "--write"):
        print("usage: python benchmarks/floor.py JOURNAL OUTPUT [--write]", file=sys.stderr)
        return 2
    journal, output = argv[0], argv[1]
    with open(journal, "rb") as source:
        raw = source.read()
    try:
        import orjson

        data = orjson.loads(raw)
        dumped = orjson.dumps(data, option=orjson.OPT_INDENT_2) if len(argv) == 3 else b""
    except ImportError:
        import json

        data = json.loads(raw)
        dumped = json.dumps(data, indent=2).encode() if len(argv) == 3 else b""
    if dumped:
        temp = f"{journal}.floor.tmp"
        with open(temp, "wb") as sink:
            sink.write(dumped)
            sink.flush()
            os.fsync(sink.fileno())
        os.replace(temp, f"{journal}.floor")
    with open(output, "rb") as answer:
        sys.stdout.buffer.write(answer.read())
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
