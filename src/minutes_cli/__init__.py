"""minutes: decisions, action items and attendance from Swedish meeting minutes."""
from .errors import InputError, MinutesError
from .model import SCHEMA_VERSION, Action, Decision, Item, Meeting, Minutes, Participant
from .pipeline import parse_bytes, parse_path, parse_text

__all__ = [
    "SCHEMA_VERSION", "Action", "Decision", "InputError", "Item", "Meeting", "Minutes", "MinutesError",
    "Participant", "parse_bytes", "parse_path", "parse_text",
]
__version__ = "0.1.0"
