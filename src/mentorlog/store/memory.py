"""TinyDB's storage over the tables of a journal already in memory (see `journal`).

TinyDB is imported, and this storage class made, only when a journal is first asked for
something through TinyDB: its writes and single records. The lists every reading command
shows read the tables themselves, so those commands never import tinydb (2 ms).
"""

from __future__ import annotations

import functools

from mentorlog.store.index import Tables

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Memory:
    """The tables already loaded, and whether anything was written to them."""

    def __init__(self, data: Tables) -> None:
        self.data = data
        self.changed = False


@functools.cache
def memory_storage() -> type[Any]:
    """The TinyDB storage class over a `Memory`: it only records that the tables changed."""
    from tinydb.storages import Storage

    class MemoryStorage(Storage):
        def __init__(self, memory: Memory) -> None:
            self.memory = memory

        def read(self) -> Any:
            return self.memory.data

        def write(self, data: Any) -> None:
            assert data is self.memory.data  # TinyDB hands back the mapping it read
            self.memory.changed = True

    return MemoryStorage
