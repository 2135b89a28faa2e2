"""The people register: one person, one name across the records read together (docs/people.md).

`names` (how names are written and when two are one person's), `organisations`,
`aliases` (the aliases file), `build` (building the register), `register` (the
register's look-ups and applying it to a record) and `report` (the people
table, the attendance matrix, the explanations).
"""
from .aliases import ALIASES_FILE, Aliases, find_aliases, load_aliases
from .build import build_register, read_texts
from .organisations import place_organisation
from .register import MeetingInfo, Person, Register, apply_register
from .report import flatten

__all__ = ["ALIASES_FILE", "Aliases", "MeetingInfo", "Person", "Register", "apply_register", "build_register",
           "find_aliases", "flatten", "load_aliases", "place_organisation", "read_texts"]
