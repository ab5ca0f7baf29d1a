#!/bin/bash
# How tests/data/journal-schema-2.json was made: a journal with every table, written by the
# last schema-2 release (2095b25), run from its own `git archive` of the repository. Run it
# with the dev venv active; it prints the path of the journal it built (only the uids differ
# from one run to the next).
set -e
REPO=${REPO:-$(git rev-parse --show-toplevel)}
OUT=${OUT:-$(mktemp -d)}
C=2095b25
mkdir -p "$OUT/src-$C"; git -C "$REPO" archive "$C" src | tar -x -C "$OUT/src-$C"
export MENTORLOG_HOME=$OUT/home MENTORLOG_TZ=Europe/Berlin TZ=UTC NO_COLOR=1 COLUMNS=100
rm -rf $MENTORLOG_HOME
ml() { MENTORLOG_NOW=$1 PYTHONPATH=$OUT/src-$C/src python -m mentorlog "${@:2}" >/dev/null; }
D1=2026-09-01T09:00:00+02:00
D2=2026-10-01T08:00:00+02:00
D3=2026-11-02T09:00:00+01:00
ml $D1 person add aiko --name "Aiko Tanaka" --role mentor --tz Asia/Tokyo --cadence 2w
ml $D1 person add mo --name "Mo Okafor" --role mentee --tz America/New_York
ml $D1 goal add "Ship the PR" --due 2026-10-15 --with aiko --tag oss
ml $D1 meeting add --with aiko --at "2026-09-08 09:00" --every weekly --count 4
ml $D2 goal progress 1 60 --note "Review started"
ml $D2 action add "Send the draft" --goal 1 --meeting 1 --due 2026-10-05
ml $D2 topic add "Ask about the conference" --with aiko
ml $D2 feedback add "Clear structure" --from aiko --meeting 1 --rating 5
ml $D3 milestone add "First review" --goal 1 --on 2026-10-20
ml $D3 note add "Aiko suggested a lightning talk" --with aiko
ml $D3 note add "Nervous about the talk" --private
ml $D3 goal done 1
echo "$MENTORLOG_HOME/journal.json"
