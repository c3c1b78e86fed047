"""PLAN for the travel environment: a tool-using agent and a grammar-choice planner.

- :class:`ToolPlanner` is for strong models: the model calls the nine tools through JSON
  (``{"tool": ..., "arguments": {...}}``), sees each result, and finally answers with the plan
  text inside ``<plan>``, which is converted to literal steps. Works with any ``Engine``.
- :class:`GrammarChoicePlanner` is for small models: it gathers candidates through the tools
  itself, asks the model to choose among them under JSON-schema enums (services, hotel,
  attractions, restaurants), then assembles a schedule deterministically
  (:mod:`pivot_opt.envs.travel.planning.assembly`), so even the embedded 135M model produces executable plans.

Both follow :class:`pivot_opt.planning.Planner`: ``planner(env, sample) -> Trajectory``; sample 0
is greedy, later samples use ``temperature`` and their own seed. A failed model call never
stops planning: the choice falls back to the best-ranked option and the reason is kept in
``failures``.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable, Sequence
from typing import Any

from pivot_opt.engines.base import Engine
from pivot_opt.envs.kit.choice import EnumChooser, FailureLog, enum_list, enum_object, pick, ranked
from pivot_opt.envs.kit.tools import describe_tools
from pivot_opt.envs.travel.data.tool_schemas import TOOL_SCHEMAS
from pivot_opt.envs.travel.data.tools import call_tool
from pivot_opt.envs.travel.planning import prompts as prompts
from pivot_opt.envs.travel.planning.assembly import assemble
from pivot_opt.envs.travel.planning.gather import Gathered, gather
from pivot_opt.envs.travel.plans.text_format import extract_plan_text
from pivot_opt.errors import EngineError, TrajectoryParseError
from pivot_opt.ledger import Phase
from pivot_opt.trajectory import Trajectory
from pivot_opt.untrusted import extract_json, loads_untrusted

__all__ = ["GrammarChoicePlanner", "ToolPlanner", "parse_tool_reply"]


class GrammarChoicePlanner(EnumChooser):
    """Tools gather candidates, the model chooses under enums, the schedule is assembled (see module).

    The model picks both services, the hotel and its ``picks`` favourite attractions and
    restaurants (short lists keep grammar decoding fast on a 2-core CPU); the assembly takes them
    first and fills the remaining slots from the tool results, best rated first.
    """

    def __init__(self, engine: Engine, *, temperature: float = 0.8, seed: int = 0, max_options: int = 6,
                 picks: int = 4, max_tokens: int = 160, on_failure: Callable[[int, str], None] | None = None) -> None:
        super().__init__(engine, system=prompts.CHOOSE_SYSTEM, temperature=temperature, seed=seed,
                         max_tokens=max_tokens, on_failure=on_failure)
        self.picks = picks
        self.max_options = max_options
        self._gathered: weakref.WeakKeyDictionary[Any, Gathered] = weakref.WeakKeyDictionary()
        self.last_choices: dict[str, Any] = {}

    def gathered(self, env: Any) -> Gathered:
        """Tool answers for this environment (gathered once, reused by later samples)."""
        if env not in self._gathered:
            ctx = env.ctx
            modes = tuple(dict.fromkeys(r.mode for r in env.requests if r.kind == "transport")) or ("train", "flight")
            self._gathered[env] = gather(env.db, ctx.org, ctx.dest, ctx.depart_date, ctx.return_date, modes)
        return self._gathered[env]

    def _ranked(self, names: Sequence[str], wanted: Sequence[str]) -> list[str]:
        return ranked(names, wanted, self.max_options)

    def __call__(self, env: Any, sample: int = 0) -> Trajectory:
        got, ctx, space = self.gathered(env), env.ctx, env.space
        query = env.travel_task.query.strip()
        mark = set(space.wanted("transport") + space.wanted("hotel") + space.wanted("attraction")
                   + space.wanted("restaurant"))

        def label(name: str, text: str) -> str:
            return f"- {text}{prompts.MATCH if name in mark else ''}"

        # Direct services first: early out and late back leave the most time there; cheapest first on a budget.
        out = {s.number: s for s in sorted(got.out, key=lambda s: (s.segments > 1, s.price if space.budget else s.dep))}
        back = {s.number: s for s in sorted(got.back, key=lambda s: (s.segments > 1,
                                                                    s.price if space.budget else -s.dep))}
        out_names = self._ranked(list(out), space.wanted("transport", part="out"))
        back_names = self._ranked(list(back), space.wanted("transport", part="back"))
        choice: dict[str, Any] = {"outbound": out_names[0] if out_names else "",
                                  "return": back_names[0] if back_names else ""}
        if out_names and back_names:
            choice = self.choose(sample, prompts.CHOOSE_TRANSPORT.format(
                query=query, org=ctx.org, dest=ctx.dest, depart=ctx.depart_date, back=ctx.return_date,
                out="\n".join(label(n, out[n].line()) for n in out_names),
                back_options="\n".join(label(n, back[n].line()) for n in back_names),
            ), enum_object({"outbound": out_names, "return": back_names}), choice)
        hotels = {str(h.get("name")): h for h in got.hotels}
        hotel_names = self._ranked(sorted(hotels, key=lambda n: float(hotels[n].get("price") or 0) if space.budget
                                          else -float(hotels[n].get("score") or 0)), space.wanted("hotel"))
        hotel = {"hotel": hotel_names[0] if hotel_names else ""}
        if hotel_names:
            lines = [label(n, f"{n} ({hotels[n].get('hotelStar')}-star, ¥{hotels[n].get('price')}, score "
                              f"{hotels[n].get('score')}, {hotels[n].get('brand')}, "
                              f"{', '.join(hotels[n].get('services') or []) or 'no services listed'})")
                     for n in hotel_names]
            hotel = self.choose(sample, prompts.CHOOSE_HOTEL.format(query=query, dest=ctx.dest, options="\n".join(
                lines)), enum_object({"hotel": hotel_names}), hotel)
        attractions = {a.name: a for a in got.attractions}
        att_names = self._ranked(sorted(attractions, key=lambda n: -attractions[n].rating),
                                 space.wanted("attraction"))[: 2 * self.max_options]
        n_att = min(len(att_names), self.picks)
        picks: dict[str, Any] = {"attractions": att_names[:n_att]}
        if att_names:
            picks = self.choose(sample, prompts.CHOOSE_ATTRACTIONS.format(
                query=query, dest=ctx.dest, n=n_att, options="\n".join(label(n, attractions[n].line())
                                                                       for n in att_names)),
                enum_list("attractions", att_names, n_att), picks)
        chosen_att = self.choose_list(sample, picks.get("attractions") or [], attractions, att_names[:n_att],
                                      "attractions")
        near = [r for a in chosen_att for r in got.near.get(a, [])]
        rest_names = self._ranked([*near, *got.restaurants], space.wanted("restaurant"))
        rest_names = list(dict.fromkeys(rest_names + near))[: 2 * self.max_options]
        n_rest = min(len(rest_names), self.picks)
        meals: dict[str, Any] = {"restaurants": rest_names[:n_rest]}
        if rest_names:
            lines = [label(n, f"{n} ({r.get('cuisine')}, near {r.get('nearby_attraction_name')}, "
                              f"¥{r.get('price_per_person')}, {r.get('opening_time')}-{r.get('closing_time')}, "
                              f"tags: {', '.join(r.get('tags') or []) or 'none'})")
                     for n in rest_names for r in [got.restaurants.get(n, {})]]
            meals = self.choose(sample, prompts.CHOOSE_RESTAURANTS.format(query=query, n=n_rest, options="\n".join(
                lines)), enum_list("restaurants", rest_names, n_rest), meals)
        chosen_rest = self.choose_list(sample, meals.get("restaurants") or [], got.restaurants, rest_names[:n_rest],
                                       "restaurants")
        self.last_choices = {"outbound": pick(choice.get("outbound"), out_names),
                             "return": pick(choice.get("return"), back_names),
                             "hotel": pick(hotel.get("hotel"), hotel_names), "attractions": chosen_att,
                             "restaurants": chosen_rest}
        c = self.last_choices
        steps = assemble(env, c["outbound"], c["return"], c["hotel"], chosen_att, chosen_rest, got.near)
        return Trajectory(steps, task=env.task)


def parse_tool_reply(text: str) -> tuple[str, Any]:
    """Read one agent turn: ``("plan", text)``, ``("tool", (name, arguments))`` or ``("invalid", reason)``."""
    plan = extract_plan_text(text)
    if plan:
        return "plan", plan
    try:
        data = extract_json(text)
    except TrajectoryParseError as exc:
        return "invalid", f"no JSON and no <plan> block ({str(exc)[:120]})"
    if isinstance(data, dict):
        call = data.get("function") if isinstance(data.get("function"), dict) else data
        name = call.get("tool") or call.get("name")
        args = call.get("arguments", call.get("args", {}))
        if isinstance(args, str):
            try:
                args = loads_untrusted(args)
            except TrajectoryParseError:
                args = {}
        if isinstance(name, str) and name:
            return "tool", (name, args if isinstance(args, dict) else {})
    return "invalid", "the JSON names no tool"


class ToolPlanner(FailureLog):
    """A tool-calling agent loop over any engine (see module docstring).

    ``max_calls`` bounds the model calls; tool results are cut to ``result_chars`` characters
    in the transcript. When the budget is spent the model is asked once for the final plan;
    no plan at all gives an empty trajectory (the worst loss) and a recorded failure.
    """

    def __init__(self, engine: Engine, *, max_calls: int = 40, max_tokens: int = 4000, result_chars: int = 3000,
                 temperature: float = 0.7, seed: int = 0,
                 on_failure: Callable[[int, str], None] | None = None) -> None:
        super().__init__(on_failure)
        self.engine = engine
        self.max_calls = max_calls
        self.max_tokens = max_tokens
        self.result_chars = result_chars
        self.temperature = temperature
        self.seed = seed
        self.system = prompts.TOOL_SYSTEM.format(tools=describe_tools(TOOL_SCHEMAS))
        self.transcripts: list[list[tuple[str, str]]] = []

    def _ask(self, env: Any, turns: list[tuple[str, str]], sample: int, extra: str = "") -> str:
        body = "\n\n".join(prompts.TOOL_TURN.format(n=i + 1, call=c, result=r) for i, (c, r) in enumerate(turns))
        prompt = prompts.TOOL_USER.format(query=env.travel_task.query.strip(), transcript=(body + extra).strip())
        return self.engine.complete(prompt, system=self.system, phase=Phase.PLAN, max_tokens=self.max_tokens,
                                    temperature=0.0 if sample == 0 else self.temperature, seed=self.seed + sample)

    def __call__(self, env: Any, sample: int = 0) -> Trajectory:
        turns: list[tuple[str, str]] = []
        self.transcripts.append(turns)
        try:
            for _ in range(self.max_calls):
                kind, value = parse_tool_reply(self._ask(env, turns, sample))
                if kind == "plan":
                    return Trajectory(env.from_text(value), task=env.task)
                if kind == "tool":
                    name, args = value
                    result = call_tool(env.db, name, args,
                                       helpful_messages=getattr(env, "helpful_messages", False))
                    turns.append((json.dumps({"tool": name, "arguments": args}, ensure_ascii=False),
                                  result[: self.result_chars]))
                else:
                    turns.append((str(value), prompts.TOOL_INVALID))
            kind, value = parse_tool_reply(self._ask(env, turns, sample, "\n\n" + prompts.TOOL_FINAL))
            if kind == "plan":
                return Trajectory(env.from_text(value), task=env.task)
            self.fail(sample, f"no <plan> after {self.max_calls} calls")
        except (EngineError, TrajectoryParseError) as exc:
            self.fail(sample, f"tool planner failed: {type(exc).__name__}: {exc}")
        return Trajectory([], task=env.task)
