"""Entity mentions: every gazetteer alias in one pass over an article, resolved in context.

Context decides what a surface form names: a role title by the article's date (``Presiden AS``), a
short form by an earlier full mention (``Kim`` after ``Kim Jong-un``), a plural reference by the
entities the text has paired so far (``kedua negara``), an allies phrase (``sekutu-sekutunya``) by the state before it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import combinations

from .gazetteer import AliasEntry, Gazetteer, normalise_tokens
from .resources import language_forms, read_language_table
from .tokens import Tokens

__all__ = ["Mention", "find_mentions"]

# How many sentences back a plural reference ("kedua negara") looks for the entities it names.
_REFERENCE_WINDOW = 5
# What joins the items of a list of entities: "AS, Jepang, dan Korea Selatan".
_LIST_JOIN = re.compile(r"\s*\)?\s*(?:,\s*(?:dan|serta)?|dan|serta)\s*")  # "Amerika Serikat (AS), Jepang, dan …"
# The most recent distinct candidates considered when pairing them.
_REFERENCE_CANDIDATES = 8


@dataclass(slots=True)
class Mention:
    """One resolved mention. `kind`: name, short, role, group, demonym, attribute (``media AS``: named,
    but holds no stance), reference or speaker."""

    entity: str
    surface: str
    start: int
    end: int
    kind: str
    sentence_idx: int


@dataclass(frozen=True)
class _Phrases:
    groups: dict[tuple[str, ...], tuple[int, str]]
    allies: frozenset[tuple[str, ...]]
    prefixes: frozenset[tuple[str, ...]]
    non_state: frozenset[tuple[str, ...]]
    blocked: frozenset[tuple[str, ...]]
    role_voiding: frozenset[str]
    first_tokens: dict[str, int]
    keys: frozenset[tuple[str, ...]]  # groups, allies and blocked phrases together


@cache
def _phrases(lang: str = "id") -> _Phrases:
    table = read_language_table("group_references", lang, ("form", "size", "type"))
    groups = {normalise_tokens(r.form, lower=True): (int(r.size), r.type) for r in table.itertuples()}
    allies = frozenset(normalise_tokens(f, lower=True) for f in language_forms("ally_references", lang))
    prefixes = frozenset(normalise_tokens(f, lower=True) for f in language_forms("mention_prefixes", lang))
    non_state = frozenset(normalise_tokens(f, lower=True) for f in language_forms("non_state_prefixes", lang))
    blocked = frozenset(normalise_tokens(f, lower=True) for f in language_forms("blocked_phrases", lang))
    voiding = frozenset(language_forms("role_voiding_words", lang))
    first: dict[str, int] = {}
    for tokens in [*groups, *allies, *blocked]:
        first[tokens[0]] = max(first.get(tokens[0], 0), len(tokens))
    return _Phrases(groups, allies, prefixes, non_state, blocked, voiding, first, frozenset(groups) | allies | blocked)


@dataclass(slots=True)
class _Group:
    """Entities named as one list ("AS, Jepang, dan Korea Selatan"), or the group a plural reference named."""

    k: int  # the sentence
    pos: int  # where the list ends (or the reference stands)
    states: list[str]
    persons: list[str]
    referred: bool = False  # named by a plural reference ("ketiga negara"), not listed in the text


class _Context:
    """What the article has said so far, for resolving the next mention."""

    def __init__(self, gazetteer: Gazetteer, day: date | None) -> None:
        self.gaz = gazetteer
        self.day = day
        self.full_seen: dict[str, int] = {}  # entity -> position of its last full (name/role) mention
        self.sent_states: dict[int, set[str]] = defaultdict(set)
        self.sent_persons: dict[int, set[str]] = defaultdict(set)
        self.last_pos: dict[str, int] = {}
        self.lists: list[_Group] = []  # lists and referred groups, in the text's order
        self._open: _Group | None = None

    def note_list(self, entity: str, k: int, pos: int, joined: bool) -> None:
        """Grow the list this mention continues ("…, dan X"), or start a new one."""
        state = self._as_state(entity)
        person = entity if self.gaz.is_person(entity) else None
        if joined and self._open is not None and self._open.k == k:
            opened = self._open
            self._open = _Group(
                k, pos, opened.states + ([state] if state else []), opened.persons + ([person] if person else [])
            )
            self.lists[-1] = self._open
        else:
            self._open = _Group(k, pos, [state] if state else [], [person] if person else [])
            self.lists.append(self._open)

    def _as_state(self, entity: str) -> str | None:
        if entity not in self.gaz:
            return None
        etype = self.gaz.entity_type(entity)
        if etype == "state":
            return entity
        rep = self.gaz.represents(entity) if etype == "person" else None
        return rep if rep and self.gaz.entity_type(rep) == "state" else None

    def listed(self, size: int, kind: str, k: int, *, referred: bool = False, window: bool = True) -> list[str]:
        """The most recent list of exactly `size` distinct states (or persons) in earlier sentences of the
        window (or, without `window`, however far back); with `referred`, only groups plural references named."""
        for group in reversed(self.lists):
            if referred and not group.referred:
                continue
            if group.k >= k:
                continue  # a list in the same sentence is that sentence's own subject, not the antecedent
            if window and group.k < k - _REFERENCE_WINDOW:
                break
            members = list(dict.fromkeys(group.persons if kind == "person" else group.states))
            if len(members) == size:
                return members
        return []

    def note(self, entity: str, kind: str, pos: int, k: int) -> None:
        if kind in ("name", "role"):
            self.full_seen[entity] = pos
        etype = self.gaz.entity_type(entity) if entity in self.gaz else "person"
        self.last_pos[entity] = pos
        if etype == "person":
            self.sent_persons[k].add(entity)
            rep = self.gaz.represents(entity)
            if rep and self.gaz.entity_type(rep) == "state":
                self.sent_states[k].add(rep)
                self.last_pos[rep] = max(self.last_pos.get(rep, -1), pos)
        elif etype == "state":
            self.sent_states[k].add(entity)

    def resolve(self, entries: list[AliasEntry]) -> tuple[str, str] | None:
        if len(entries) == 1 and entries[0].kind in ("name", "group"):
            return entries[0].entity, entries[0].kind  # one name (most lookups): nothing to choose from
        names = [e for e in entries if e.kind in ("name", "group")]
        if names:
            ids = list(dict.fromkeys(e.entity for e in names))
            seen = [i for i in ids if i in self.full_seen]
            pick = max(seen, key=self.full_seen.__getitem__) if seen else ids[0]
            return pick, next(e.kind for e in names if e.entity == pick)
        roles = [e for e in entries if e.kind == "role"]
        if roles:
            valid = [e for e in roles if e.valid_on(self.day)]
            if valid:
                return valid[0].entity, "role"
            reps = {self.gaz.represents(e.entity) for e in roles}
            if len(reps) == 1 and (rep := next(iter(reps))) is not None:
                return rep, "role"
        shorts = [e for e in entries if e.kind == "short" and e.entity in self.full_seen]
        if shorts:
            return max((e.entity for e in shorts), key=self.full_seen.__getitem__), "short"
        return None

    def resolve_reference(self, size: int, kind: str, k: int, pos: int) -> list[str]:
        """Entities a plural reference names: a list of exactly that many named together before
        ("AS, Jepang, dan Korea Selatan … ketiga negara"), else those most often paired so far."""
        if kind == "any":
            recent_people = set().union(*(self.sent_persons.get(j, set()) for j in (k - 1, k)))
            kind = "person" if len(recent_people) >= size else "state"
        if kind == "person":
            people = set().union(*(self.sent_persons.get(j, set()) for j in range(max(0, k - _REFERENCE_WINDOW), k)))
            if len(people) < size and not self.listed(size, kind, k, referred=True, window=False):
                kind = "state"  # "ketiga menteri luar negeri" of states whose ministers are not named
        if listed := self.listed(size, kind, k):
            return self._remember(listed, kind, k, pos)
        table = self.sent_persons if kind == "person" else self.sent_states
        window = set().union(*(table.get(j, set()) for j in range(max(0, k - _REFERENCE_WINDOW), k + 1)))
        candidates = sorted(
            (e for e in window if self.last_pos.get(e, -1) < pos),
            key=lambda e: -self.last_pos[e],
        )[:_REFERENCE_CANDIDATES]
        if len(candidates) < size:
            # nothing to pair nearby: the group an earlier reference named, however far back
            return self._remember(self.listed(size, kind, k, referred=True, window=False), kind, k, pos)
        rank = {e: i for i, e in enumerate(candidates)}
        # lists named in this sentence (not references): its subject list, which a reference does not name
        named_here = [
            set(entry.persons if kind == "person" else entry.states)
            for entry in self.lists
            if entry.k == k and not entry.referred
        ]

        def score(group: Iterable[str]) -> tuple[bool, int, int]:
            # named in this sentence before the reference ("Trump mengatakan China … kedua negara") first;
            # then pairs the text has set up in earlier sentences; then the most recent
            # "Korea Selatan dan Amerika Serikat khawatir atas hubungan kedua negara": the subject list is not it
            here = set(group) <= table.get(k, set()) and not any(set(group) <= named for named in named_here)
            together = sum(1 for j in range(k) if set(group) <= table.get(j, set()))
            return here, together, -sum(rank[e] for e in group)

        paired = sorted(max(combinations(candidates, size), key=score), key=rank.__getitem__)
        return self._remember(paired, kind, k, pos)

    def _remember(self, members: list[str], kind: str, k: int, pos: int) -> list[str]:
        """A resolved reference names the same group when the text refers to it again ("Ketiga negara
        menyepakati … Dalam pernyataan bersama, ketiga negara …"): keep it as a list at its own place."""
        if not members:
            return members
        if kind == "person":
            states = list(dict.fromkeys(s for e in members if (s := self._as_state(e))))
            group = _Group(k, pos, states, list(members), referred=True)
        else:
            group = _Group(k, pos, list(members), [], referred=True)
        self.lists.append(group)
        self._open = None
        return members


# The scan tables of the gazetteers used lately, by the gazetteer's id and language (the entry holds the
# gazetteer, so the id is not reused while it is kept).
_SCAN_TABLES: dict[tuple[int, str], tuple[Gazetteer, dict[str, int], frozenset[tuple[str, ...]]]] = {}


def _scan_tables(gazetteer: Gazetteer, lang: str) -> tuple[dict[str, int], frozenset[tuple[str, ...]]]:
    """For the scan of `find_mentions`: the longest alias or phrase each (lower-cased) word can open, and
    every alias and phrase as lower-cased tokens; once per gazetteer, not once per article."""
    cached = _SCAN_TABLES.get((id(gazetteer), lang))
    if cached is None or cached[0] is not gazetteer:
        phrases = _phrases(lang)
        longest = dict(phrases.first_tokens)
        for word, n in gazetteer.first_tokens.items():
            longest[word] = max(longest.get(word, 0), n)
        if len(_SCAN_TABLES) >= 8:
            _SCAN_TABLES.clear()
        cached = _SCAN_TABLES[(id(gazetteer), lang)] = (gazetteer, longest, gazetteer.lowered | phrases.keys)
    return cached[1], cached[2]


def find_mentions(tokens: Tokens, gazetteer: Gazetteer, day: date | None = None, lang: str = "id") -> list[Mention]:
    """Find and resolve every entity mention in a tokenised article, in text order.

    Longest alias wins; an alias that does not resolve here (a short form before any full mention,
    a role with no holder and no single state behind it) gives way to a shorter one.
    """
    phrases = _phrases(lang)
    ctx = _Context(gazetteer, day)
    text, words, lowers = tokens.text, tokens.words, tokens.lowers
    out: list[Mention] = []
    longest_from, known = _scan_tables(gazetteer, lang)
    resume = 0  # the first token not inside a mention found so far
    # only a token that can open an alias or a phrase starts a mention: the others are not looked at
    for i in [j for j, low in enumerate(lowers) if low in longest_from]:
        if i < resume:
            continue
        step = 1
        for length in range(min(longest_from[lowers[i]], tokens.reach[i]), 0, -1):
            j = i + length
            key = tuple(lowers[i:j])
            if key not in known:
                continue  # no alias and no phrase (most spans tried): nothing below would match
            k = tokens.sentence[i]
            start, end = tokens.starts[i], tokens.ends[j - 1]
            if key in phrases.blocked:  # "Jawa Barat", "Laut China Selatan": no entity here
                step = length
                if (
                    j < len(tokens)
                    and text[end : tokens.starts[j]].strip() == "("
                    and ")" in text[tokens.ends[j] : tokens.ends[j] + 2]
                ):
                    step += 1  # "dolar Amerika Serikat (AS)": the abbreviation is blocked with its phrase
                break
            if key in phrases.groups:
                size, kind = phrases.groups[key]
                members = ctx.resolve_reference(size, kind, k, i)
                for entity in members:
                    out.append(Mention(entity, text[start:end], start, end, "reference", k))
                if members:
                    step = length
                    break
                continue
            if key in phrases.allies:
                state = _last_state_before(out, k, gazetteer)
                allies = gazetteer.allies_of(state) if state else None
                if allies:
                    out.append(Mention(allies, text[start:end], start, end, "group", k))
                    ctx.note(allies, "group", i, k)
                    step = length
                    break
                continue
            entries = gazetteer.lookup(words[i:j], lowers[i:j])
            resolved = ctx.resolve(entries) if entries else None
            if resolved is None:
                continue
            entity, kind = resolved
            if kind == "role" and i and tokens.reach[i - 1] > 1 and lowers[i - 1] in phrases.role_voiding:
                continue  # "mantan Presiden AS", "Wakil Menlu China": not the office holder; the state still counts
            if kind in ("name", "group") and gazetteer.entity_type(entity) in ("state", "group"):
                start, kind = _widen_demonym(tokens, i, start, kind, phrases.prefixes, phrases.non_state)
            previous = out[-1] if out and out[-1].sentence_idx == k else None
            joined = previous is not None and _LIST_JOIN.fullmatch(text, previous.end, start) is not None
            repeated = (  # "dolar Amerika Serikat (AS)": the abbreviation repeats the name before it
                previous is not None and previous.entity == entity and text[previous.end : start].strip() == "("
            )
            if (
                previous is not None
                and (joined or repeated)
                and previous.kind == "attribute"
                and kind in ("name", "group")
            ):
                kind = "attribute"  # "buatan China dan Rusia", "investor AS dan Jepang": the noun governs the list
            out.append(Mention(entity, text[start:end], start, end, kind, k))
            ctx.note(entity, kind, i, k)
            ctx.note_list(entity, k, i, joined)
            step = length
            break
        resume = i + step
    return out


def _widen_demonym(
    tokens: Tokens,
    i: int,
    start: int,
    kind: str,
    prefixes: frozenset[tuple[str, ...]],
    non_state: frozenset[tuple[str, ...]],
) -> tuple[int, str]:
    """``pasukan Rusia``: a state name after a noun of its apparatus or people still names the state
    (kind ``demonym``); after ``media``, ``pasar``, ``investor`` it names something else (kind ``attribute``:
    kept as a mention, but no holder)."""
    for width in (2, 1):
        p = i - width
        if p >= 0 and tokens.reach[p] > width:
            words = tuple(tokens.lowers[p:i])
            if words in prefixes:
                return tokens.starts[p], "demonym"
            if words in non_state:
                return tokens.starts[p], "attribute"
    return start, kind


def _last_state_before(mentions: list[Mention], k: int, gazetteer: Gazetteer) -> str | None:
    for m in reversed(mentions):
        if m.sentence_idx != k:
            return None
        if m.entity in gazetteer and gazetteer.entity_type(m.entity) == "state":
            return m.entity
    return None
