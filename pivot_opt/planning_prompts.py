"""Prompt of the default planner (PLAN)."""

SYSTEM = "You are a planning agent. Answer with JSON only."

PLAN = """{task}

Write the complete plan as {{"steps": [...]}}, at most {max_steps} steps, each step one of the
actions above with its arguments."""
