"""Meetings on the calendar: their occurrences, and iCalendar (.ics) written and read.

    occurrences   a meeting's occurrences, as instants, with their status
    expansion     a stored rule expanded: by arithmetic (stepped) or by dateutil
    stepped       the rules people use most, worked out by arithmetic
    bounds        the edges of the wall times a datetime holds, where margins saturate
    describe      a meeting's schedule in words, for `meeting show`
    vtimezone     VTIMEZONE components built from zoneinfo
    ics_export    the schedule as an RFC 5545 calendar (ics_components: its VEVENTs, VTODOs)
    ics_lines     reading a file: the line pre-parser (structure, line numbers for messages)
    ics_zones     reading a file: TZIDs and VTIMEZONEs matched to IANA zones
    ics_fields    reading a file: one event's fields, its repeat rule as meetings keep it
    ics_events    reading a file: events mapped to invites (the fields of a meeting)
    ics_import    reading a file: the steps in order, from bytes to invites

Every rule goes through the one reader, `timeparse.rules`. This package imports timeparse,
model, errors and store types only, never services, render or cli; bringing invites into
the journal, or reading the journal for an export, is `services.ics`. icalendar and
dateutil are imported inside the functions that need them.
"""
