"""The questions an agenda opens and closes with, drawn from good mentoring practice.

A built-in set rotates from one meeting to the next; users add their own, one per line, in
`prompts/checkin.txt` and `prompts/reflection.txt` in the mentorlog home, and prompts for
`mentorlog reflect` in `prompts/reflect.txt` (read by `config.load_prompts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

CHECKIN = (
    "How have you been since we last spoke?",
    "What is taking most of your energy this week?",
    "What went well since our last conversation, and what did not?",
    "What would make this conversation worth your time today?",
    "Is there anything on your mind that we should talk about first?",
    "What have you learned since we last met?",
    "Where did you feel stuck recently?",
    "What are you proud of from the last few weeks?",
)

REFLECTION = (
    "What is one thing you will do differently after this conversation?",
    "What did you learn today that you did not expect?",
    "Which of today's ideas will you try first, and when?",
    "What support do you need before we meet again?",
    "How could our sessions be more useful to you?",
    "What would you like to have achieved by our next meeting?",
    "What feedback would you give the other person about today?",
    "What question are you leaving with?",
)

# For `mentorlog reflect`: questions to write about alone, after the reflective cycles that
# mentoring programmes teach (Gibbs; Rolfe's "what? so what? now what?"; Kolb).
REFLECT = (
    "What happened this week that you want to remember, and why does it matter?",
    "What went well recently, and what did you do to make it go well?",
    "What did not go as planned? What would you do differently next time?",
    "What feedback have you received lately, and what will you do with it?",
    "Which of your goals moved forward, and which stood still? Why?",
    "What did you learn from someone else recently?",
    "Where did you step outside your comfort zone, and how did it feel?",
    "What is one habit that helps you, and one that holds you back?",
    "What do you want to ask your mentor or mentee next time you meet?",
    "If you looked back on this month a year from now, what would you hope to see?",
    "What are you avoiding, and what is the smallest step towards it?",
    "Who helped you recently, and have you thanked them?",
)

KINDS = {"checkin": CHECKIN, "reflection": REFLECTION, "reflect": REFLECT}


def pick(kind: str, day: date, extra: Sequence[str] = ()) -> str:
    """The prompt for a meeting on `day`: a different one each meeting day, the same one every
    time the agenda for that day is built (so a saved agenda matches a rebuilt one)."""
    choices = [*KINDS[kind], *extra]
    return choices[day.toordinal() % len(choices)]
