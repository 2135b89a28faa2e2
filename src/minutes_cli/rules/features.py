"""Features of a sentence, computed once and asked by every rule: the vetoes.

Sentence vetoes hold for the whole sentence; match vetoes look at the words around one match.

| veto | holds when | example |
|---|---|---|
| conditional | the sentence opens with a condition | `Om styrelsen godkänner budgeten …` |
| question | the sentence ends with `?` | `Ska vi boka lokalen?` |
| deferred_sentence | a modal puts the decision later | `Beslut ska fattas i juni.` |
| negated | a negation follows the match, or stands right before it | `beslut fattas därför inte`, `inget beslut togs` |
| deferred | a modal stands before the match in its clause | `Planen ska sedan beslutas` |
| adjectival | the match is a participle used as an adjective (a passive never is) | `utifrån beslutade indikatorer` |
| proposal | proposal words stand before the match | `Förslaget innebär att Anna skickar …` |
| proposed | a verb of proposing stands before the match: a motion, not the outcome | `Eva föreslår att Per väljs` |
| subordinate | the match is the verb of an if- or whether-clause | `besked om den beviljas i april` |
| procedure | the chair's steps in putting the question stand before the match | `… finner att nämnden beslutar enligt förslaget` |
| scheduled | a present passive is followed by a time to come | `Investeringsplanen (beslutas i januari)` |
| generic_subject | the subject is anyone at all | `vilken lösning man väljer` |
| state_verb | the verb after a modal is one of state or passive | `Anna ska vara med`, `Det ska skickas` |
| report_verb | the verb reports what was said at the meeting | `Anna informerar om läget` |
| decision_trigger | the text holds a decision trigger | `Åtgärder beslutades:` as a task heading |
| outside_task_list | the block is not a point of a list of tasks (most of its points open with a verb, or it names an owner) | `- Skapa samverkan` among noun phrases |
"""
from __future__ import annotations

import regex as re

from .. import lexicon as lx
from ..clean import alternation as _alts

SENTENCE_VETOES = frozenset({"conditional", "question", "deferred_sentence", "decision_trigger", "outside_task_list"})
VERB_VETOES = frozenset({"state_verb", "report_verb"})
FLAG_VETOES = frozenset({"outside_task_list"})  # the vetoes that read what the detector knows of the block


_NEGATED = re.compile(r"\s*(?:(?:" + _alts(lx.NEGATION_FILLERS) + r")\s+)*(?:" + _alts(lx.NEGATIONS) + r")\b", re.I)
_NEGATED_BEFORE = re.compile(r"(?<!\beller\s)\b(?:" + _alts(lx.NEGATIONS_BEFORE) + r")\s+$", re.I)  # not "… eller inte"
_DEFERRED = re.compile(r"\b(?:" + _alts(lx.DEFERRALS) + r")\s+(?:\S+\s+){0,3}$", re.I)
_DEFERRED_SENTENCE = re.compile(lx.DEFERRED_DECISION, re.I)
_CONDITIONAL = re.compile(r"^(?:" + _alts(lx.CONDITIONALS) + r")\b", re.I)
_ADJECTIVAL = re.compile(r"\b(?:" + _alts(lx.ADJECTIVAL_BEFORE) + r")\s+$", re.I)
_PROPOSAL = re.compile("|".join(lx.PROPOSAL_WORDS), re.I)
_PROPOSED = re.compile(r"\b(?:" + _alts(lx.PROPOSING_VERBS) + r")\b(?!\s+och\b)", re.I)  # not "föreslås och väljs"
_GENERIC = re.compile(r"\b(?:" + _alts(lx.GENERIC_SUBJECTS) + r")\s+$", re.I)
_SUBORDINATE = re.compile(r"\b(?:" + _alts(lx.CONDITIONALS) + r")\s+(?:" + _alts(lx.CLAUSE_SUBJECTS)
                          + r"|(?-i:\p{Lu})\w+)\s+(?:\S+\s+)?$", re.I)
_PROCEDURE = re.compile(r"\b(?:" + _alts(lx.PROCEDURE_LEADS) + r")\b", re.I)
_PRESENT_PASSIVE = re.compile(r"(?<!ade|de|te|og|öt|öll|åg)s$", re.I)
_LATER = re.compile(r"\s*\(?\s*(?:senare|längre\s+fram|(?:i|på|under|vid|till|efter)\s+(?:\S+\s+){0,2}?(?:"
                    + _alts(lx.MONTHS) + r"|nästa|kommande|hösten|våren|\d{4})\b)", re.I)
