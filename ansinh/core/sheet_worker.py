"""The child process that parses a spreadsheet for `ansinh.core.spreadsheets` (run as
`python -m ansinh.core.sheet_worker PATH MEMORY_BYTES CPU_SECONDS`).

It limits its own address space and CPU time before importing the parser, then writes pickled
`("rows", [row, …])` chunks to stdout as it reads the first sheet, and `("end", None)` when done, or
`("error", kind)` when calamine refuses the file. Beyond the limits the kernel stops it (an allocation
fails, calamine aborts; SIGXCPU), and the parent reports that in Vietnamese. Imports nothing of Django.
"""

from __future__ import annotations

import pickle
import resource
import sys
from typing import Any

CHUNK_ROWS = 2000


def _limit(memory: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _send(out: Any, message: tuple[str, Any]) -> None:
    pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)


def main(argv: list[str]) -> int:
    path, memory, cpu_seconds = argv[0], int(argv[1]), int(argv[2])
    _limit(memory, cpu_seconds)
    out = sys.stdout.buffer
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        try:
            sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
            rows = sheet.iter_rows()
        except (CalamineError, ValueError, OSError, IndexError):
            _send(out, ("error", "format"))
            return 0
        chunk: list[list[Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK_ROWS:
                _send(out, ("rows", chunk))
                chunk = []
        if chunk:
            _send(out, ("rows", chunk))
    except MemoryError:
        _send(out, ("error", "memory"))
        return 0
    except (CalamineError, ValueError):
        _send(out, ("error", "format"))
        return 0
    _send(out, ("end", None))
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
