"""Texts the TextGrad baseline gives textgrad: the evaluation instruction of its TextLoss and the
constraint passed to its TextualGradientDescent. textgrad's own prompts do the rest."""

EVALUATION = """You evaluate an agent's plan for this task:
{task}

The plan was executed in the environment. What happened:
{report}

You will be given the plan. Criticise it concisely: which steps are wrong and why, and what
the plan still has to achieve. Do not write a new plan."""

EVALUATION_ROLE = "instruction of the plan evaluation, with the task and the execution results"

PLAN_FORMAT = ('The improved variable must be a JSON object {"steps": [...]} whose steps each have an "action" and '
               '"args", using only the actions the task allows.')
