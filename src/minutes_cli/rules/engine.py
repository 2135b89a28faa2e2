"""Rules as data: load, validate and compile rule files; match them against a sentence.

A rule file is TOML with these tables (every one optional):

    [words]      NAME = ["word", "two words", ...]       -> the macro {NAME}: any of the words
    [verbs.besluta]  finite = [...] passive = [...] infinitive = [...]
                                                          -> {besluta} (all but the infinitive),
                                                             {besluta.inf}, {besluta.all}, {besluta.finite},
                                                             {besluta.passive}
    [patterns]   NAME = 'regular expression'              -> the macro {NAME}, may use other macros
    [[rule]]     id, finds, kind, pattern, weight, ...    -> one rule (see RULE_KEYS, docs/rules.md)
    kind_order = [...]                                    -> which kind a decision's words give first

What a rule finds is `decision` (a trigger in a sentence), `action` (a task in a sentence, the owner in
the group `owner`, the verb in `verb`) or `section` (a heading or label that governs the blocks under it).
When several rules of one kind match, one policy decides: the highest weight, then the earliest match,
then the longest. A match is dropped when one of the rule's vetoes holds (see features.py).
"""
from __future__ import annotations

import functools
import os
import re as _re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

import ahocorasick
import regex as re

from .. import _toml
from .. import lexicon as lx
from .. import pattern_cache
from ..alternation import trie
from ..clean import LOSABLE_LETTERS, losable
from . import anchors
from . import features as ft

FINDS = {
    "decision": ("decision", "approval", "rejection", "election", "assignment", "postponement"),
    "action": ("task",),
    "section": ("decision", "task", "quiet", "postponement", "reservation", "agenda"),
}
RULE_KEYS = {"id", "finds", "kind", "pattern", "kind_pattern", "weight", "vetoes", "owner", "requires", "stems",
             "ends_with", "label", "examples", "counter_examples", "note", "fuzzy"}
OWNER_POLICIES = ("none", "any", "participant", "person", "plausible", "name", "unlisted")
PACKAGE_FILES = ("words.toml", "sections.toml", "decisions.toml", "actions.toml")
RULES_FILE = "minutes-rules.toml"  # a user's rules beside the archive, found as minutes-aliases.toml is
_MACRO = re.compile(r"(?<!\\[pPN])\{([A-Za-zÅÄÖåäö_][\wåäöÅÄÖ]*)(?:\.(inf|all|finite|passive))?\}")
_MAX_DEPTH = 8


class RuleError(ValueError):
    """A rule file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True)
class Rule:
    id: str
    finds: str
    kind: str
    rx: "re.Pattern | _Lazy"
    kind_rx: "re.Pattern | _Lazy | None"
    weight: float
    vetoes: frozenset[str]
    owner: str
    requires: re.Pattern | None
    stems: "Stems | None"  # one of these words must stand in the text before the rule is tried
    label: bool
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    source: str
    bit: int = 0  # the rule's place in its RuleSet, as a bit of the mask of rules whose stems a text holds
    anchored: bool = False  # it can only match at the start of the text (anchors.anchored)
    ends: "re.Pattern | _Lazy | None" = None  # a backward search for what every match ends with (ends_with)
    needs: "Stems | None" = None  # words of which every match holds one (a word list outside any alternative)

    def matches(self, text: str):
        """The rule's matches in `text`, as its search would find them, trying only where a match can be:
        at the start of an anchored rule; up to the furthest end of its `ends_with` words."""
        end = len(text)
        if self.ends is not None:
            last = self.ends.search(text)
            if last is None:
                return ()
            end = _reach(text, last.end())
        if self.anchored:
            m = self.rx.match(text, 0, end)
            return (m,) if m is not None else ()
        return self.rx.finditer(text, 0, end, overlapped=self.finds == "action")


_NON_WORD = re.compile(r"\W")


def _reach(text: str, end: int) -> int:
    """How much of `text` a search must see for matches that end with a word boundary at or before `end`:
    up to the first character at or after `end` that is no word character, that one included. A match in
    the text cut there is a match in the whole text (its boundary sees the same neighbours) and none ends
    at the cut (a word boundary cannot follow that character at the end of the text)."""
    m = _NON_WORD.search(text, end)
    return m.end() if m else len(text)


@dataclass(frozen=True)
class Stems:
    """A rule's prefilter: words of which one must stand in the text, case-insensitively."""
    words: tuple[str, ...]  # case-folded
    rx: "_re.Pattern"  # the same as a pattern, for text whose letters were lost (U+FFFD stands for them)

    def search(self, text: str) -> bool:
        return self.rx.search(text) is not None


