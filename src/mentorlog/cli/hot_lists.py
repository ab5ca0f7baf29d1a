"""The bodies of the listing commands people run all day, and `status` and `goal add`.

Both paths run them: the Typer commands (cli/goals.py, cli/people.py...) are one call each
to a function here, and the quick path (cli/quick.py) calls the same function with the
values it parsed. So nothing here imports Typer or click (rich only inside the renderers
it calls); each function takes the Session and the command's typed values, named as the
Typer command's parameters are, and imports its services when it runs (a command pays
only for its own).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from mentorlog.render import console

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from mentorlog.cli.context import Session
    from mentorlog.model import Goal
    from mentorlog.render.goals_list import Listed

# `meeting list`'s window when none is given: the next (or, with --past, the last) 30 days.
WINDOW = timedelta(days=30)


def status(s: Session, *, json: bool) -> None:
    """`mentorlog status`, and bare `mentorlog`."""
    # The dashboard's service (with the calendar under it) is imported here: `mentorlog
    # --help` builds the status group for its one line of help.
    from mentorlog.services.status import build_status

    if json:
        with s.reading() as journal:
            console.print_json(build_status(journal, now=s.now).to_json())
        return
    from mentorlog.render import views
    from mentorlog.render.status_plain import MAX_GOALS

    with s.reading() as journal:
        state = build_status(journal, now=s.now, goals_shown=MAX_GOALS)
    views.status(state, s.home, zone_source=s.zone_source)


def goal_add(
    s: Session,
    *,
    title: str,
    why: str | None,
    due: str | None,
    with_: str | None,
    tag: list[str] | None,
    json: bool,
) -> None:
    from mentorlog.services import goals as service

    given = service.GoalInput(title=title, why=why, due=due, person=with_, tags=tag or ())
    with s.writing() as journal:
        goal = service.add_goal(journal, given, now=s.now)
    console.done(goal, f"Added goal {goal.id}: {goal.title}{due_note(goal, s.now.date())}", json)


def goal_list(s: Session, *, status: str, with_: str | None, tag: str | None, json: bool) -> None:
    if json:
        from mentorlog.services import goals as service

        with s.reading() as journal:
            built = service.list_goals(journal, status=status, person=with_, tag=tag)
        console.print_json([g.to_json() for g in built])
        return
    with s.reading() as journal:
        goals: Sequence[Listed] | None = None
        if with_ is None:
            # Rows read from the stored goals, where every goal listed is a usual record:
            # no `Goal` built, no models imported (services/goal_rows.py).
            from mentorlog.services.goal_rows import listed_rows

            goals = listed_rows(journal, status=status, tag=tag)
        if goals is None:
            from mentorlog.services import goals as service

            # The human list shows no history and no stamps: they are read only for --json.
            goals = service.list_goals(journal, status=status, person=with_, tag=tag, brief=True)
    if not goals:
        console.message(_no_goals_message(status, with_, tag))
        return
    from mentorlog.render import goals_list

    show_status = status.strip().lower() != "active"
    if not goals_list.write_plain(goals, s.now.date(), show_status=show_status):
        from mentorlog.render.goals import goals_table

        console.show(goals_table(goals, s.now.date(), show_status=show_status))


def due_note(goal: Goal, today: date) -> str:
    """` (due Dec 1 2026, in 3 days)` after a goal's title, or nothing."""
    if goal.due is None:
        return ""
    from mentorlog.render import dates
    from mentorlog.render.human import due_phrase

    return f" (due {dates.day_year(goal.due)}, {due_phrase(goal.due, today)})"


def _no_goals_message(status: str, person: str | None, tag: str | None) -> str:
    wanted = status.strip().lower()
    scope = "" if wanted == "all" else f"{wanted} "
    where = "".join(
        part for part in (f" with {person}" if person else "", f" tagged {tag}" if tag else "")
    )
    if scope == "active " and not where:
        return "No active goals. Add one with: mentorlog goal add 'Ship my first PR' --due fri"
    return f"No {scope}goals{where}."


