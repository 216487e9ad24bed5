"""The entity gazetteer: who can hold a stance, and the surface forms by which Indonesian news names them."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from .resources import ResourceError, read_data_table
from .tokens import lower as to_lower

__all__ = [
    "ALIAS_KINDS",
    "ENTITY_TYPES",
    "AliasEntry",
    "Gazetteer",
    "load_gazetteer",
    "normalise_tokens",
    "person_id",
]

ENTITY_TYPES = ("person", "state", "organization", "group")
ALIAS_KINDS = ("name", "short", "role", "group")
ALIAS_CASES = ("exact", "any")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One alias row, ready for matching."""

    entity: str
    alias: str
    case: str
    kind: str
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, day: date | None) -> bool:
        """Whether this (role) alias names its entity on `day`; undated articles match no dated role."""
        if self.valid_from is None and self.valid_to is None:
            return True
        if day is None:
            return False
        return (self.valid_from is None or day >= self.valid_from) and (self.valid_to is None or day < self.valid_to)


def normalise_tokens(text: str, *, lower: bool) -> tuple[str, ...]:
    """Word tokens of an alias or text span; hyphens, spaces and other separators all count alike."""
    tokens = WORD.findall(text)
    return tuple(map(to_lower, tokens)) if lower else tuple(tokens)


def person_id(name: str) -> str:
    """The holder id of a person the gazetteer does not know: ``Park Won-gon`` -> ``person:park_won_gon``."""
    return "person:" + "_".join(WORD.findall(to_lower(name)))


@dataclass
class Gazetteer:
    """Entities and their aliases, indexed for one pass over a text.

    `exact` and `anycase` map a token tuple to the alias entries it matches (the first with the
    tokens as written, the second lower-cased); `first_tokens` maps a lower-cased first token to the
    longest alias starting with it, so the scan tries lookups only where an alias can start.
    """

    entities: pd.DataFrame
    aliases: pd.DataFrame
    version: str
    sources: tuple[str, ...]
    exact: dict[tuple[str, ...], list[AliasEntry]] = field(default_factory=dict, repr=False)
    anycase: dict[tuple[str, ...], list[AliasEntry]] = field(default_factory=dict, repr=False)
    first_tokens: dict[str, int] = field(default_factory=dict, repr=False)
    # every alias as lower-cased tokens: a span whose lower-cased tokens are not here matches no alias
    lowered: frozenset[tuple[str, ...]] = field(default_factory=frozenset, repr=False)
    _types: dict[str, str] = field(default_factory=dict, repr=False)
    _represents: dict[str, str] = field(default_factory=dict, repr=False)
    _names: dict[str, str] = field(default_factory=dict, repr=False)
    _allies: dict[str, str] | None = field(default=None, repr=False)
    media: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        self._types = dict(zip(self.entities["id"], self.entities["type"], strict=True))
        self._represents = {i: r for i, r in zip(self.entities["id"], self.entities["represents"], strict=True) if r}
        self._names = dict(zip(self.entities["id"], self.entities["name"], strict=True))
        exact: dict[tuple[str, ...], list[AliasEntry]] = defaultdict(list)
        anycase: dict[tuple[str, ...], list[AliasEntry]] = defaultdict(list)
        first: dict[str, int] = {}
        for row in self.aliases.itertuples(index=False):
            entry = AliasEntry(row.id, row.alias, row.case, row.kind, row.valid_from, row.valid_to)
            tokens = normalise_tokens(row.alias, lower=row.case == "any")
            (anycase if row.case == "any" else exact)[tokens].append(entry)
            key = to_lower(tokens[0])
            first[key] = max(first.get(key, 0), len(tokens))
        self.exact, self.anycase, self.first_tokens = dict(exact), dict(anycase), first
        self.lowered = frozenset(anycase) | frozenset(tuple(map(to_lower, key)) for key in exact)

    def __contains__(self, entity: str) -> bool:
        return entity in self._types

    def entity_type(self, entity: str) -> str:
        """`person`, `state`, `organization` or `group`; unknown quoted people (``person:…``) are persons."""
        if entity.startswith("person:"):
            return "person"
        return self._types[entity]

    def is_person(self, entity: str) -> bool:
        """Whether `entity` is a person: one the gazetteer lists as such, or an unknown quoted ``person:…``."""
        return entity.startswith("person:") or self._types.get(entity) == "person"

    def is_media(self, entity: str) -> bool:
        """News media and agencies report positions; they never hold one (`media.csv`)."""
        return entity in self.media

    def represents(self, entity: str) -> str | None:
        """The state or organisation whose position `entity` voices, or None (analysts, states)."""
        return self._represents.get(entity)

    def country_of(self, entity: str) -> str | None:
        """`entity` rolled up to country level: itself for states and organisations, else what it represents."""
        if entity.startswith("person:"):
            return None
        if self._types.get(entity) == "person":
            return self._represents.get(entity)
        return entity

    def name(self, entity: str) -> str:
        """The entity's name; for a quoted person it does not know, the name in the id
        (``person:park_won_gon`` -> ``Park Won Gon``); else the id itself."""
        if entity in self._names:
            return self._names[entity]
        if entity.startswith("person:"):
            return " ".join(part.capitalize() for part in entity.removeprefix("person:").split("_"))
        return entity

    def allies_of(self, state: str) -> str | None:
        """The group entity for the allies of `state`, found from its alias ``sekutu <state alias>``."""
        if self._allies is None:
            allies: dict[str, str] = {}
            for row in self.aliases.itertuples(index=False):
                if row.kind != "group" or not to_lower(row.alias).startswith("sekutu "):
                    continue
                words = normalise_tokens(row.alias, lower=False)[1:]
                for entry in self.lookup(list(words), [to_lower(w) for w in words]):
                    if self._types.get(entry.entity) == "state":
                        allies.setdefault(entry.entity, row.id)
            self._allies = allies
        return self._allies.get(state)

    def lookup(self, words: list[str], lowers: list[str]) -> list[AliasEntry]:
        """Alias entries for exactly these tokens (as written and lower-cased)."""
        return self.exact.get(tuple(words), []) + self.anycase.get(tuple(lowers), [])


