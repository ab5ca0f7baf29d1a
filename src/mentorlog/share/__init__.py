"""`mentorlog share`: a relationship's shared part, two-way, with a CalDAV calendar.

Services level. The pieces: `views` (what is shared, as plain values), `ics` (a view as
iCalendar and back), `merge` (three-way, per record), `apply` (their changes into the
journal); `dav` (the server, the only module that imports caldav), `links` (which
calendar each person's share uses, and its password), `state` (what each share last
agreed with the server) and `engine` (one round).
"""
