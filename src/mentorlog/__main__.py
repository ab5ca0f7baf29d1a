from __future__ import annotations

from mentorlog.cli.main import main

main()
