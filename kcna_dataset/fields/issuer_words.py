"""Words of issuers' names that both issuer.py (who speaks) and issuer_country.py (its country) read, in a module of
their own so that the country module does not import issuer.py."""

from __future__ import annotations

import re

TRAILING_PLACE = re.compile(r"\s+(?:in|of)\s+(?:south Korea|S\. Korea|Japan|the DPRK|DPRK|"
                            r"the Democratic People's Republic of Korea)$", re.I)
"""A place that ends a speaker's name: issuer.clean drops it from the name, issuer_country._place_after reads its
country."""
PERSON = re.compile(r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){1,3}")
"""A person's name: two to four capitalised words."""
LEADING_ONLY = ("Kim Jong Un", "Kim Jong Il", "Kim Il Sung", "Kim Yong Nam")
"""Leaders are the speaker only when the speaker's words start with them, not when a body is named after them."""
BODY_WORDS = {"association", "federation", "confederation", "union", "council", "committee", "department", "bureau",
              "headquarters", "assembly", "command", "staff", "office", "secretariat", "league", "front", "alliance"}
BODY_NOUNS = BODY_WORDS | {"army", "forces", "party", "ministry", "commission", "society", "agency", "organization",
                           "mission"}
"""Nouns of a body: a name holding one is a body's, not a person's; what issuer.clean keeps before one is at its
ARTICLES_AND_DPRK."""
