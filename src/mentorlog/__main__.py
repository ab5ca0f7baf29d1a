from __future__ import annotations

from mentorlog.cli.entry import main

main()
