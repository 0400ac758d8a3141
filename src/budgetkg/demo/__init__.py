"""The demo: a fictional district written out as disclosures, and the whole pipeline run on it."""