@dataclass(frozen=True)
class Hit:
    rule: Rule
    start: int
    end: int
    trigger: str
    owner: str | None = None
    verb: str | None = None

    @property
    def kind(self) -> str:
        return self.rule.kind


@dataclass
class _Macros:
    words: dict[str, str] = field(default_factory=dict)
    word_lists: dict[str, list[str]] = field(default_factory=dict)  # the words of `words`, as listed
    verbs: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    patterns: dict[str, str] = field(default_factory=dict)

    def expand(self, pattern: str, where: str, depth: int = 0) -> str:
        if depth > _MAX_DEPTH:
            raise RuleError(f"{where}: macros nest too deep (a macro that uses itself?)")
        return _MACRO.sub(lambda m: self._one(m.group(1), m.group(2), where, depth), pattern)

    def _one(self, name: str, form: str | None, where: str, depth: int) -> str:
        if name in self.verbs:
            return _alts(self.verb_forms(name, form))
        if form is None and name in self.words:
            return self.words[name]
        if form is None and name in self.patterns:
            return "(?:" + self.expand(_joined(self.patterns[name]), where, depth + 1) + ")"
        words = _lexicon_words(name) if form is None else None
        if words is not None:
            return _alts(words)  # a word list of the lexicon, shared with the other stages
        pattern = getattr(lx, name, None) if form is None and name.isupper() and name.endswith("_PATTERN") else None
        if isinstance(pattern, str):
            return "(?:" + pattern + ")"  # a pattern of the lexicon, shared with the other stages
        raise RuleError(f"{where}: unknown macro {{{name}{'.' + form if form else ''}}}")

    def verb_forms(self, name: str, form: str | None) -> list[str]:
        """The forms {name.form} stands for: all but the infinitive when no form is named."""
        v = self.verbs[name]
        return {"inf": v.get("infinitive", []), "finite": v.get("finite", []), "passive": v.get("passive", []),
                "all": sum(v.values(), [])}.get(form or "", v.get("finite", []) + v.get("passive", []))


def _lexicon_words(name: str) -> tuple[str, ...] | None:
    """The lexicon's word list NAME (upper case), or None."""
    words = getattr(lx, name, None) if name.isupper() else None
    return words if isinstance(words, tuple) and all(isinstance(w, str) for w in words) else None


def _joined(pattern) -> str:
    """A pattern written as a list of alternatives is one alternation."""
    return trie(pattern) if isinstance(pattern, list) else pattern


def _alts(words: Iterable[str]) -> str:
    """Words as one alternation, longest first; a space stands for any run of white space."""
    ws = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w))  # one order: one pattern
    return "(?:" + trie([re.escape(w).replace(r"\ ", r"\s+") for w in ws]) + ")" if ws else r"(?!x)x"