_STATE = frozenset(w.casefold() for w in lx.STATE_VERBS)
_REPORT = frozenset(w.casefold() for w in lx.REPORT_VERBS)


class Features:
    """The vetoes of one sentence, each computed at most once."""

    __slots__ = ("text", "rules", "flags", "_cache")

    def __init__(self, text: str, rules=None, flags: frozenset[str] = frozenset()):
        self.text = text
        self.rules = rules
        self.flags = flags  # what the detector knows of the block: "task_list"
        self._cache: dict[str, bool] = {}

    def sentence_vetoed(self, vetoes: frozenset[str]) -> bool:
        cache = self._cache
        names = _OF_SENTENCE.get(vetoes)
        for v in _sentence_vetoes(vetoes) if names is None else names:
            held = cache.get(v)
            if held is None:
                held = cache[v] = _SENTENCE[v](self)
            if held:
                return True
        return False

    def negated_after(self, end: int) -> bool:
        return _NEGATED.match(self.text, end) is not None

    def match_vetoed(self, vetoes: frozenset[str], start: int, end: int) -> bool:
        """Does one of the rule's vetoes hold for the match at text[start:end]?"""
        return any(_MATCH_VETOES[v](self.text, start, end) for v in vetoes if v in _MATCH_VETOES)


_SENTENCE = {
    "conditional": lambda f: _CONDITIONAL.match(f.text) is not None,
    "question": lambda f: f.text.rstrip().endswith("?"),
    "deferred_sentence": lambda f: _DEFERRED_SENTENCE.search(f.text) is not None,
    "decision_trigger": lambda f: f.rules is not None and f.rules.decision(f.text) is not None,
    "outside_task_list": lambda f: "task_list" not in f.flags,
}
_OF_SENTENCE: dict[frozenset[str], tuple[str, ...]] = {}


def _sentence_vetoes(vetoes: frozenset[str]) -> tuple[str, ...]:
    """The sentence vetoes among a rule's vetoes (a rule's set is asked for each sentence: kept)."""
    if vetoes not in _OF_SENTENCE:
        _OF_SENTENCE[vetoes] = tuple(sorted(vetoes & SENTENCE_VETOES))
    return _OF_SENTENCE[vetoes]


def flags_veto(flags: frozenset[str]) -> bool:
    """Does each of FLAG_VETOES hold for a block with these flags (whatever its text: they read only the
    flags)? Then no rule that has one finds anything in it."""
    feats = Features("", flags=flags)
    return all(_SENTENCE[v](feats) for v in FLAG_VETOES)


def _before(rx: re.Pattern):
    """A veto that holds when `rx` occurs before the match."""
    return lambda t, start, end: rx.search(t, 0, start) is not None


_MATCH_VETOES = {
    "negated": lambda t, start, end: bool(_NEGATED.match(t, end) or _NEGATED_BEFORE.search(t, 0, start)),
    "deferred": lambda t, start, end: start > 0 and _DEFERRED.search(t, 0, start) is not None,
    "adjectival": lambda t, start, end: not t[start:end].endswith("s") and _ADJECTIVAL.search(t, 0, start) is not None,
    "procedure": _before(_PROCEDURE),
    "scheduled": lambda t, start, end: _scheduled(t, start, end),  # defined below
    "subordinate": _before(_SUBORDINATE),
    "generic_subject": _before(_GENERIC),
    "proposed": _before(_PROPOSED),
    "proposal": _before(_PROPOSAL),
}


VETOES = SENTENCE_VETOES | VERB_VETOES | frozenset(_MATCH_VETOES)


def _scheduled(t: str, start: int, end: int) -> bool:
    """A present passive followed by a time to come: `Planen fastställs i juni` is not decided yet."""
    return _PRESENT_PASSIVE.search(t, start, end) is not None and _LATER.match(t, end) is not None


def verb_vetoed(vetoes: frozenset[str], verb: str | None) -> bool:
    """A verb of state or a passive after a modal; a verb that reports what was said."""
    if not verb:
        return False
    v = verb.casefold()
    if "state_verb" in vetoes and (v in _STATE or v.endswith("s")):
        return True
    return "report_verb" in vetoes and v in _REPORT
