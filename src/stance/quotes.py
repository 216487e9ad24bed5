"""Quote attribution: who said what, for direct quotes and indirect speech, without a parser.

Attribution is anchored on cue verbs (a data file) and on resolved entity mentions:
``“…,” kata Kim.`` (cue after), ``Putin mengatakan: “…”`` (cue before), ``menurut Park, …``,
``X mengatakan(,) (bahwa) …``, reporting chains (``Media Rusia melaporkan bahwa Putin mengatakan, …``
gives Putin), and pronoun speakers (``ujarnya``, ``kata dia``) resolved to the last fitting speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, compress, pairwise

from .gazetteer import Gazetteer, person_id
from .mentions import Mention
from .resources import language_forms, read_language_table
from .rules import names_a_place
from .sentences import QuoteSpan
from .tokens import Tokens, lower

__all__ = ["Quote", "attribute_quotes"]

# A run of capitalised words after titles are removed is a name when it has at most this many words;
# a longer run carries an office or a place before the name ("Jawa Barat Dedi Mulyadi"), so we keep
# its last _LONG_RUN_NAME_TOKENS words (most Indonesian names in news are written with two).
# How many words before a state's name an official's title may start ("Juru bicara Kementerian Luar Negeri China").
_TITLE_REACH = 6
_MAX_NAME_TOKENS = 3
_LONG_RUN_NAME_TOKENS = 2
_EXPERTS = r"(?i:analis|peneliti|pengamat|dosen|ekonom|pakar|ahli|akademisi|guru besar)"
_NAME = r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}"
_INTRODUCTION = re.compile(
    rf"\b{_EXPERTS}\b[^.,;:“”\"]{{0,60}}?\b(?P<name_after>{_NAME})|(?P<name_before>{_NAME}),\s+(?:seorang\s+)?{_EXPERTS}\b"
)
# A single capitalised word right after these is a place ("di Bandung"), never a speaker's name.
_PLACE_PREPOSITIONS = frozenset(("di", "dari", "ke", "asal"))
_CLAUSE_BREAK = re.compile(r"\bbahwa\b|[:;“”\"]")
_PUNCT_GAP = re.compile(r"[^\s\-–]")
# The word after a closing quote, over a comma ("“…,” kata Kim"); the start of what a before-cue says
# ("mengatakan, bahwa …"); a name after a comma ("…, Lukita"). Matched in place (`pattern.match(text,
# pos, endpos)`), not on a copy of the rest of the sentence.
_WORD_AFTER = re.compile(r"\s*,?\s*(\w+)")
_CONTENT_START = re.compile(r"[\s,:]*(?:bahwa\s+)?")
_NAME_AFTER_COMMA = re.compile(r",\s*([A-Z])")


@dataclass(slots=True)
class Quote:
    """A direct quote or a stretch of indirect speech, with its speaker (``|``-joined ids, or empty)."""

    sentence_idx: int
    speaker: str
    speaker_surface: str
    cue: str
    content: str
    direct: bool
    start: int
    end: int
    status: str = "ok"
    reason: str = ""


@dataclass(frozen=True)
class _Cues:
    position: dict[str, str]
    kind: dict[str, str]
    pronouns: dict[str, str]
    titles: frozenset[str]
    stops: frozenset[str]
    not_names: frozenset[str]
    fillers: frozenset[str]
    modifiers: frozenset[str]
    coordinators: frozenset[str]
    connectors: frozenset[str]
    not_said: frozenset[str]
    official: frozenset[str]
    organizations: frozenset[str]


@cache
def _cues(lang: str = "id") -> _Cues:
    table = read_language_table("cue_verbs", lang, ("form", "position", "type"))
    pronouns = read_language_table("pronouns", lang, ("form", "number"))
    words = read_language_table("attribution_words", lang, ("form", "role"))

    def role(name: str) -> frozenset[str]:
        return frozenset(words.loc[words["role"] == name, "form"].str.lower())

    return _Cues(
        dict(zip(table["form"].str.lower(), table["position"], strict=True)),
        dict(zip(table["form"].str.lower(), table["type"], strict=True)),
        dict(zip(pronouns["form"].str.lower(), pronouns["number"], strict=True)),
        frozenset(language_forms("speaker_titles", lang)),
        frozenset(language_forms("speaker_stops", lang)),
        frozenset(language_forms("not_names", lang))
        | frozenset(language_forms("dateline_places", lang))
        | frozenset(read_language_table("weekdays", lang, ("form", "weekday"))["form"].str.lower())
        | frozenset(read_language_table("months", lang, ("form", "month"))["form"].str.lower()),
        role("filler"),
        role("modifier"),
        role("coordinator"),
        role("coordinator") | role("connector"),
        role("not_said"),
        frozenset(language_forms("official_titles", lang)),
        frozenset(language_forms("organization_words", lang)),
    )


@dataclass(slots=True)
class _Speaker:
    ids: list[str]
    surface: str
    start: int
    end: int


class _Attributor:
    def __init__(self, tokens: Tokens, mentions: list[Mention], gazetteer: Gazetteer, lang: str) -> None:
        self.t = tokens
        self.text = tokens.text
        self.mentions = mentions
        self.mention_starts = [m.start for m in mentions]
        self.sorted_starts = _starts_if_sorted(mentions)
        self.gaz = gazetteer
        self.cues = _cues(lang)
        # Kept up to date by `remember`, so a pronoun does not search every earlier quote: the latest
        # offset of a single person's quote, and the ids of the last such quote and of the last group's.
        self.last_person_at = -1
        self.last_person: list[str] | None = None
        self.last_group: list[str] | None = None
        self.new_mentions: list[Mention] = []
        self.unknown_seen: dict[str, str] = {}
        # person:… ids introduced with an official's title and a state ("Menlu Iran Abbas Araghchi"): the state
        self.official_of: dict[str, str] = {}

    # --- looking up what the text holds -------------------------------------------------------
    def mentions_in(self, a: int, b: int) -> list[Mention]:
        i = bisect_left(self.mention_starts, a)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < b:
            if self.mentions[i].end <= b:
                out.append(self.mentions[i])
            i += 1
        return out

    def is_person(self, entity: str) -> bool:
        return self.gaz.is_person(entity)

    # --- speakers ----------------------------------------------------------------------------
    def recent_subject(self, before: int) -> Mention | None:
        """The person who opens this or the previous sentence ("Presiden Ukraina Volodymyr Zelensky, …"):
        a later "ia" refers back to them rather than to an earlier speaker."""
        return _recent_subject(self.t, self.mentions, self.gaz, before, self.sorted_starts)

    def introduced(self, before: int) -> tuple[int, _Speaker] | None:
        """An expert introduced in this or the previous sentence ("analis Ratna Dewi", "Ratna Dewi,
        peneliti di …"): the person a following "ujarnya" most likely points to."""
        k = self.t.sentence_of(before)
        lo = self.t.sentence_bounds[max(k - 1, 0)][0]
        found = None
        for m in _INTRODUCTION.finditer(self.text, lo, before):
            a, b = m.span("name_after") if m.group("name_after") else m.span("name_before")
            if self.mentions_in(a, b):
                continue
            speaker = self.unknown_name(a, b, at_end=False)
            if speaker is not None:
                found = (a, speaker)
        return found

    def pronoun(self, number: str, before: int, surface: str, start: int, end: int) -> _Speaker | None:
        """The last fitting speaker before `before`: a person for dia/ia/-nya, a group for mereka;
        an expert introduced since that speaker spoke comes first."""
        if number == "singular":
            last = self.last_person_at
            if (intro := self.introduced(before)) and intro[0] > last:
                return _Speaker(intro[1].ids, surface, start, end)
            subject = self.recent_subject(before)
            if subject is not None and subject.start > last:
                return _Speaker([subject.entity], surface, start, end)
            if self.last_person is not None:
                return _Speaker(self.last_person, surface, start, end)
            for m in self._mentions_before(before):
                if self.is_person(m.entity):
                    return _Speaker([m.entity], surface, start, end)
        elif number == "plural" and self.last_group is not None:
            return _Speaker(self.last_group, surface, start, end)
        return None

    def _mentions_before(self, before: int):
        """`mentions_in(0, before)` latest first, without building the list."""
        if self.sorted_starts is None:
            yield from reversed(self.mentions_in(0, before))
            return
        for i in range(bisect_left(self.mention_starts, before) - 1, -1, -1):
            if self.mentions[i].end <= before:
                yield self.mentions[i]

    def subject_np(self, found: list[Mention]) -> _Speaker:
        """The subject among mentions of one segment: the first noun phrase, its person if it has one."""
        np = [found[0]]
        for m in found[1:]:
            gap = self.text[np[-1].end : m.start]
            words = gap.split()
            if _PUNCT_GAP.search(gap.replace(",", "")) and not all(
                w[0].isupper() or lower(w) in self.cues.connectors for w in words
            ):
                break
            if len(words) > 4 or any(not (w[0].isupper() or lower(w) in self.cues.connectors) for w in words):
                break
            np.append(m)
        if np[0].kind == "attribute":  # "media AS melaporkan": not the state speaking
            return _Speaker([], self.text[np[0].start : np[-1].end], np[0].start, np[-1].end)
        people = [m for m in np if self.is_person(m.entity)]
        if people:
            head = people[-1]
            listed = list(dict.fromkeys(m.entity for m in people))
            joined = len(listed) > 1 and any(
                lower(self.text[a.end : b.start].strip(" ,")) in self.cues.coordinators or a.start == b.start
                for a, b in pairwise(people)
                if a.entity != b.entity
            )  # "Blinken, Menlu Jepang Yoko Kamikawa, dan Menlu Korea Selatan Park Jin", "Ketiganya"
            return _Speaker(
                listed if joined else [head.entity], self.text[np[0].start : head.end], np[0].start, head.end
            )
        ids = [np[0].entity]
        for prev, m in pairwise(np):
            joiner = lower(self.text[prev.end : m.start].strip(" ,"))
            if (joiner in self.cues.coordinators or joiner == "") and m.entity not in ids:
                ids.append(m.entity)
        return _Speaker(ids, self.text[np[0].start : np[-1].end], np[0].start, np[-1].end)

    def unknown_name(self, a: int, b: int, *, at_end: bool) -> _Speaker | None:
        """A capitalised name in [a, b) the gazetteer does not know: ``Park``, ``Rina Kusumawati``."""
        t = self.t
        idx = list(range(t.first_token_at(a), bisect_right(t.ends, b)))
        if not idx:
            return None
        runs: list[list[int]] = [[]]
        for i in idx:
            word = t.words[i]
            hyphen_part = runs[-1] and t.reach[runs[-1][-1]] > 1 and "-" in self.text[t.ends[i - 1] : t.starts[i]]
            if word[0].isupper() or (hyphen_part and word.isalpha()):
                if runs[-1] and (i != runs[-1][-1] + 1 or t.reach[runs[-1][-1]] == 1):
                    runs.append([])
                runs[-1].append(i)
            elif runs[-1]:
                runs.append([])
        runs = [r for r in runs if r]
        if not runs:
            return None
        run = runs[-1] if at_end else runs[0]
        if at_end and run[-1] != idx[-1]:
            return None
        before = run[0] - 1
        if any(t.lowers[i] in self.cues.organizations for i in run) or (
            before >= 0 and t.sentence[before] == t.sentence[run[0]] and t.lowers[before] in self.cues.organizations
        ):
            return None  # "Komite Nobel", "kelompok HAM", "manajemen TikTok": a body, not a person
        run = [i for i in run if t.lowers[i] not in self.cues.titles]
        cut = [n for n, i in enumerate(run) if t.lowers[i] in self.cues.not_names]
        if cut:
            run = run[cut[-1] + 1 :]
        if len(run) > _MAX_NAME_TOKENS:
            run = run[-_LONG_RUN_NAME_TOKENS:]
        if not run or t.lowers[run[0]] in self.cues.pronouns or t.lowers[run[0]] in self.cues.position:
            return None
        while run and (self._is_alias(t.words[run[0]]) or (len(run) > 1 and self._is_common_word(t.words[run[0]]))):
            run = run[1:]  # "PBB Susan Rice", "Menurut Yudha Prasetyo": a known name or common word glued before
        if len(run) == 1 and self._is_common_word(t.words[run[0]]):
            return None  # "Pertemuan itu …", "Kongres …": written in lower case elsewhere, a common word
        if not run:
            return None
        inside = self.mentions_in(t.starts[run[0]], t.ends[run[-1]])
        if inside:  # "China Zhang Yesui": the name starts after the last entity in the run
            run = [i for i in run if t.starts[i] >= inside[-1].end]
            if not run:
                return None
        if len(run) == 1 and run[0] and t.lowers[run[0] - 1] in _PLACE_PREPOSITIONS:
            return None  # "peneliti di Bandung", "dari Greenland": a place, not a person
        start, end = t.starts[run[0]], t.ends[run[-1]]
        name = self.text[start:end]
        full = self.expand_name(name, start) if len(run) == 1 else name
        pid = person_id(full)
        introduced_at = start if full == name else self.text.find(full, 0, start)
        if pid not in self.official_of and introduced_at >= 0 and (state := self._official_state(introduced_at)):
            self.official_of[pid] = state
        self.new_mentions.append(Mention(pid, name, start, end, "speaker", t.sentence[run[0]]))
        return _Speaker([pid], name, start, end)

    def _is_place(self, m: Mention) -> bool:
        """A mention right after a locative or directional preposition, or in a place apposition after one."""
        return names_a_place(self.t, self.t.first_token_at(m.start))

    def _official_state(self, name_start: int) -> str | None:
        """The state a person speaks for when introduced with an official's title before the state's name
        ("Penasihat Keamanan Nasional Myanmar, Thaung Tun", "Menteri Luar Negeri Iran Abbas Araghchi")."""
        t = self.t
        i = t.first_token_at(name_start)
        if (
            i == 0
            or t.sentence[i - 1] != t.sentence[i]
            or self.text[t.ends[i - 1] : name_start].strip() not in ("", ",")
        ):
            return None
        states = [
            m
            for m in self.mentions_in(t.starts[max(0, i - 4)], t.ends[i - 1])
            if m.end == t.ends[i - 1] and m.kind != "attribute" and self.gaz.entity_type(m.entity) == "state"
        ]
        if not states:
            return None
        first = t.first_token_at(states[-1].start)
        title = range(max(0, first - _TITLE_REACH), first)
        if any(t.sentence[j] == t.sentence[first] and t.lowers[j] in self.cues.official for j in title):
            return states[-1].entity
        return None

    def _is_alias(self, word: str) -> bool:
        """A word the gazetteer knows as a name on its own (``PBB``, ``AS``, ``UE``)."""
        entries = self.gaz.exact.get((word,), []) + self.gaz.anycase.get((lower(word),), [])
        return any(e.kind != "short" for e in entries)

    def _is_common_word(self, word: str) -> bool:
        """A capitalised word the same text also writes in lower case: a common word, not a name."""
        lowered = lower(word)
        if lowered == word or lowered not in self.text:  # the substring test spares the search most of the time
            return False
        return re.search(rf"(?<![\w-]){re.escape(lowered)}(?![\w-])", self.text) is not None

    def expand_name(self, short: str, before: int) -> str:
        """``Park`` -> ``Park Won-gon``: the full name an earlier capitalised run gave this short form."""
        if short in self.unknown_seen:
            return self.unknown_seen[short]
        first = self.text.find(short, 0, before)
        if first < 0:
            return short  # not written before: no earlier full name (the substring test spares the search)
        # A match holds `short` at or after its first use, with only words, spaces and hyphens before it:
        # none starts before the last full stop or comma ahead of that use, so the search starts there.
        since = max(self.text.rfind(".", 0, first), self.text.rfind(",", 0, first)) + 1
        pattern = re.compile(rf"(?:\b[A-Z][\w]*(?:-\w+)?\s+)*\b{re.escape(short)}\b(?:[\s-]+[A-Z][\w]*(?:-\w+)?)*")
        for m in pattern.finditer(self.text, since, before):
            words = [w for w in re.split(r"\s+", m.group(0)) if lower(w) not in self.cues.titles]
            while len(words) > 1 and (self._is_alias(words[0]) or self._is_common_word(words[0])):
                words = words[1:]  # "PBB Susan Rice", "Menteri Energi Jennifer Granholm": not part of the name
            if len(words) > 1:
                full = " ".join(words if len(words) <= _MAX_NAME_TOKENS else words[-_LONG_RUN_NAME_TOKENS:])
                self.unknown_seen[short] = full
                return full
        return short

    def speaker_after(self, pos: int, limit: int, refer_before: int | None = None) -> _Speaker | None:
        """The speaker named after an after-cue: ``kata juru bicara Kremlin Dmitry Peskov kepada…``; a
        pronoun there (``kata dia``) refers to someone named before `refer_before` (the quote's start)."""
        t = self.t
        first = t.first_token_at(pos)
        if first >= len(t) or t.starts[first] >= limit:
            return None
        if _PUNCT_GAP.search(self.text[pos : t.starts[first]]):
            return None
        if t.lowers[first] in self.cues.pronouns:
            before = pos if refer_before is None else refer_before
            return self.pronoun(
                self.cues.pronouns[t.lowers[first]], before, t.words[first], t.starts[first], t.ends[first]
            )
        last = first
        while last + 1 < len(t) and t.starts[last + 1] < limit:
            gap = self.text[t.ends[last] : t.starts[last + 1]]
            if _PUNCT_GAP.search(gap) or t.lowers[last + 1] in self.cues.stops:
                break
            last += 1
        a, b = t.starts[first], t.ends[last]
        found = self.mentions_in(a, b)
        if found:
            people = [m for m in found if self.is_person(m.entity)]
            if not people and (named := self.unknown_name(found[-1].end, b, at_end=True)):
                return named  # "kata Menteri Perdagangan Indonesia Enggartiasto Lukita"
            m = people[-1] if people else found[0]
            return _Speaker([m.entity], self.text[a:b], a, b)
        speaker = self.unknown_name(a, b, at_end=False)
        if speaker is None and (m2 := _NAME_AFTER_COMMA.match(self.text, b, limit)) and not found:
            return self.speaker_after(m2.start(1), limit, refer_before)
        return speaker

    def speaker_before(self, cue_start: int, clause_start: int) -> _Speaker | None:
        """The subject of a before-cue: walk back over comma segments, skipping modifiers."""
        seg_end = cue_start
        listed_tail = False  # a later segment opened with "dan": the subject may be a list's last items
        for _ in range(4):
            comma = self.text.rfind(",", clause_start, seg_end)
            seg_start = comma + 1 if comma >= 0 else clause_start
            segment = self.text[seg_start:seg_end].strip()
            first_word = lower(segment.split(" ", 1)[0]) if segment else ""
            if segment and not (first_word in self.cues.modifiers and seg_start > clause_start):
                found = self.mentions_in(seg_start, seg_end)
                if found and seg_start > clause_start and all(self._is_place(m) for m in found):
                    seg_end = seg_start - 1  # "…, dalam kunjungan ke Roma, Italia, menyebut": where, not who
                    continue
                words = segment.split()
                trimmed, kept = seg_end, len(words)
                while kept and lower(words[kept - 1]) in self.cues.fillers:
                    kept -= 1
                    trimmed = self.text.rfind(words[kept], seg_start, trimmed)
                if found:
                    subject = self.subject_np(found)
                    if (
                        subject.ids
                        and not self.is_person(subject.ids[0])
                        and (named := self.unknown_name(found[-1].end, trimmed, at_end=True))
                    ):
                        return named  # "Menteri Perdagangan Indonesia Enggartiasto Lukita mengatakan"
                    if (first_word in self.cues.coordinators or listed_tail) and len(subject.ids) == 1:
                        return self._listed_with(subject, seg_start, clause_start)
                    return subject
                for w in words[:2]:
                    if (number := self.cues.pronouns.get(lower(w))) is not None:
                        at = self.text.find(w, seg_start, seg_end)
                        return self.pronoun(number, at, w, at, at + len(w))
                speaker = self.unknown_name(seg_start, trimmed, at_end=True)
                if speaker:
                    return speaker
                if seg_start <= clause_start:
                    return None
            listed_tail = listed_tail or first_word in self.cues.coordinators
            if seg_start <= clause_start:
                return None
            seg_end = seg_start - 1
        return None

    def _listed_with(self, last: _Speaker, seg_start: int, clause_start: int) -> _Speaker:
        """The items of a comma list that ends with `last` ("Menlu AS Antony Blinken, Menlu Jepang Yoko
        Kamikawa, dan Menlu Korea Selatan Park Jin menyebut"; "Prancis, Jerman, Polandia, Inggris, dan
        sejumlah negara Eropa lain … menegaskan"): every comma segment before it that names one entity
        of the same kind (person, or not) belongs to the list."""
        person = self.is_person(last.ids[0])
        ids, start, end = list(last.ids), last.start, seg_start
        while end > clause_start:
            comma = self.text.rfind(",", clause_start, end - 1)
            a = comma + 1 if comma >= 0 else clause_start
            items = [m for m in self.mentions_in(a, end) if self.is_person(m.entity) == person]
            if not items or len({m.entity for m in items}) > 1 or items[-1].kind == "attribute":
                break
            ids.insert(0, items[-1].entity)
            start, end = items[0].start, a
            if comma < 0:
                break
        return _Speaker(list(dict.fromkeys(ids)), self.text[start : last.end], start, last.end)

    def remember(self, speaker: _Speaker | None, at: int) -> None:
        if speaker is not None and speaker.ids:
            if len(speaker.ids) == 1 and self.is_person(speaker.ids[0]):
                self.last_person_at = max(self.last_person_at, at)
                self.last_person = speaker.ids
            else:
                self.last_group = speaker.ids


def _clause_start(text: str, sent_start: int, pos: int) -> int:
    start = sent_start
    for m in _CLAUSE_BREAK.finditer(text, sent_start, pos):
        start = m.end()
    return start


def _recent_subject(
    tokens: Tokens, mentions: list[Mention], gazetteer: Gazetteer, before: int, starts: list[int] | None = None
) -> Mention | None:
    """The person opening this or the previous sentence. `starts` (the mentions' starts, when they are
    in text order) lets it look only at those sentences' mentions."""
    k = tokens.sentence_of(before)
    found = None
    for j in (k - 1, k):
        if j < 0:
            continue
        s, e = tokens.sentence_bounds[j]
        near = mentions if starts is None else mentions[bisect_left(starts, s) : bisect_left(starts, min(e, before))]
        opening = [m for m in near if s <= m.start < min(e, before) and m.kind != "pronoun"][:2]
        if opening and gazetteer.is_person(opening[0].entity):
            found = opening[0]
        elif len(opening) == 2 and gazetteer.is_person(opening[1].entity) and _title_of(tokens, *opening):
            found = opening[1]  # "Duta Besar Rusia Vassily Nebenzia bersikukuh …": the country is his title's
    return found


def _title_of(tokens: Tokens, first: Mention, second: Mention) -> bool:
    """`first` (a state) ends the title of the person `second` right after it: only spaces between."""
    return first.end <= second.start and not tokens.text[first.end : second.start].strip()


def _cue_clause(tokens: Tokens, sent_start: int, ci: int, cue_tokens: list[int]) -> int:
    """Where the clause of cue token `ci` starts: after "bahwa", a colon or a quote mark, or after an
    earlier cue ("KCNA melaporkan Kim mengatakan …": Kim, not KCNA, is the subject of "mengatakan")."""
    start = _clause_start(tokens.text, sent_start, tokens.starts[ci])
    earlier = [i for i in cue_tokens if i < ci]
    return max(start, tokens.ends[earlier[-1]]) if earlier else start


def attribute_quotes(
    tokens: Tokens,
    mentions: list[Mention],
    spans: list[QuoteSpan],
    problems: list[tuple[int, str]],
    gazetteer: Gazetteer,
    lang: str = "id",
) -> tuple[list[Quote], list[Mention]]:
    """Attribute every direct quote and indirect statement of an article.

    Returns the quotes in text order (unbalanced quote marks as ``status="skipped"`` rows with the
    reason) and the mentions of speakers the gazetteer does not know (``person:…``).
    """
    att = _Attributor(tokens, mentions, gazetteer, lang)
    cues = att.cues
    text = tokens.text
    quotes: list[Quote] = []
    for offset, reason in problems:
        k = tokens.sentence_of(offset)
        snippet = text[offset : offset + 60].split("\n", 1)[0]
        quotes.append(Quote(k, "", "", "", snippet, True, offset, offset, "skipped", reason))
    previous_direct: tuple[int, _Speaker | None] = (-2, None)
    cues_by_sentence: dict[int, list[int]] = {}
    for i in _indices_in(tokens.lowers, cues.position):
        cues_by_sentence.setdefault(tokens.sentence[i], []).append(i)
    # Every lookup below bisects sorted offsets, so that a sentence with thousands of quotes and cues
    # costs in proportion to them, not to their product.
    spans = sorted(spans, key=lambda q: q.start)
    span_starts = [q.start for q in spans]
    for k, (s, e) in enumerate(tokens.sentence_bounds):
        lo, hi = bisect_left(span_starts, s), bisect_left(span_starts, e)
        in_sentence = spans[lo:hi]
        if not in_sentence and k not in cues_by_sentence:
            continue  # no quote and no cue word: nothing is said here (most sentences)
        consumed: set[int] = set()  # token indices of cues used by direct quotes
        # A cue inside a quote is part of what was said: the spans starting before it reach past it.
        reach = list(accumulate((q.end for q in in_sentence), max))
        cue_tokens = [
            i
            for i in cues_by_sentence.get(k, [])
            if not ((j := bisect_left(span_starts, tokens.starts[i], lo, hi) - lo) and reach[j - 1] > tokens.starts[i])
        ]
        cue_starts = [tokens.starts[i] for i in cue_tokens]
        # A cue "before" its quote that ends the sentence ("“…,” Putin menambahkan."): only the last cue
        # can, as any other has a later cue word after it.
        last_cue = cue_tokens[-1] if cue_tokens else None
        closing_cue = (
            last_cue
            if last_cue is not None
            and cues.position[tokens.lowers[last_cue]] == "before"
            and not text[tokens.ends[last_cue] : e].strip(" .!?")
            else None
        )
        last_speaker: _Speaker | None = None
        for n, span in enumerate(in_sentence):
            speaker, cue = None, ""
            after = _WORD_AFTER.match(text, span.end, e)
            word = lower(after.group(1)) if after else ""
            if after and cues.position.get(word) in ("after", "suffixed"):
                cue_pos = after.start(1)
                ci = tokens.first_token_at(cue_pos)
                consumed.add(ci)
                cue = tokens.words[ci]
                # "ujarnya", "kata dia" after a quote point back to someone named before the quote,
                # never to a name inside it ("“Putin ingin terlihat kuat …,” ujarnya" is not Putin).
                if cues.position[word] == "suffixed":
                    speaker = att.pronoun("singular", span.start, cue, cue_pos, cue_pos + len(cue))
                else:
                    speaker = att.speaker_after(tokens.ends[ci], e, refer_before=span.start)
            else:
                before_cues = [
                    i
                    for i in cue_tokens[
                        bisect_left(cue_starts, in_sentence[n - 1].end if n else s) : bisect_left(
                            cue_starts, span.start
                        )
                    ]
                    if cues.position[tokens.lowers[i]] in ("before", "source")
                ]
                trailing = [closing_cue] if closing_cue is not None and span.end <= tokens.starts[closing_cue] else []
                if before_cues:
                    ci = before_cues[-1]
                    consumed.add(ci)
                    cue = tokens.words[ci]
                    if cues.position[tokens.lowers[ci]] == "source":
                        speaker = att.speaker_after(tokens.ends[ci], span.start)
                    else:
                        speaker = att.speaker_before(tokens.starts[ci], _cue_clause(tokens, s, ci, cue_tokens))
                elif trailing:  # “…,” Putin menambahkan.
                    ci = trailing[0]
                    consumed.add(ci)
                    cue = tokens.words[ci]
                    speaker = att.speaker_before(tokens.starts[ci], span.end)
                elif last_speaker is not None:  # “A,” kata Kim, “B.”
                    speaker, cue = last_speaker, "(same speaker)"
                elif text[s : span.start].strip() or text[span.end : e].strip(" .,!?"):
                    speaker = att.speaker_before(span.start, s)  # a partial quote in the subject's sentence
                elif previous_direct[0] == k - 1 and previous_direct[1] is not None:
                    speaker, cue = previous_direct[1], "(continued)"
            att.remember(speaker, span.start)
            last_speaker = speaker or last_speaker
            quotes.append(_quote(k, speaker, cue, text, span.content_start, span.content_end, True))
        if in_sentence:
            whole = not text[s : in_sentence[0].start].strip()
            previous_direct = (k, last_speaker) if whole or last_speaker else (-2, None)
        quotes += _indirect(att, tokens, k, s, e, cue_tokens, consumed, in_sentence)
    for q in quotes:  # an official the gazetteer does not know speaks for the state named in their title
        ids = q.speaker.split("|") if q.speaker else []
        states = [att.official_of[i] for i in ids if i in att.official_of and att.official_of[i] not in ids]
        if states:
            q.speaker = "|".join(dict.fromkeys(ids + states))
    quotes.sort(key=lambda q: (q.start, q.status != "skipped"))
    return quotes, att.new_mentions


# A contrast that opens another clause with its own subject: where a statement made before it ends.
_OTHER_CLAUSE = re.compile(r",\s*(?:sementara|sedangkan)\b", re.IGNORECASE)


def _indirect(
    att: _Attributor,
    tokens: Tokens,
    k: int,
    s: int,
    e: int,
    cue_tokens: list[int],
    consumed: set[int],
    spans: list[QuoteSpan],
) -> list[Quote]:
    """Indirect speech in one sentence: ``X mengatakan (bahwa) …``, ``menurut X, …``, ``…, kata X.``."""
    if all(ci in consumed for ci in cue_tokens):
        return []  # every cue word went to a direct quote, or there is none
    cues, text = att.cues, tokens.text
    found: list[tuple[int, _Speaker, int, int, str]] = []  # (cue token, speaker, content start, end, type)
    end = e
    while end > s and text[end - 1] in ".!?… ":
        end -= 1
    quote_starts = {q.start for q in spans}
    speaker: _Speaker | None
    for ci in cue_tokens:
        if ci in consumed:
            continue
        form = tokens.lowers[ci]
        position = cues.position[form]
        a, b = tokens.starts[ci], tokens.ends[ci]
        if position == "before":
            if ci and tokens.lowers[ci - 1] in cues.not_said and tokens.sentence[ci - 1] == k:
                continue  # "untuk menyatakan", "menolak mengatakan": nothing was said
            content = _CONTENT_START.match(text, b, end)  # None only when the cue ends past `end`
            c_start = content.end() if content else b
            if c_start >= end or c_start in quote_starts:
                continue
            other = _OTHER_CLAUSE.search(text, c_start, end)  # "…, sementara Zakharova menegaskan …"
            c_end = other.start() if other else end
            coordinated = ci > 0 and tokens.lowers[ci - 1] in cues.coordinators and tokens.sentence[ci - 1] == k
            if coordinated and found:
                speaker = found[-1][1]  # "Zelensky menyatakan … dan menuduh China …": the same speaker again
            else:
                speaker = att.speaker_before(a, _cue_clause(tokens, s, ci, cue_tokens))
            if speaker:
                found.append((ci, speaker, c_start, c_end, cues.kind[form]))
        elif position == "source":  # menurut X, …   /   …, menurut X.   /   …: menurutnya, …
            comma = text.find(",", b, end)
            if form.endswith("nya"):  # the pronoun fused: the last fitting speaker
                speaker = att.pronoun("singular", a, tokens.words[ci], a, b)
            else:
                speaker = att.speaker_after(b, comma if comma > 0 else end)
            if speaker is None:
                continue
            opens = not text[s:a].strip(" ,") or text[s:a].rstrip().endswith(
                ":"
            )  # "Peskov berhati-hati: menurutnya, …"
            if form.endswith("nya") and comma > 0 and text[b:comma].strip():
                continue  # "menurutnya" stands right before its comma
            if comma > 0 and opens:
                found.append((ci, speaker, comma + 1, end, "speech"))
            elif text[s:a].rstrip().endswith(","):
                found.append((ci, speaker, s, text.rfind(",", s, a), "speech"))
        elif text[s:a].rstrip().endswith(","):  # …, kata Putin.  /  …, ujarnya.
            if position == "suffixed":
                speaker = att.pronoun("singular", a, tokens.words[ci], a, b)
            else:
                speaker = att.speaker_after(b, e)
            if speaker:
                found.append((ci, speaker, s, text.rfind(",", s, a), cues.kind[form]))
    out = []
    cue_starts = [tokens.starts[f[0]] for f in found]  # increasing: found follows the cue tokens
    for n, (ci, speaker, c_start, c_end, kind) in enumerate(found):
        later = bisect_left(cue_starts, c_start, n + 1)  # the first later cue at or after the content start
        if kind == "report" and later < len(found) and cue_starts[later] < c_end:
            continue  # a reporting chain: the inner speaker said it
        att.remember(speaker, c_start)
        out.append(_quote(k, speaker, tokens.words[ci], text, c_start, c_end, False))
    return out


def _quote(k: int, speaker: _Speaker | None, cue: str, text: str, start: int, end: int, direct: bool) -> Quote:
    while start < end and text[start] in " ,":
        start += 1
    if speaker is not None and not speaker.ids:
        return Quote(k, "", speaker.surface, cue, text[start:end], direct, start, end, "ok", "speaker is not an entity")
    if speaker is None:
        return Quote(k, "", "", cue, text[start:end], direct, start, end, "ok", "no speaker found")
    return Quote(k, "|".join(speaker.ids), speaker.surface, cue, text[start:end], direct, start, end)


@cache
def _clause_openers() -> frozenset[str]:
    """Words after which a pronoun is a clause's subject: "dan", and the conjunctions of clause_breaks.csv."""
    return frozenset(("dan", *language_forms("clause_breaks"))) - {"yang"}


def pronoun_mentions(
    tokens: Tokens, mentions: list[Mention], quotes: list[Quote], gazetteer: Gazetteer
) -> list[Mention]:
    """Pronoun subjects resolved like pronoun speakers: "Ia menuduh Barat …" after Putin spoke is Putin.

    Only a pronoun that opens a clause (the sentence start, or after a comma, "dan", "bahwa") counts:
    a subject, not an object. Singular pronouns go to the last person who spoke or was named, plural
    ones to the last group of speakers.
    """
    pronouns = _cues().pronouns
    history = sorted(
        ((q.start, q.speaker.split("|")) for q in quotes if q.status == "ok" and q.speaker), key=lambda h: h[0]
    )
    starts = [h[0] for h in history]
    people = [m for m in mentions if gazetteer.is_person(m.entity)]
    people_starts = [m.start for m in people]
    mention_starts = _starts_if_sorted(mentions)
    direct = [q for q in quotes if q.direct]
    out = []
    for i in _indices_in(tokens.lowers, pronouns):
        number = pronouns[tokens.lowers[i]]
        s = tokens.sentence_bounds[tokens.sentence[i]][0]
        before = tokens.text[s : tokens.starts[i]].rstrip()
        opens = before.endswith((",", "“", '"')) or lower(before).rsplit(" ", 1)[-1] in _clause_openers()
        if before and not opens:  # "sehari setelah ia dan Putin meneken …": a subordinate clause opens too
            continue
        pos = tokens.starts[i]
        ids: list[str] = []
        spoken = bisect_left(starts, pos)  # history[:spoken] was said before the pronoun
        for _, speaker_ids in _latest_first(history, spoken):
            person = len(speaker_ids) == 1 and gazetteer.is_person(speaker_ids[0])
            if (number == "singular") == person:
                ids = speaker_ids
                break
        if number == "singular":
            last = next((h[0] for h in _latest_first(history, spoken) if h[1] == ids), -1) if ids else -1
            subject = _recent_subject(tokens, mentions, gazetteer, pos, mention_starts)
            if subject is not None and subject.start > last:
                ids = [subject.entity]
        if not ids and number == "singular":
            j = bisect_left(people_starts, pos)
            if j:
                ids = [people[j - 1].entity]
        speakers = {e for q in direct if q.start <= pos < q.end for e in q.speaker.split("|")} if ids else set()
        for entity in ids:
            if entity in speakers:
                continue  # "“China membuktikan bahwa ia mampu …,” kata X": a speaker says "saya", not "ia"
            out.append(Mention(entity, tokens.words[i], pos, tokens.ends[i], "pronoun", tokens.sentence[i]))
    return out


def _indices_in(words: list[str], table: dict[str, str]) -> list[int]:
    """The indices of the words that `table` holds (few of an article's words), found without a Python
    step per word."""
    return list(compress(range(len(words)), map(table.__contains__, words)))


def _starts_if_sorted(mentions: list[Mention]) -> list[int] | None:
    """The mentions' start offsets when they are in text order (so they can be bisected), else None."""
    starts = [m.start for m in mentions]
    return starts if all(a <= b for a, b in pairwise(starts)) else None


def _latest_first(items: list, stop: int):
    """items[:stop] from the last to the first, without copying them."""
    for i in range(stop - 1, -1, -1):
        yield items[i]
