"""Word tables of the rule reader: each cue is a regular expression over a masked, lower-case sentence.

Why one table: the family readers share cues (a "cheapest" or "highest-rated" cue means the same
for trains and hotels), and the masking needs the value tables to tell a quoted value word
('Natural Scenery') from a quoted place name.
"""

from __future__ import annotations

import re

TRANSPORT = re.compile(r"\b(?:trains?|flights?|fly|flying|flew|rail|railway|planes?|airlines?|aircraft|airbus|boeing"
                       r"|comac|high-speed|bullet|outbound|round-trip|both ways|both directions|both legs|seats?"
                       r"|tickets?|transportation|journey|depart\w*|arriv\w*|set off)\b")
HOTEL = re.compile(r"\b(?:hotels?|accommodation|stay(?:ing)? at|renovat\w*|brand|chain|per night|a night|nightly"
                   r"|\w+-star|star hotel|inn|room service|swimming pool|gym|parking|spa|check-in)\b")
RESTAURANT = re.compile(r"\b(?:meals?|restaurants?|din(?:e|ing)|dinner|lunch|breakfast|eat\w*|food|cuisine|dishes"
                        r"|cafe|eatery|eateries|try (?:it|them|their|this place)|tasty|delicious)\b")
ATTRACTION = re.compile(r"\b(?:attractions?|visit\w*|sightseeing|spots?|sites?|places|landmarks?|scenery|scenic"
                        r"|go to|see)\b")
BUDGET = re.compile(r"\bbudget\b")
STARTERS = re.compile(r"^\W*(?:also|additionally|second(?:ly)?|first(?:ly)?|finally|another|by the way|oh|besides"
                      r"|as for|regarding|for (?:dining|meals?|accommodation|attractions|sightseeing|transportation"
                      r"|the return|the outbound)|moreover|in addition|lastly|then)\b")

FLIGHT_WORDS = re.compile(r"\b(?:flights?|fly|flying|airlines?|planes?|aircraft|airbus|boeing|comac|airport)\b")
TRAIN_WORDS = re.compile(r"\b(?:trains?|rail|railway|high-speed|bullet|d-series|g-series)\b")
EARLIEST = re.compile(r"\b(?:earliest|as early as possible|first (?:train|flight)|earliest-departing)\b")
LATEST = re.compile(r"\b(?:latest|as late as possible|last (?:train|flight))\b")
SHORTEST = re.compile(r"\b(?:shortest|fastest|quickest|least (?:travel )?time|minimum (?:travel )?time"
                      r"|shortest-duration)\b")
CHEAPEST = re.compile(r"\b(?:cheapest|most affordable|lowest(?: possible)?(?: \w+)? (?:prices?|fares?|costs?)"
                      r"|lowest-priced|lowest-cost|least expensive|cost-effective|budget-friendly|most economical"
                      r"|lower price|best value|inexpensive|cheaper)\b")
RATED = re.compile(r"\b(?:highest[- ]rated|best[- ]rated|top[- ]rated|highest rating|highest ratings|most highly rated"
                   r"|highest-scored|highest score|best reviewed|best-reviewed|highest-rating|top-ranked)\b")
CLOSEST = re.compile(r"\b(?:closest|nearest|shortest distance|shortest walking|as close as possible)\b")
CHEAP_MEAL = re.compile(r"\b(?:cheapest|lowest average|lowest per-person|lowest per person|lowest (?:average )?"
                        r"(?:spending|cost|price)|most affordable|least expensive|most economical|budget-friendly"
                        r"|lowest-priced|lowest consumption|lowest spend)\b")
BACK = re.compile(r"\b(?:return(?:ing)? (?:journey|trip|leg|flight|train)|way back|(?:train|flight|fly|flight) back"
                  r"|come back|coming back|going back|for the return|on the return|the return|inbound|homebound"
                  r"|back home|back to|return)\b")
OUT = re.compile(r"\b(?:outbound|going there|on the way there|(?:train|flight) there|departure day|to get there"
                 r"|when going|the way out|first leg|outward)\b")
ARRIVE = re.compile(r"\b(?:arriv\w*|land\w*|gets? (?:me |us )?(?:home|back))\b")
SEAT = (
    (re.compile(r"\bbusiness[- ](?:class|seats?)\b"), "Business Seat", "Business Class"),
    (re.compile(r"\bfirst[- ]class\b|\bfirst class\b"), "First Class Seat", "First Class"),
    (re.compile(r"\bsecond[- ]class\b"), "Second Class Seat", "Economy Class"),
    (re.compile(r"\beconomy(?:[- ]class)?\b"), "Second Class Seat", "Economy Class"),
)
TRAIN_TYPES = (
    ("Bullet Train", re.compile(r"\bbullet trains?\b|\bd-series\b|\bd-train\b|\bemu\b|动车")),
    ("High-speed Rail", re.compile(r"\bhigh[- ]speed (?:rail|trains?)\b|\bg-series\b|\bg-train\b|高铁")),
    ("Intercity Train", re.compile(r"\bintercity\b|城际")),
    ("Express Train", re.compile(r"\bexpress trains?\b")),
    ("Fast Train", re.compile(r"\bfast trains?\b")),
)
MAKERS = (("Airbus", re.compile(r"\bairbus\b")), ("Boeing", re.compile(r"\bboeing\b")),
          ("COMAC", re.compile(r"\bcomac\b|\bc919\b|\barj21\b")))