class RuleSet:
    """Compiled rules of every kind, in the order of their files."""

    def __init__(self, rules: list[Rule], kind_order: tuple[str, ...], confidence: dict[str, float] | None = None):
        rules = [replace(r, bit=1 << i) for i, r in enumerate(rules)]
        self.rules = rules
        self.kind_order = kind_order
        confidence = confidence or {}
        # what a section or layout gives with no trigger (sections.toml); what a feature adds (actions.toml)
        self.confidence = {k: v for k, v in confidence.items() if not k.startswith("adjust.")}
        self.adjust = {k[len("adjust."):]: v for k, v in confidence.items() if k.startswith("adjust.")}
        self._by = {f: [r for r in rules if r.finds == f] for f in FINDS}
        self._labels = [r for r in self._by["decision"] if r.label]
        self._unfiltered = _bits(rules, lambda r: r.stems is None)
        # a rule's `needs` words stand for its bit shifted past those of all rules; a rule with needs is
        # tried where the text holds its stems and one of its needs
        self._width, self._needing = len(rules), _bits(rules, lambda r: r.needs is not None)
        # the rules whose answer depends on the flags of a Features (what the detector knows of the block)
        self.flag_rules = _bits(rules, lambda r: bool(r.vetoes & ft.FLAG_VETOES))
        self._stems = _automaton(_stem_bits(rules, self._width))
        self._kinds = sorted((r for r in self._by["decision"] if r.kind != "decision"),
                             key=lambda r: kind_order.index(r.kind) if r.kind in kind_order else len(kind_order))
        # what the rules alone say of a text is the same wherever it stands (a sentence is asked for each
        # kind, a heading in every file): each asked once
        self._present = functools.lru_cache(maxsize=4096)(self._holds)
        self._candidates: dict[tuple[str, int], tuple[Rule, ...]] = {}
        self.decision = functools.lru_cache(maxsize=4096)(self.decision)  # type: ignore[method-assign]
        self.label = functools.lru_cache(maxsize=1024)(self.label)  # type: ignore[method-assign]
        self.kind_of = functools.lru_cache(maxsize=1024)(self.kind_of)  # type: ignore[method-assign]
        self.section = functools.lru_cache(maxsize=1024)(self.section)  # type: ignore[method-assign]

    # -------------------------------------------------------------- matching

    def _holds(self, text: str) -> int:
        """The mask of the rules whose stems `text` holds (and of those without stems), of those with needs
        only where it holds one of them too: one pass over the text case-folded, its white space as single
        spaces, finds the stems and needs of every rule (in each form lost letters, U+FFFD, leave of them).
        Where case-folding would change the text's length, or a dotless ı stands in it, each rule's are
        searched as patterns instead."""
        low = text.casefold()
        if len(low) != len(text) or "ı" in text:
            return sum(r.bit for r in self.rules if (r.stems is None or r.stems.search(text))
                       and (r.needs is None or r.needs.search(text)))
        mask = self._unfiltered
        if self._stems is not None:
            for _, bits in self._stems.iter(_WHITE.sub(" ", low)):
                mask |= bits
        needed = mask >> self._width
        return (mask ^ needed << self._width) & ~(self._needing & ~needed)

    def _tried(self, finds: str, text: str, only: int = -1) -> tuple[Rule, ...]:
        """The rules of one kind that `text` holds the stems of (of those of the mask `only`), in their order:
        the same few sets again and again, each made once."""
        key = (finds, self._present(text) & only)
        rules = self._candidates.get(key)
        if rules is None:
            if len(self._candidates) >= 4096:
                self._candidates.clear()
            rules = self._candidates[key] = tuple(r for r in self._by[finds] if key[1] & r.bit)
        return rules

    def _best(self, rules: Iterable[Rule], text: str, feats: ft.Features,
              owner_ok: Callable[[Rule, str, int], bool] | None = None) -> Hit | None:
        """The best hit of `rules` (the rules `_tried` gives) in `text`."""
        best: Hit | None = None
        for r in rules:
            if best is not None and r.weight < best.rule.weight:
                continue
            if r.requires is not None and not r.requires.search(text):
                continue
            if feats.sentence_vetoed(r.vetoes):
                continue
            for m in r.matches(text):
                if feats.match_vetoed(r.vetoes, m.start(), m.end()):
                    continue
                owner, verb = _group(m, "owner"), _group(m, "verb")
                if ft.verb_vetoed(r.vetoes, verb):
                    continue
                if owner_ok is not None and not owner_ok(r, owner or "", m.start("owner") if owner else m.start()):
                    continue
                hit = Hit(r, m.start(), m.end(), _group(m, "trigger") or m.group(0).strip(), owner, verb)
                if best is None or _better(hit, best):
                    best = hit
                break
        return best

    def decision(self, sentence: str) -> Hit | None:
        """The decision trigger of a sentence, or None."""
        return self._best(self._tried("decision", sentence), sentence, ft.Features(sentence))

    def label(self, text: str) -> Hit | None:
        """A label that opens a block (`Beslut:`, `Styrgruppen beslutar:`)."""
        for r in self._labels:
            m = r.rx.match(text)
            if m:
                return Hit(r, m.start(), m.end(), m.group(0).strip())
        return None

    def kind_of(self, text: str, default: str = "decision") -> str:
        """The kind of a decision from the words it uses (the verb of its att-clause), else `default`."""
        feats = ft.Features(text)
        for r in self._kinds:
            rx = r.kind_rx or r.rx
            for m in rx.finditer(text):
                if r.kind == "rejection" or not feats.negated_after(m.end()):
                    return r.kind
        return default

    def section(self, label: str) -> str | None:
        """What a heading or label says about the blocks under it, or None."""
        text = label.strip()
        hit = self._best(self._tried("section", text), text, ft.Features(text, rules=self))
        return hit.kind if hit else None

    def fires(self, rule: Rule, text: str, owner_ok: Callable[[Rule, str, int], bool]) -> bool:
        """Does this one rule find something in `text` (as a point of a list of tasks)? For its examples."""
        feats = ft.Features(text, rules=self, flags=frozenset({"task_list"}))
        tried = (rule,) if self._present(text) & rule.bit else ()
        return self._best(tried, text, feats, owner_ok if rule.finds == "action" else None) is not None

    def action(self, sentence: str, owner_ok: Callable[[Rule, str, int], bool],
               feats: ft.Features | None = None, only: int = -1) -> Hit | None:
        """The task in a sentence, with its owner as written, or None; by the rules of the mask `only` (a
        caller that asks one sentence with other flags asks the rules of `flag_rules` again, and keeps
        `first` of that and of what the others gave)."""
        feats = feats or ft.Features(sentence, rules=self)
        return self._best(self._tried("action", sentence, only), sentence, feats, owner_ok)

    @staticmethod
    def first(a: Hit | None, b: Hit | None) -> Hit | None:
        """Of the best hits of two sets of rules, the one `_best` gives for all their rules together: by
        the policy (`_better`), and on a tie the hit of the rule that comes first."""
        if a is None or b is None:
            return b if a is None else a
        if _better(a, b) or _better(b, a):
            return a if _better(a, b) else b
        return a if a.rule.bit < b.rule.bit else b


