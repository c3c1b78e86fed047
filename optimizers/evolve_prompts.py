"""Prompts of EVOLVE, one per edit radius."""

SYSTEM = "You repair agent plans. Answer with JSON only."

PATCH = """Task:
{task}

Current plan (step index. action):
{plan}

Problems found by executing it:
{feedback}

Fix step {index}: {focus}
Give one edit: "op" is "replace" (new step instead of step {index}), "insert" (new step before
step {index}) or "delete" (remove step {index}); "step" is the new step."""

PATCH_MISSING = """Task:
{task}

Current plan (step index. action):
{plan}

Problems found by executing it:
{feedback}

Something is missing: {focus}
Give the one step to add, as {{"op": "insert", "step": {{...}}}}."""

SUFFIX = """Task:
{task}

These first {keep} steps work and are kept:
{prefix}

The rest of the plan failed:
{suffix}

Problems found by executing it:
{feedback}

Write new steps to follow the kept ones so that the whole plan satisfies the task.
Answer as {{"steps": [...]}} with at most {max_new} steps."""

REPLAN = """Task:
{task}

A previous plan:
{plan}

Problems found by executing it:
{feedback}

Write a complete new plan that avoids these problems. Answer as {{"steps": [...]}} with at
most {max_steps} steps."""