def action_list(s: Session, *, all_: bool, with_: str | None, json: bool) -> None:
    from mentorlog.services import actions_read as service

    with s.reading() as journal:
        actions = service.list_actions(journal, today=s.now.date(), include_done=all_, person=with_)
    if json:
        console.print_json([a.to_json() for a in actions])
        return
    if not actions:
        console.message("No open action items. Add one with: mentorlog action add TEXT --due fri")
        return
    from mentorlog.render import views

    views.actions(actions, s.now.date())


def topic_list(s: Session, *, with_: str | None, all_: bool, json: bool) -> None:
    from mentorlog.services import topics_read as service

    with s.reading() as journal:
        topics = service.list_topics(journal, person=with_, include_done=all_)
    if json:
        console.print_json([t.to_json() for t in topics])
        return
    if not topics:
        console.message(
            "No talking points queued. Add one with: mentorlog topic add TEXT --with HANDLE"
        )
        return
    from mentorlog.render import views

    views.topics(topics, s.now.date())


def person_list(s: Session, *, all_: bool, json: bool) -> None:
    from mentorlog.services import people_read as service
    from mentorlog.services.relationships import heartbeats

    with s.reading() as journal:
        people = service.list_people(journal, include_archived=all_)
        beats = heartbeats(journal, people, s.now) if not json else {}
    if json:
        console.print_json([p.to_json() for p in people])
        return
    if not people:
        console.message(
            "Nobody here yet. Add someone with: "
            "mentorlog person add HANDLE --name NAME --role mentor --tz ZONE"
        )
        return
    from mentorlog.render import views

    views.people(people, s.now, beats)


def meeting_list(
    s: Session,
    *,
    upcoming: bool,
    past: bool,
    with_: str | None,
    from_: str | None,
    to: str | None,
    json: bool,
) -> None:
    from mentorlog.services import meetings_read as service
    from mentorlog.services.people_read import list_people

    start, end = _window(s, upcoming=upcoming, past=past, from_=from_, to=to)
    with s.reading() as journal:
        found = service.occurrences_between(journal, start, end, person=with_)
        people = {p.handle: p for p in list_people(journal, include_archived=True)}
    if past:
        found.reverse()
    if json:
        console.print_json([o.to_json() for o in found])
        return
    if not found:
        console.message(_no_meetings_message(start, end, s))
        return
    from mentorlog.render import views

    views.meetings(found, people, s.zone, s.now)


def _window(
    s: Session, *, upcoming: bool, past: bool, from_: str | None, to: str | None
) -> tuple[datetime, datetime]:
    from mentorlog import timeparse
    from mentorlog.errors import InvalidInput
    from mentorlog.render import dates

    if upcoming and past:
        raise InvalidInput("Choose --upcoming or --past, not both.")
    if (upcoming or past) and (from_ or to):
        raise InvalidInput("--from and --to set their own window; drop --upcoming and --past.")
    now = s.now
    if past:
        return now - WINDOW, now
    if from_ is None and to is None:
        return now, now + WINDOW
    start = _bound(from_, s, time(0, 0), near=now) if from_ else now
    end = (
        _bound(to, s, time(23, 59, 59), near=start) + timedelta(seconds=1) if to else start + WINDOW
    )
    if end <= start:
        a = start.astimezone(s.zone)
        raise InvalidInput(
            f"--to {timeparse.quote(to or '')} is not after the start of the window "
            f"({dates.day_year_clock(a)}); give a later date."
        )
    return start, end


def _bound(text: str, s: Session, default: time, *, near: datetime) -> datetime:
    """A window edge: a date without a year is the one nearest `near`, before or after."""
    from mentorlog import timeparse

    read = [
        timeparse.parse_when(
            text, now=near, tz=s.zone, default_time=default, prefer=prefer, what="date"
        ).astimezone(UTC)
        for prefer in ("future", "past")
    ]
    return min(read, key=lambda moment: abs(moment - near))


def _no_meetings_message(start: datetime, end: datetime, s: Session) -> str:
    from mentorlog.render import dates

    a, b = start.astimezone(s.zone), (end - timedelta(seconds=1)).astimezone(s.zone)
    return (
        f"No meetings from {dates.day(a)} to {dates.day(b)}. Schedule one with: "
        "mentorlog meeting add --with HANDLE --at WHEN"
    )
