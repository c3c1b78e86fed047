"""Prompts of the Self-Refine baseline: the model critiques its own plan, then rewrites it."""

SYSTEM = "You are a careful planning agent. Answer with JSON only."

FEEDBACK = """Task:
{task}

Your plan (step index. action):
{plan}

Review your own plan against the task, without running it. List the concrete problems you
see (cite step numbers) and how to fix each. Set "plan_is_good" to true only if nothing
needs to change."""

FEEDBACK_SCHEMA = {
    "type": "object",
    "properties": {"critique": {"type": "string"}, "plan_is_good": {"type": "boolean"}},
    "required": ["critique", "plan_is_good"],
}

HISTORY_ITEM = """Earlier version:
{plan}
Your critique of it:
{critique}
"""

REFINE = """Task:
{task}

{history}Current plan (step index. action):
{plan}

Your critique of the current plan:
{critique}

Write the improved complete plan that fixes these problems. Answer as {{"steps": [...]}} with at
most {max_steps} steps."""
