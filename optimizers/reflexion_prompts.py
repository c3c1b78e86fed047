"""Prompts of the Reflexion baseline: reflect on a failed try, then try again with the lessons."""

SYSTEM = "You are a planning agent that learns from its failed attempts."

REFLECT = """Task:
{task}

Your plan on try {trial}:
{plan}

What happened when it was executed:
{report}

In two or three sentences, say why this plan failed and what you will do differently on
the next try. Be specific (names, times, amounts)."""

ACT = """Task:
{task}

Your last plan:
{plan}

Lessons from your earlier tries:
{memory}

Write a complete new plan that applies these lessons. Answer as {{"steps": [...]}} with at most
{max_steps} steps."""