SERVICES = (
    ("Swimming Pool", re.compile(r"\bswim\w*|\bpool\b")),
    ("Robot Service", re.compile(r"\brobot\w*")),
    ("Washer and Dryer", re.compile(r"\bwasher\b|\bwashing machine\b|\bdryer\b|\blaundry\b")),
    ("TV Casting", re.compile(r"\bscreen[- ]?(?:mirroring|casting|projection|sharing)\b|\bcasting\b|\bcast\b"
                              r"|\bmirroring\b|\bprojection\b")),
    ("Free Parking", re.compile(r"\bparking\b|\bpark (?:my|the|our) car\b")),
    ("SPA Service", re.compile(r"\bspas?\b")),
    ("Gym", re.compile(r"\bgym\b|\bfitness\b|\bwork ?out\b|\bexercise\b")),
)
TAGS = (
    ("Birthday Package", re.compile(r"\bbirthday\b")),
    ("Private Room", re.compile(r"\bprivate (?:dining )?(?:rooms?|booths?|spaces?|dining)\b")),
    ("Outdoor Seating", re.compile(r"\boutdoors?\b|\boutside\b|\bopen-air\b|\bterrace\b|\bal fresco\b|\balfresco\b")),
    ("Online Queue", re.compile(r"\b(?:online|virtual|virtually|remote|remotely)\b[^.]{0,25}\b(?:queu\w*|number|line"
                                r"|wait\w*|reserv\w*)|\bqueu\w*[^.]{0,20}\b(?:online|virtual\w*)|number-taking"
                                r"|take a (?:queue )?number|queue number|join the queue")),
    ("Waiting Area", re.compile(r"\bwaiting (?:area|zone|room|space|lounge)s?\b|\bseating area\b"
                                r"|\bwait comfortably|\bsit (?:down )?(?:comfortably )?while (?:we )?wait"
                                r"|\brest (?:there )?while waiting")),
    ("Must-Eat Top 10", re.compile(r"\bmust[- ](?:eat|try)\b|\btop[- ](?:ten|10)\b")),
)
CUISINES = (
    ("Western Cuisine (Fusion)", re.compile(r"\bwestern\b|\bfusion\b")),
    ("Fast Food", re.compile(r"\bfast[- ]food\b")),
    ("Seafood", re.compile(r"\bseafood\b")),
    ("Sichuan Cuisine", re.compile(r"\bsichuan\b|\bszechuan\b")),
    ("Halal Cuisine", re.compile(r"\bhalal\b|\bmuslim\b|\bislamic\b")),
    ("Hot Pot", re.compile(r"\bhot ?pot\b")),
    ("Cantonese Cuisine", re.compile(r"\bcantonese\b")),
    ("Japanese Cuisine", re.compile(r"\bjapanese\b|\bsushi\b")),
    ("Barbecue", re.compile(r"\bbarbecue\b|\bbbq\b")),
    ("Vegetarian", re.compile(r"\bvegetarian\b|\bvegan\b")),
)
TYPES = (
    ("Natural Scenery", re.compile(r"\bnatur\w*|\bscenery\b|\blandscapes?\b|自然|风光")),
    ("Historical and Cultural", re.compile(r"\bhistor\w*|\bcultur\w*|\bheritage\b|历史|文化")),
    ("City Landmark", re.compile(r"\blandmarks?\b|地标")),
    ("Leisure Experience", re.compile(r"\bleisure\b|休闲")),
    ("Art Exhibition", re.compile(r"\bart\b|\barts\b|\bexhibitions?\b|\bgaller(?:y|ies)\b|艺术")),
    ("Theme Park", re.compile(r"\btheme parks?\b|\bamusement\b|主题")),
)
ALL = re.compile(r"\b(?:all|every|each|any of them|don't miss|do not miss|check off|these)\b")
FREE = re.compile(r"\bfree(?: of charge)?\b(?!\s+parking)[^.]{0,30}\b(?:attractions?|spots?|sites?|places|admission"
                  r"|entry|scenic)|\b(?:no|without) (?:an )?(?:entrance |admission )?(?:tickets?|fees?)\b"
                  r"|\bfree (?:admission|entry)\b")
COUNT = re.compile(r"\b(?:top|highest[- ]rated|best[- ]rated|top[- ]rated|most popular)\s+(two|three|four|five|\d)\b"
                   r"|\b(two|three|four|five|\d)\s+(?:of the )?(?:highest[- ]rated|best[- ]rated|top[- ]rated|most"
                   r" popular|best|top|highest)|\bwhich (two|three|four|five) are\b")
RESTAURANT_NOUNS = re.compile(r"\b(?:restaurant|branch|kitchen|eatery|hot pot|teahouse|tea house|canteen|bistro"
                              r"|diner|bbq|grill|noodles?|dumplings?|bar|cafe|house|store|shop|tavern|hall|pavilion"
                              r"|oyster|sushi|izakaya|parlour|stall|bites|table|bowl|yard)\b", re.I)
ONE = re.compile(r"\b(?:highest|best|top|most)\b[^.]{0,30}\b(?:rating|rated|reviews?|one|ones|spot|attraction)"
                 r"|\bhighly (?:rated|recommended)\b|\bone (?:iconic|representative|classic|top|of the best)\b"
                 r"|\binclude one\b")
PLURAL = re.compile(r"\b(?:attractions|spots|places|sites|ones|highlights|them)\b")
OF_TYPE = re.compile(r"\bof this (?:type|kind|category)\b|\bthem all\b|\ball of them\b|\bas many as\b")
VISIT = re.compile(r"\b(?:visit|include|see|explore|check|add|arrange|schedule|miss|go|experience)\w*")