def _parse_day(value: str, where: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise ResourceError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from err


_ENTITY_FIELDS = ("id", "type", "name")
_ALIAS_FIELDS = ("id", "alias", "case", "kind")


def _require_fields(row, fields: tuple[str, ...], where: str) -> None:
    for name in fields:
        if not getattr(row, name):
            raise ResourceError(f"{where}: missing field {name!r}")


def _validate_entities(table: pd.DataFrame, path: str) -> None:
    ids: dict[str, int] = {}
    for row in table.itertuples(index=False):
        where = f"{path}:{row.line}"
        _require_fields(row, _ENTITY_FIELDS, where)
        if not _ID.match(row.id):
            raise ResourceError(f"{where}: id {row.id!r} is not lower snake case")
        if row.id in ids:
            raise ResourceError(f"{where}: duplicate id {row.id!r} (first at line {ids[row.id]})")
        ids[row.id] = row.line
        if row.type not in ENTITY_TYPES:
            raise ResourceError(f"{where}: type {row.type!r} is not one of {', '.join(ENTITY_TYPES)}")


def _validate_aliases(table: pd.DataFrame, path: str, ids: set[str]) -> list[tuple]:
    checked = []
    for row in table.itertuples(index=False):
        where = f"{path}:{row.line}"
        _require_fields(row, _ALIAS_FIELDS, where)
        if row.id not in ids:
            raise ResourceError(f"{where}: alias {row.alias!r} names unknown entity {row.id!r}")
        if not normalise_tokens(row.alias, lower=True):
            raise ResourceError(f"{where}: empty alias for {row.id!r}")
        if row.case not in ALIAS_CASES:
            raise ResourceError(f"{where}: case {row.case!r} is not one of {', '.join(ALIAS_CASES)}")
        if row.kind not in ALIAS_KINDS:
            raise ResourceError(f"{where}: kind {row.kind!r} is not one of {', '.join(ALIAS_KINDS)}")
        start, end = _parse_day(row.valid_from, where), _parse_day(row.valid_to, where)
        if start and end and start >= end:
            raise ResourceError(f"{where}: valid_from {start} is not before valid_to {end}")
        checked.append((row.id, row.alias, row.case, row.kind, start, end, where))
    return checked


def _check_role_overlaps(rows: list[tuple]) -> None:
    spans: dict[tuple, list[tuple]] = defaultdict(list)
    for entity, alias, case, kind, start, end, where in rows:
        if kind == "role":
            key = normalise_tokens(alias, lower=case == "any")
            for other, o_start, o_end, o_where in spans[key]:
                if (
                    other != entity
                    and (start or date.min) < (o_end or date.max)
                    and (o_start or date.min) < (end or date.max)
                ):
                    raise ResourceError(
                        f"{where}: role {alias!r} names {entity!r} in a span that overlaps {other!r} ({o_where})"
                    )
            spans[key].append((entity, start, end, where))


def _default_dir() -> Path:
    return Path(str(resources.files("stance") / "data" / "gazetteer"))


def _read_pair(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    entities = read_data_table(folder / "entities.csv", ("id", "type", "represents", "name"))
    aliases = read_data_table(folder / "aliases.csv", ("id", "alias", "case", "kind"))
    for col in ("description",):
        if col not in entities:
            entities[col] = ""
    for col in ("valid_from", "valid_to"):
        if col not in aliases:
            aliases[col] = ""
    entities["file"] = str(folder / "entities.csv")
    aliases["file"] = str(folder / "aliases.csv")
    return entities, aliases


def load_gazetteer(extra: str | Path | list[str | Path] | None = None) -> Gazetteer:
    """Load the shipped gazetteer, plus a researcher's own folders holding `entities.csv`/`aliases.csv`.

    An extra entity with an existing id replaces it; extra aliases are added. Every row is checked,
    and a bad one raises `ResourceError` naming the file and line.
    """
    folders = [_default_dir()]
    if extra:
        folders += [Path(p) for p in ([extra] if isinstance(extra, (str, Path)) else extra)]
    return _load(tuple(str(f) for f in folders))


@cache
def _load(folders: tuple[str, ...]) -> Gazetteer:
    entity_tables, alias_tables = [], []
    digest = hashlib.sha256()
    for folder in map(Path, folders):
        if not folder.is_dir():
            raise ResourceError(f"{folder}: gazetteer folder not found")
        entities, aliases = _read_pair(folder)
        _validate_entities(entities, str(folder / "entities.csv"))
        entity_tables.append(entities)
        alias_tables.append(aliases)
        for name in ("entities.csv", "aliases.csv"):
            digest.update((folder / name).read_bytes())
    entities = pd.concat(entity_tables, ignore_index=True).drop_duplicates("id", keep="last")
    ids = set(entities["id"])
    types = dict(zip(entities["id"], entities["type"], strict=True))
    for row in entities.itertuples(index=False):
        if row.represents and row.represents not in ids:
            raise ResourceError(f"{row.file}:{row.line}: represents unknown entity {row.represents!r}")
        if row.represents and types[row.represents] == "person":
            raise ResourceError(
                f"{row.file}:{row.line}: represents {row.represents!r}, a person; "
                "a person represents a state, an organisation or a group"
            )
    checked: list[tuple] = []
    for table in alias_tables:
        checked += _validate_aliases(table, table["file"].iat[0] if len(table) else "aliases.csv", ids)
    _check_role_overlaps(checked)
    named = {r[0] for r in checked if r[3] in ("name", "group")}
    for row in entities.itertuples(index=False):
        if row.id not in named:
            raise ResourceError(f"{row.file}:{row.line}: entity {row.id!r} has no alias of kind name or group")
    aliases = pd.DataFrame(
        [r[:6] for r in checked], columns=["id", "alias", "case", "kind", "valid_from", "valid_to"]
    ).drop_duplicates(["id", "alias", "case", "kind", "valid_from", "valid_to"])
    entities = entities[["id", "type", "represents", "name", "description"]].reset_index(drop=True)
    media: set[str] = set()
    for folder in map(Path, folders):
        path = folder / "media.csv"
        if path.is_file():
            table = read_data_table(path, ("id",))
            for row in table.itertuples(index=False):
                _require_fields(row, ("id",), f"{path}:{row.line}")
                if row.id not in ids:
                    raise ResourceError(f"{path}:{row.line}: unknown entity {row.id!r}")
            media |= set(table["id"])
            digest.update(path.read_bytes())
    gazetteer = Gazetteer(entities, aliases.reset_index(drop=True), digest.hexdigest()[:16], folders)
    gazetteer.media = frozenset(media)
    return gazetteer
