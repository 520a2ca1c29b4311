"""The derived fields that enrich adds (article type, issuer, mentions, quotes, rhetoric, language,
near-duplicates), each from a versioned rule file in rules/."""
