"""The rule-based request reader: the benchmark's request types read from English query text.

Why rules: reading the query is the first thing a real agent does, and the default reader must
cost zero tokens and give the same answer on every run. It reads only ``task.query`` (never
``meta_info``) and, when a ``world`` (the task's :class:`TravelDatabase`) is given, the names
its tools would return, to map the user's spelling of a place to the database's.

How: quoted names are masked, the text is cut into sentences, and each sentence gets the topics
its words name (transport, hotel, restaurant, attraction, budget); a sentence with no topic of
its own continues the one before it. Each topic then has its own rules, tried from the most to
the least specific cue (a time window before "earliest", a tag before "highest-rated"). The
benchmark always asks for one transport and one hotel request, so those two are always given
(seat availability for the travellers and a star-level hotel being the unstated defaults), and
each such fallback is named in ``StatedTask.notes``.

Layout: :mod:`.text` masks quoted names and cuts sentences, :mod:`.names` matches names to the
world's spelling, :mod:`.cues` holds the word tables, :mod:`.reading` collects the requests, and
one module reads each request family (:mod:`.transport`, :mod:`.hotel`, :mod:`.places` with
:mod:`.attractions`, :mod:`.budget`); :mod:`.reader` runs them in order.
"""

from pivot_opt.envs.travel.requests.rules.reader import RuleReader, read_query

__all__ = ["RuleReader", "read_query"]
