#!/bin/bash
# How tests/data/journal-schema-1.json was made: a realistic schema-1 journal, started with
# the first release (f8e8b40: people and goals, history entries without `event`) and
# continued with the last schema-1 release (8b63e02: every table), each run from its own
# `git archive` of the repository. Run it with the dev venv active; it prints the path of
# the journal it built (only the uids differ from one run to the next).
set -e
REPO=${REPO:-$(git rev-parse --show-toplevel)}
OUT=${OUT:-$(mktemp -d)}
for c in f8e8b40 8b63e02; do mkdir -p "$OUT/src-$c"; git -C "$REPO" archive "$c" src | tar -x -C "$OUT/src-$c"; done
export MENTORLOG_HOME=$OUT/home MENTORLOG_TZ=Europe/Berlin TZ=UTC NO_COLOR=1 COLUMNS=100
rm -rf $MENTORLOG_HOME
old() { MENTORLOG_NOW=$1 PYTHONPATH=$OUT/src-f8e8b40/src python -m mentorlog "${@:2}" >/dev/null; }
new() { MENTORLOG_NOW=$1 PYTHONPATH=$OUT/src-8b63e02/src python -m mentorlog "${@:2}" >/dev/null; }
D1=2026-09-01T09:00:00+02:00
D2=2026-09-15T18:30:00+02:00
D3=2026-10-01T08:00:00+02:00
D4=2026-10-20T20:00:00+02:00
D5=2026-11-02T09:00:00+01:00
D6=2026-11-10T12:00:00+01:00
old $D1 person add aiko --name "Aiko Tanaka" --role mentor --tz Asia/Tokyo --email aiko@example.com --channel video --cadence 2w --expectations "Bring one question" --tag design
old $D1 person add mo --name "Mo Okafor" --role mentee --tz America/New_York --hours 08:00-16:00
old $D1 person add priya --name "Priya Raman" --role peer --tz Asia/Kolkata --days mon-thu
old $D1 goal add "Ship the PR" --why "First open-source contribution" --due 2026-10-15 --with aiko --tag oss
old $D1 goal add "Give a lightning talk" --with aiko --tag speaking
old $D1 goal add "Read SICP" --tag reading
old $D1 goal add "Learn Rust"
old $D1 goal add "Write a blog post" --due 2026-12-31
old $D2 goal progress 1 40 --note "Draft opened"
old $D2 goal progress 1 +30
old $D2 goal progress 3 20
old $D3 goal done 1
old $D3 goal drop 4 --note "Not this year"
old $D3 goal progress 2 50 --note "Outline ready"
old $D3 goal done 3 --note "Finished the last chapter"
old $D3 goal reopen 3
old $D3 goal drop 5
old $D3 person archive priya
new $D4 person unarchive priya
new $D4 goal progress 2 80 --note "Rehearsed twice"
new $D4 goal done 2 --note "Went well"
new $D4 goal progress 3 60
new $D4 meeting add --with aiko --at "2026-11-03 09:00" --tz aiko --duration 45m --every biweekly --title "Aiko / Sam" --channel video --link https://meet.example.com/aiko
new $D4 meeting add --with mo --at "2026-11-05 17:00" --duration 30m --title "Mo check-in"
new $D4 meeting add --with priya --with mo --at "2026-11-12 10:00" --tz priya --title "Peer circle" --every monthly --count 6
new $D5 meeting cancel 1 --occurrence "2026-11-17 01:00"
new $D6 meeting done 2 --rating 4
new $D6 meeting notes 2 "Talked about interviews"
new $D5 action add "Send Aiko the draft" --due 2026-11-12 --with aiko --goal 3
new $D6 action add "Review Mo's CV" --owner mo --meeting 2
new $D5 action add "Book a room" --due 2026-11-20
new $D5 action done 3
new $D5 topic add "What does senior mean here?" --with aiko
new $D5 topic add "Interview practice" --with mo
new $D5 topic done 2
new $D6 feedback add "Clear slides, slow down" --from aiko --goal 2 --rating 4 --tag speaking
new $D6 feedback add "Great questions" --to mo --meeting 2
new $D6 milestone add "First talk given" --goal 2 --with aiko --on 2026-10-20 --note "Thirty people came"
new $D6 note add "Aiko suggested the Rust book" --with aiko --tag reading
new $D6 note add "I felt nervous before the call" --private
new $D6 agenda 1 --save
echo "$OUT/home/journal.json"
