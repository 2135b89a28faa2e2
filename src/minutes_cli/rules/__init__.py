"""Rules as data: the decision triggers, action forms and section labels of Swedish minutes.

The rules live in the TOML files beside this module (`words.toml`, `sections.toml`, `decisions.toml`,
`actions.toml`), each with its examples and counter-examples; `engine.py` loads, validates and compiles
them once; `features.py` computes the vetoes a rule may ask for. A user's rule file (`--rules FILE`, or
`minutes-rules.toml` beside the archive) adds rules or replaces a rule of the same id.
"""
from .engine import Hit, Rule, RuleError, RuleSet, cached, load

__all__ = ["Hit", "Rule", "RuleError", "RuleSet", "cached", "load"]
