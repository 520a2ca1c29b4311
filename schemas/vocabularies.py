"""Closed vocabularies that the table checks enforce (kept apart so rules and schemas share them)."""

DATE_SOURCES = ["date_line", "headline_juche_date", "source_metadata", "none"]
"""Where a published date came from, most trusted first."""

AGENCIES = ["KCNA", "KNS-KCNA", "KNS", "ATCC", "ACNC"]
"""Canonical dateline agency tags: KCNA; Korea News Service (Tokyo) relaying KCNA, or alone;
the Spanish service's ATCC (Agencia Telegráfica Central de Corea) and ACNC."""

LANGUAGES = ["en", "es", "ko", "fr", "ru", "zh", "ja", "de", "ar"]
"""Languages the identifier may answer: those KCNA and DPRK media publish in."""

SOURCE_KINDS = ["text_file", "kcna_co_jp_day", "kcna_kp_records", "kcna_kp_feed", "kcna_kp_html"]
"""Raw forms the extractor recognises by content."""

STAGES = ["extract", "parse", "validate"]
"""Stages that can reject a record."""

ARTICLE_TYPES = [
    "press_statement", "statement", "answer", "commentary", "editorial", "message",
    "speech", "interview", "memorandum", "indictment", "report", "other",
]
"""KCNA genres of kcna_dataset/fields/rules/genre_taxonomy_v1.csv (its rows say how each is recognised)."""

ENTITY_TYPES = ["country", "person", "organization"]
"""Kinds of entity in kcna_dataset/fields/rules/gazetteer_v1.csv."""

COLLECT_OUTCOMES = ["stored", "not_modified", "unchanged", "missing", "rejected", "failed", "disallowed", "read"]
"""What a fetch of `kcna collect` came to (kcna_dataset.sources.report says when each applies)."""

STORY_STATUSES = ["live", "edited", "removed", "unstable"]
"""What became of a story across fetches (docs/stories.md)."""

CHANGE_KINDS = ["first", "text_edit", "title_edit"]
"""How a revision differs from the one before."""
