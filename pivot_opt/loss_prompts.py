"""Prompts used by :meth:`pivot_opt.loss.Loss.backward`."""

UPSTREAM_FEEDBACK = """You are giving feedback to improve a variable whose role is: {role}.
Its current value:
<VALUE>
{value}
</VALUE>
A plan was produced from it and executed. The execution found these problems:
<PROBLEMS>
{feedback}
</PROBLEMS>
In at most five short bullet points, say how the variable should change so that the plan it
produces avoids these problems. Do not rewrite the variable itself."""
