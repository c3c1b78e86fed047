"""DayTrip: the built-in environment for tests, docs and the demo.

A traveller leaves the hotel at the start time, visits attractions, eats, and returns. Steps
are ``visit(place)``, ``eat(restaurant)`` and ``return()``. Execution tracks clock, spend and
location; a step is an error when it cannot happen (unknown name, closed on arrival, after
the return) and a violation when it breaks a rule (a repeated visit). Constraints: must-visit
places, lunch inside a window, the budget, back by the end time (hard); well-rated places
(soft); and a hidden dislike of one category, known only to a simulated human.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pivot_opt.environment import Constraint, ConstraintCheck, ExecutionTrace, StepResult, StepStatus, Task
from pivot_opt.envs.daytrip.data import DEMO_SEED, DayTripTask, generate_daytrip, hhmm, travel_minutes
from pivot_opt.schemas import step_schema
from pivot_opt.step import Step

__all__ = ["DayTripEnv", "simulate"]


def _as_steps(plan: Sequence[Step | dict[str, Any]]) -> list[Step]:
    return [p if isinstance(p, Step) else Step.from_dict(p) for p in plan]


def _run(task: DayTripTask, steps: Sequence[Step]) -> tuple[list[StepResult], dict[str, Any]]:
    places = task.by_name()
    clock, spend, here = task.start, 0.0, task.hotel
    seen: set[str] = set()
    returned = False
    results: list[StepResult] = []
    for i, step in enumerate(steps):
        status, obs, err = StepStatus.OK, "", ""
        waited = 0
        if returned:
            status, err = StepStatus.ERROR, "the day already ended with return(); remove steps after it"
        elif step.action == "return":
            clock += travel_minutes(here, task.hotel)
            here, returned = task.hotel, True
            obs = f"back at the hotel at {hhmm(clock)}"
        elif step.action in ("visit", "eat"):
            key = "place" if step.action == "visit" else "restaurant"
            kind = "attraction" if step.action == "visit" else "restaurant"
            name = step.args.get(key)
            place = places.get(name) if isinstance(name, str) else None
            if place is None or place.kind != kind:
                options = sorted(p.name for p in task.places if p.kind == kind)
                status, err = StepStatus.ERROR, f"unknown {kind} {name!r}; valid: {', '.join(options)}"
            else:
                arrive = clock + travel_minutes(here, (place.x, place.y))
                begin = max(arrive, place.opens)
                if begin + place.duration > place.closes:
                    status = StepStatus.ERROR
                    err = (f"{place.name} is open {hhmm(place.opens)}-{hhmm(place.closes)}; arriving {hhmm(arrive)} "
                           f"leaves no time for its {place.duration} min")
                else:
                    waited = begin - arrive
                    clock = begin + place.duration
                    spend += place.price * task.people
                    here = (place.x, place.y)
                    obs = f"{place.name} {hhmm(begin)}-{hhmm(clock)}, cost {place.price * task.people:g}"
                    if place.name in seen:
                        status, err = StepStatus.VIOLATION, f"{place.name} was already visited; each place once"
                    seen.add(place.name)
        else:
            status, err = StepStatus.ERROR, f"unknown action {step.action!r}; use visit, eat or return"
        state = {"clock": clock, "spend": spend, "time": hhmm(clock), "waited": waited}
        results.append(StepResult(i, status, obs, err, state))
    final = {"clock": clock, "spend": spend, "budget": task.budget, "returned": returned, "visited": sorted(seen)}
    return results, final


def simulate(task: DayTripTask, plan: Sequence[Step | dict[str, Any]]) -> dict[str, Any]:
    """Run a plan and summarise it (used by the generator to certify the reference plan)."""
    steps = _as_steps(plan)
    results, final = _run(task, steps)
    lunch = _lunch_check(task, steps, results)
    return {**final, "ok": all(r.ok for r in results) and final["returned"] and final["clock"] <= task.end,
            "lunch_ok": lunch.passed, "results": results}


def _lunch_check(task: DayTripTask, steps: Sequence[Step], results: Sequence[StepResult]) -> ConstraintCheck:
    lo, hi = task.lunch_window
    eats = [r for s, r in zip(steps, results, strict=True) if s.action == "eat"]
    for r in eats:
        if r.ok:
            begin = r.state["clock"] - 60
            if lo <= begin <= hi:
                return ConstraintCheck(True)
    blame = [r.index for r in eats]
    return ConstraintCheck(False, f"lunch must start between {hhmm(lo)} and {hhmm(hi)} with an eat(restaurant) step",
                           blame=blame)


class DayTripEnv:
    """The built-in environment (see module docstring). ``DayTripEnv(seed)`` generates its task."""

    def __init__(self, task: DayTripTask | None = None, seed: int = DEMO_SEED) -> None:
        self.spec = task if task is not None else generate_daytrip(seed)
        self.task = Task(self.spec.id, self._query(), data=self.spec.to_dict())

    # -- protocol ------------------------------------------------------------------------
    def execute(self, steps: Sequence[Step]) -> ExecutionTrace:
        results, final = _run(self.spec, steps)
        return ExecutionTrace(results, final)

    def constraints(self) -> list[Constraint]:
        spec = self.spec
        out = [Constraint(f"visit:{name}", f"the plan must visit {name}", self._must_visit(name))
               for name in spec.must_visit]
        out += [
            Constraint("lunch", f"lunch between {hhmm(spec.lunch_window[0])} and {hhmm(spec.lunch_window[1])}",
                       lambda t, s: _lunch_check(spec, s, t.steps)),
            Constraint("budget", f"total spend at most {spec.budget:g}", self._budget),
            Constraint("back_by_end", f"return to the hotel by {hhmm(spec.end)}", self._back_by_end),
            Constraint("ratings", f"prefer places rated at least {spec.min_rating}", self._ratings, hard=False),
            Constraint("avoid_category", f"the traveller dislikes {spec.avoid_category} places",
                       self._avoid, hard=False, hidden=True),
        ]
        return out

    def action_schema(self, steps: Sequence[Step] | None = None, position: int | None = None) -> dict[str, Any]:
        """Any valid next step; attractions already visited before ``position`` are left out."""
        before = list(steps or [])[: position if position is not None else None]
        seen = {s.args.get("place") for s in before if s.action == "visit"}
        attractions = [p.name for p in self.spec.places if p.kind == "attraction" and p.name not in seen]
        restaurants = [p.name for p in self.spec.places if p.kind == "restaurant"]
        options = [step_schema("eat", {"restaurant": {"type": "string", "enum": restaurants}}),
                   step_schema("return", {})]
        if attractions:
            options.insert(0, step_schema("visit", {"place": {"type": "string", "enum": attractions}}))
        return {"anyOf": options}

    def describe(self) -> str:
        return self.task.query

    # -- text ----------------------------------------------------------------------------
    def _query(self) -> str:
        s = self.spec
        lines = [
            f"Plan one day in {s.city} for {s.people} traveller(s). Leave the hotel at {hhmm(s.start)} and be back "
            f"by {hhmm(s.end)}. Budget: {s.budget:g} in total. Must visit: {', '.join(s.must_visit)}. Have lunch "
            f"starting between {hhmm(s.lunch_window[0])} and {hhmm(s.lunch_window[1])}. Visit each place once; "
            "finish with return().",
            "Attractions (name | category | open | minutes there | ticket per person | rating):",
        ]
        for p in s.places:
            if p.kind == "attraction":
                lines.append(f"- {p.name} | {p.category} | {hhmm(p.opens)}-{hhmm(p.closes)} | {p.duration} | "
                             f"{p.price:g} | {p.rating}")
        lines.append("Restaurants (name | open | price per person | rating), a meal takes 60 minutes:")
        for p in s.places:
            if p.kind == "restaurant":
                lines.append(f"- {p.name} | {hhmm(p.opens)}-{hhmm(p.closes)} | {p.price:g} | {p.rating}")
        lines.append('Actions: {"action": "visit", "args": {"place": ...}}, '
                     '{"action": "eat", "args": {"restaurant": ...}}, {"action": "return", "args": {}}')
        return "\n".join(lines)

    # -- constraint checks ---------------------------------------------------------------
    def _must_visit(self, name: str) -> Any:
        def check(trace: ExecutionTrace, steps: Sequence[Step]) -> ConstraintCheck:
            done = any(s.action == "visit" and s.args.get("place") == name and r.ok
                       for s, r in zip(steps, trace.steps, strict=True))
            return ConstraintCheck(done, "" if done else f"{name} is not visited; add visit({name!r})")
        return check

    def _budget(self, trace: ExecutionTrace, steps: Sequence[Step]) -> ConstraintCheck:
        spend = trace.final_state["spend"]
        if spend <= self.spec.budget:
            return ConstraintCheck(True)
        costly = sorted((r.state["spend"] - (trace.steps[r.index - 1].state["spend"] if r.index else 0.0), r.index)
                        for r in trace.steps)
        return ConstraintCheck(False, f"spend {spend:g} is over the budget {self.spec.budget:g}; "
                               "drop or swap the costliest step", blame=[costly[-1][1]])

    def _back_by_end(self, trace: ExecutionTrace, steps: Sequence[Step]) -> ConstraintCheck:
        if not trace.final_state["returned"]:
            return ConstraintCheck(False, "the plan never returns to the hotel; end it with return()")
        late = [r.index for r in trace.steps if r.ok and r.state["clock"] > self.spec.end]
        if not late:
            return ConstraintCheck(True)
        return ConstraintCheck(False, f"back at {hhmm(trace.final_state['clock'])}, after {hhmm(self.spec.end)}; "
                               "remove or shorten a visit", blame=late[:1])

    def _ratings(self, trace: ExecutionTrace, steps: Sequence[Step]) -> ConstraintCheck:
        places = self.spec.by_name()
        visited = [(i, places[s.args["place"]]) for i, s in enumerate(steps)
                   if s.action == "visit" and s.args.get("place") in places]
        if not visited:
            return ConstraintCheck(True)
        low = [i for i, p in visited if p.rating < self.spec.min_rating]
        score = 1.0 - len(low) / len(visited)
        return ConstraintCheck(not low, f"{len(low)} visited places rate below {self.spec.min_rating}", blame=low,
                               score=score)

    def _avoid(self, trace: ExecutionTrace, steps: Sequence[Step]) -> ConstraintCheck:
        places = self.spec.by_name()
        bad = [i for i, s in enumerate(steps) if s.action == "visit" and
               getattr(places.get(s.args.get("place")), "category", None) == self.spec.avoid_category]
        return ConstraintCheck(not bad, f"the traveller dislikes {self.spec.avoid_category} places", blame=bad)