def _bits(rules: list[Rule], test: Callable[[Rule], bool]) -> int:
    """The mask of the rules that pass `test`."""
    return sum(r.bit for r in rules if test(r))


def _stem_bits(rules: list[Rule], width: int) -> dict[str, int]:
    """Each word of the rules' stems and needs, with the bits of the rules it lets through (those of a rule's
    needs shifted past the bits of all `width` rules)."""
    out: dict[str, int] = {}
    for r in rules:
        words = [(w, r.bit) for w in (r.stems.words if r.stems else ())]
        for w, bit in words + [(w, r.bit << width) for w in (r.needs.words if r.needs else ())]:
            for form in _lost_forms(w):
                out[form] = out.get(form, 0) | bit
    return out


def _lost_forms(word: str) -> list[str]:
    """The word, and the word with U+FFFD for any of its letters that an encoding may lose (as the stems'
    patterns, `losable`, find it in text whose letters were lost)."""
    forms = [word]
    for i, c in enumerate(word):
        if c in LOSABLE_LETTERS:
            forms += [f[:i] + "\ufffd" + f[i + 1:] for f in forms]
    return forms


def _automaton(stems: dict[str, int]) -> "ahocorasick.Automaton | None":
    """The stems of all rules, each with the bits of its rules, found in one pass over a text whatever their
    number (Aho-Corasick), not one search per stem."""
    if not stems:
        return None
    automaton = ahocorasick.Automaton()
    for word, bits in stems.items():
        automaton.add_word(word, bits)
    automaton.make_automaton()
    return automaton


def _group(m, name: str) -> str | None:
    try:
        g = m.group(name)
    except IndexError:
        return None
    return g.strip() if g else None


def _better(a: Hit, b: Hit) -> bool:
    """The one policy for overlapping matches: higher weight, then earlier, then longer."""
    return (a.rule.weight, -a.start, a.end - a.start) > (b.rule.weight, -b.start, b.end - b.start)


# ------------------------------------------------------------------ loading


