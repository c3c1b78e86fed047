"""Text of the travel environment's task description (filled by :mod:`pivot_opt.envs.travel.planning.actions`)."""

DESCRIBE = """{query}

Trip: {org} -> {dest}, {days} days from {date} ({weekday}), {people} traveller(s), {rooms} room(s).
A plan is a list of steps in time order, one per activity; "day" is 1 to {days}:
- train or flight (out on day 1: {out}; back on day {days}: {back}):
  {{"action": "travel_intercity_public", "args": {{"day": 1, "number": "..."}}}}
- a visit: {{"action": "attraction", "args": {{"day": 2, "name": "..."}}}}
- lunch or dinner: {{"action": "meal", "args": {{"day": 2, "name": "..."}}}}
- the night's hotel, last step of every day but the last: {{"action": "hotel", "args": {{"day": 1, "name": "..."}}}}
Times, city travel, waits and prices are filled in from the database."""
