"""budgetkg: a knowledge graph and rule checker for Chinese government budget and
final-accounts disclosures."""

__version__ = "0.1.0"