def _read(path: str, text: str | None = None, package: str | None = None) -> dict:
    """The rule file parsed; the `package` file named (rules/NAME) as parsed ahead when it is unchanged."""
    try:
        if text is None:
            with open(path, "rb") as fh:
                data = fh.read()
            ahead = pattern_cache.parsed_toml(package, data) if package else None
            return ahead if ahead is not None else _toml.loads(data.decode())  # (what _toml.load does)
        return _toml.loads(text)
    except OSError as e:
        raise RuleError(f"{path}: cannot read the rules file ({e.strerror or e}); check the path") from None
    except _toml.TOMLDecodeError as e:
        raise RuleError(f"{path}: not valid TOML ({e}); fix the file") from None


def _collect(path: str, data: dict, macros: _Macros, raw: list[tuple[str, dict]], kind_order: list[str],
             confidence: dict[str, float]) -> None:
    unknown = set(data) - {"words", "verbs", "patterns", "rule", "kind_order", "confidence", "adjust"}
    if unknown:
        raise RuleError(f"{path}: unknown table {sorted(unknown)[0]!r}; expected words, verbs, patterns, rule")
    for name, words in data.get("words", {}).items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise RuleError(f"{path}: words.{name} must be a list of strings")
        macros.words[name] = _alts(words)
        macros.word_lists[name] = words
    for name, forms in data.get("verbs", {}).items():
        bad = set(forms) - {"finite", "passive", "infinitive"}
        if bad:
            raise RuleError(f"{path}: verbs.{name}: unknown form {sorted(bad)[0]!r}; use finite, passive, infinitive")
        macros.verbs[name] = {k: list(v) for k, v in forms.items()}
    macros.patterns.update(data.get("patterns", {}))
    kind_order.extend(k for k in data.get("kind_order", []) if k not in kind_order)
    for name, value in data.get("confidence", {}).items():
        if not isinstance(value, (int, float)) or not 0 < value <= 1:
            raise RuleError(f"{path}: confidence.{name} must be a number in (0, 1]")
        confidence[name] = float(value)
    for name, value in data.get("adjust", {}).items():
        if not isinstance(value, (int, float)) or not -0.5 <= value <= 0.5:
            raise RuleError(f"{path}: adjust.{name} must be a number from -0.5 to 0.5")
        confidence["adjust." + name] = float(value)
    raw.extend((path, r) for r in data.get("rule", []))


def _compile(path: str, spec: dict, macros: _Macros, lazy: bool = False) -> Rule:
    rid = spec.get("id")
    where = f"{path}: rule {rid!r}" if rid else f"{path}: a rule without an id"
    if not rid:
        raise RuleError(f"{where}: give it an id")
    bad = set(spec) - RULE_KEYS
    if bad:
        raise RuleError(f"{where}: unknown key {sorted(bad)[0]!r}")
    finds = spec.get("finds")
    if finds not in FINDS:
        raise RuleError(f"{where}: finds must be one of {', '.join(FINDS)}")
    kind = spec.get("kind", FINDS[finds][0])
    if kind not in FINDS[finds]:
        raise RuleError(f"{where}: kind {kind!r} is not one of {', '.join(FINDS[finds])}")
    vetoes = frozenset(spec.get("vetoes", ()))
    if vetoes - ft.VETOES:
        raise RuleError(f"{where}: unknown veto {sorted(vetoes - ft.VETOES)[0]!r}; known: {', '.join(sorted(ft.VETOES))}")
    owner = spec.get("owner", "none")
    if owner not in OWNER_POLICIES:
        raise RuleError(f"{where}: owner must be one of {', '.join(OWNER_POLICIES)}")
    if not spec.get("examples"):
        raise RuleError(f"{where}: a rule needs examples (and counter_examples) that show what it finds")
    weight = spec.get("weight", 0.8)
    if not isinstance(weight, (int, float)) or not 0 < weight <= 1:
        raise RuleError(f"{where}: weight must be a number in (0, 1]")
    flags = re.I | (re.BESTMATCH if spec.get("fuzzy") else 0)
    rx = _rx(spec.get("pattern"), where, macros, flags, lazy)
    return Rule(rid, finds, kind, rx,
                _rx(spec["kind_pattern"], where, macros, flags, lazy) if "kind_pattern" in spec else None,
                float(weight), vetoes, owner,
                _rx(spec["requires"], where, macros, re.I) if "requires" in spec else None,
                _stems(spec.get("stems"), where, macros),
                bool(spec.get("label")), tuple(spec.get("examples", ())), tuple(spec.get("counter_examples", ())),
                path,
                anchored=not spec.get("fuzzy") and anchors.anchored(rx.pattern),
                ends=_ends(spec.get("ends_with"), rx.pattern, where, macros, lazy) if not spec.get("fuzzy") else None,
                needs=None if spec.get("fuzzy") else _needs(spec.get("pattern"), where, macros))


