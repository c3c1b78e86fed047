"""Prompts of the travel planners (filled by :mod:`pivot_opt.envs.travel.planning.planners`)."""

CHOOSE_SYSTEM = "You pick options for a travel plan. Answer with JSON only."

CHOOSE_TRANSPORT = """Request:
{query}

Trains and flights from {org} to {dest} on {depart}:
{out}

Back from {dest} to {org} on {back}:
{back_options}

Pick the outbound and the return service that fit the request best."""

CHOOSE_HOTEL = """Request:
{query}

Hotels in {dest}:
{options}

Pick the hotel that fits the request best."""

CHOOSE_ATTRACTIONS = """Request:
{query}

Attractions in {dest}:
{options}

Pick {n} attractions to visit, those the request asks for first."""

CHOOSE_RESTAURANTS = """Request:
{query}

Restaurants:
{options}

Pick {n} restaurants for lunches and dinners, those the request asks for first."""

MATCH = " (fits the request)"

TOOL_SYSTEM = """You are a travel planning agent. Work in two phases.
1. Gather facts with the tools. Never ask the user anything and never invent data: copy every name, number,
   time, price and coordinate exactly as a tool returned it.
2. When you know enough, answer with the whole plan inside <plan></plan>.

Each turn, answer with exactly one of:
- a tool call as JSON: {{"tool": "<name>", "arguments": {{...}}}}
- the final plan: <plan> ... </plan>

Tools (arguments are strings):
{tools}

Plan format, one block per day, then the budget:
Day 1:
Current City: from <origin> to <destination>   (a stay day: just the city)
Accommodation: <hotel>, ¥<price>/room/night     (the last day: -)
HH:MM-HH:MM | travel_intercity_public | train <number>, <from station> - <to station>, ¥<price>/person
HH:MM-HH:MM | buffer | <what happens>
HH:MM-HH:MM | travel_city | <from> - <to>, <km>km, <minutes>min, ¥<cost per car>
HH:MM-HH:MM | attraction | <name>, ¥<ticket per person>
HH:MM-HH:MM | meal | Lunch, <restaurant>, ¥<price per person>
HH:MM-HH:MM | hotel | Check-in, <hotel>
**Budget Summary**:
**Transportation: <n> RMB**. **Accommodation: <n> RMB**. **Meals: <n> RMB**.
**Attractions & Tickets: <n> RMB**. **Total Estimated Budget: <n> RMB**

Rules the plan is scored on: times are contiguous (the end of one line is the start of the next; waiting is a
buffer); a travel_city line between any two different places, lasting the queried road time (within 5 min);
intercity times exactly as queried, with 30-45 min buffers after arriving and before boarding; the trip starts
at the origin and ends there; meals inside restaurant hours, 30-150 min, lunch and dinner on full days at least
2 h apart (fewer meals on travel days with early departures or late arrivals); attractions inside opening
hours, never on a closing weekday, within their min-max visit hours; at least 2 attractions (or 4 h) on full
days; every day but the last ends with a hotel line; no restaurant or attraction twice; prices per person are
multiplied by travellers, hotels by rooms and nights, taxis by cars of 4; the total adds up and stays within
the user's budget."""

TOOL_USER = """{query}

{transcript}"""

TOOL_TURN = """Your call {n}: {call}
Result:
{result}"""

TOOL_FINAL = """You have used every tool call. Write the final plan now inside <plan></plan>."""

TOOL_INVALID = """That was neither a tool call JSON nor a <plan> block. Answer with one of them."""
