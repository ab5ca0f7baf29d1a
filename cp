{
  "author": "Sam Rivera",
  "person": null,
  "period": {
    "since": "2026-08-23T00:00:00+02:00",
    "until": "2026-11-21T11:15:00+01:00",
    "first_day": "2026-08-23",
    "last_day": "2026-11-21"
  },
  "generated": "2026-11-21T11:15:00+01:00",
  "meetings": [
    {
      "person": "alice",
      "name": "Alice Chen",
      "role": "mentor",
      "meetings": 1,
      "held": 1,
      "cancelled": 0,
      "unmarked": [],
      "rating": null,
      "last": "2026-11-17T09:00:00+01:00",
      "cadence": null
    },
    {
      "person": "bo",
      "name": "Bo Lindqvist",
      "role": "mentee",
      "meetings": 0,
      "held": 0,
      "cancelled": 0,
      "unmarked": [],
      "rating": null,
      "last": null,
      "cadence": null
    }
  ],
  "goals": {
    "completed": [
      {
        "id": 3,
        "title": "Read SICP",
        "person": null,
        "due": null,
        "status": "done",
        "progress_start": 0,
        "progress_end": 100,
        "ended": "2026-11-21T11:15:00+01:00",
        "note": null,
        "overdue": false
      }
    ],
    "in_progress": [
      {
        "id": 2,
        "title": "Learn Rust",
        "person": null,
        "due": "2026-11-27",
        "status": "active",
        "progress_start": 0,
        "progress_end": 0,
        "ended": null,
        "note": null,
        "overdue": false
      },
      {
        "id": 1,
        "title": "Give a conference talk",
        "person": "alice",
        "due": "2027-01-30",
        "status": "active",
        "progress_start": 0,
        "progress_end": 0,
        "ended": null,
        "note": null,
        "overdue": false
      }
    ],
    "dropped": [],
    "overdue": []
  },
  "milestones": [
    {
      "id": 1,
      "uid": "0a599204-f41b-412b-b391-25c54a52861c",
      "title": "Read SICP",
      "goal": 3,
      "person": null,
      "on": "2026-11-21",
      "note": null,
      "source": "goal done",
      "created": "2026-11-21T11:15:00+01:00",
      "updated": "2026-11-21T11:15:00+01:00"
    }
  ],
  "feedback": {
    "received": {
      "count": 0,
      "rating": null,
      "items": []
    },
    "given": {
      "count": 0,
      "rating": null,
      "items": []
    },
    "themes": []
  },
  "open_items": {
    "actions": [
      {
        "id": 1,
        "uid": "adf09d0b-674f-43c1-9bb2-4b05efdf872a",
        "text": "Send the abstract",
        "owner": "me",
        "due": "2026-11-23",
        "status": "open",
        "meeting": null,
        "goal": null,
        "person": "alice",
        "completed": null,
        "created": "2026-11-21T11:15:00+01:00",
        "updated": "2026-11-21T11:15:00+01:00",
        "overdue": false
      }
    ],
    "topics": [
      {
        "id": 1,
        "uid": "482aabbd-279d-47ba-aae1-5397e5e9cbc4",
        "text": "Ask about the talk",
        "person": "alice",
        "status": "open",
        "completed": null,
        "created": "2026-11-21T11:15:00+01:00",
        "updated": "2026-11-21T11:15:00+01:00"
      }
    ]
  },
  "notes": [
    {
      "id": 1,
      "uid": "978e6ab6-7dd9-4d5d-b53b-3f8f2c55921d",
      "text": "Talk went well",
      "people": [
        "alice"
      ],
      "tags": [],
      "private": false,
      "prompt": null,
      "at": "2026-11-21T11:15:00+01:00",
      "created": "2026-11-21T11:15:00+01:00",
      "updated": "2026-11-21T11:15:00+01:00"
    }
  ]
}