def _ends(tail, pattern: str, where: str, macros: _Macros, lazy: bool):
    """The backward search for a rule's `ends_with`, once the pattern is shown to end with it."""
    if tail is None:
        return None
    if not isinstance(tail, str) or not tail:
        raise RuleError(f"{where}: ends_with must be a pattern (usually a word list, `{{ACTION_VERB}}`)")
    expanded = losable(macros.expand(tail, where))
    if not anchors.ends_with(pattern, expanded):
        raise RuleError(f"{where}: the pattern does not end with its ends_with followed by \\b, outside any "
                        "alternative; drop ends_with or end the pattern so")
    return _rx("(?r)(?:" + tail + r")\b", where, macros, re.I, lazy)


def _stems(stems, where: str, macros: _Macros) -> Stems | None:
    """The prefilter of a rule: any of its words, as a plain substring, so that the rule's own pattern only
    sees sentences that can match. `{NAME}` names a pattern written as a list: the words each of its
    alternatives opens with."""
    if stems is None:
        return None
    if not isinstance(stems, list) or not stems or not all(isinstance(s, str) and s for s in stems):
        raise RuleError(f"{where}: stems must be a list of words")
    return _stem_set([w for s in stems for w in (_heads(s[1:-1], where, macros) if _STEM_MACRO.fullmatch(s) else [s])])


def _needs(pattern, where: str, macros: _Macros) -> Stems | None:
    """Words of which one stands in every text the rule's pattern can match: the words (or the heads of a
    list pattern's alternatives) of the first macro that every match holds (anchors.holds), if any."""
    if isinstance(pattern, list) and len(pattern) == 1:
        pattern = pattern[0]
    if not isinstance(pattern, str):
        return None
    for m in _MACRO.finditer(pattern):
        words = _words_of(m.group(1), m.group(2), where, macros)
        if words and anchors.holds(pattern, m.start(), m.end()):
            return _stem_set([" ".join(w.split()) for w in words])
    return None


def _words_of(name: str, form: str | None, where: str, macros: _Macros) -> list[str] | None:
    """The words one of which opens every match of the macro {name} or {name.form} (as _Macros._one
    expands it), or None when it is no list of words."""
    if name in macros.verbs:
        return macros.verb_forms(name, form)
    if form is not None:
        return None
    if name in macros.words:
        return [w.strip() for w in macros.word_lists.get(name, ()) if w.strip()] or None
    alternatives = macros.patterns.get(name)
    if alternatives is not None:
        if not isinstance(alternatives, list) or not all(anchors.plain(a) for a in alternatives):
            return None  # (a string, or an alternative with an alternative of its own at its top level)
        try:
            return _heads(name, where, macros)
        except RuleError:
            return None
    words = _lexicon_words(name)
    return list(words) if words is not None else None


def _stem_set(stems: list[str]) -> Stems:
    """Words as a prefilter: case-folded for the one pass over all stems, and as a pattern (trie-wise: a
    search tries each place once, not once per word) for text whose letters were lost."""
    rx = _re.compile(losable(trie([_re.escape(s).replace(r"\ ", r"\s+") for s in stems])), _re.I)
    return Stems(tuple(s.casefold() for s in stems), rx)


_WHITE = _re.compile(r"\s+")
_STEM_MACRO = _re.compile(r"\{[A-Z_]+\}")
_HEAD = _re.compile(r"(?:[^\\()\[\]{}.*+?|^$]|\\s\+)+")


def _heads(name: str, where: str, macros: _Macros) -> list[str]:
    r"""The literal words the alternatives of the list pattern `name` open with (`tar\s+fram` -> `tar fram`,
    `lovade?` -> `lovad`)."""
    alternatives = macros.patterns.get(name)
    if not isinstance(alternatives, list):
        raise RuleError(f"{where}: stems {{{name}}} must name a pattern written as a list of alternatives")
    heads = [_HEAD.match(a) for a in alternatives]
    if not all(heads):
        raise RuleError(f"{where}: stems {{{name}}}: an alternative does not open with a word")
    return [_head(a, h.end()) for a, h in zip(alternatives, heads)]


def _head(alternative: str, end: int) -> str:
    r"""The literal opening of an alternative, up to `end`, without a last letter that a quantifier makes
    optional, white space (`\s+`) as one space."""
    if alternative[end:end + 1] in ("?", "*", "{") and not alternative[:end].endswith("\\s+"):
        end -= 1
    return alternative[:end].replace("\\s+", " ")


def _rx(pattern, where: str, macros: _Macros, flags: int, lazy: bool = False):
    """The compiled pattern; with `lazy` (the package's own rules, which tests/test_rules.py compiles
    and proves on their examples) compiled when first used, so that a run compiles only the rules whose
    stems its text holds, and a small file starts fast."""
    if isinstance(pattern, list) and pattern and all(isinstance(p, str) for p in pattern):
        pattern = _joined(pattern)
    if not isinstance(pattern, str) or not pattern:
        raise RuleError(f"{where}: give it a pattern (a string, or a list of alternatives)")
    expanded = losable(macros.expand(pattern, where))
    if lazy:
        return _Lazy(expanded, flags)
    try:
        return re.compile(expanded, flags)
    except re.error as e:
        raise RuleError(f"{where}: the pattern does not compile ({e})") from None


class _Lazy:
    """A pattern compiled on its first use; from then on its `match`, `search` and `finditer` are the
    compiled pattern's own methods (no call through this object)."""

    __slots__ = ("pattern", "flags", "match", "search", "finditer")
    _METHODS = ("match", "search", "finditer")

    def __init__(self, pattern: str, flags: int):
        self.pattern, self.flags = pattern, flags

    def compiled(self) -> re.Pattern:
        rx = re.compile(self.pattern, self.flags)
        for name in self._METHODS:
            setattr(self, name, getattr(rx, name))
        return rx

    def __getattr__(self, name: str):  # only asked while a method's slot is empty: before the first use
        if name not in self._METHODS:
            raise AttributeError(name)
        return getattr(self.compiled(), name)


def load(paths: Iterable[str | os.PathLike] = (), *, package: bool = True) -> RuleSet:
    """The package's rules, then the rules of `paths` (a user's rule with a package rule's id replaces it)."""
    macros = _Macros()
    raw: list[tuple[str, dict]] = []
    kind_order: list[str] = []
    confidence: dict[str, float] = {}
    if package:
        for name in PACKAGE_FILES:
            _collect(f"minutes_cli/rules/{name}", _read(str(Path(__file__).with_name(name)), package=name), macros, raw,
                     kind_order, confidence)
    for p in paths:
        _collect(os.fspath(p), _read(os.fspath(p)), macros, raw, kind_order, confidence)
    seen: dict[str, int] = {}
    compiled: list[Rule] = []
    for path, spec in raw:
        rule = _compile(path, spec, macros, lazy=path.startswith("minutes_cli/rules/"))
        if rule.id in seen:
            compiled[seen[rule.id]] = rule
        else:
            seen[rule.id] = len(compiled)
            compiled.append(rule)
    return RuleSet(compiled, tuple(kind_order), confidence)


def cached(paths: tuple[str, ...] = ()) -> RuleSet:
    """Rules loaded once per process for the same files, as long as they are unchanged."""
    return _cached(tuple((p, *_stamp(p)) for p in paths))


def _stamp(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (0, 0)  # load() says what is wrong with it
    return (st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=8)
def _cached(files: tuple[tuple[str, int, int], ...]) -> RuleSet:
    return load([f[0] for f in files])
