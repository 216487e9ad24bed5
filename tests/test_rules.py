"""The rule scorer on one construction a row: who holds which position toward whom."""

from datetime import date

import pytest

from stance import read_article
from stance.cues import find_cues
from stance.features import candidate_table
from stance.sentences import split_sentences
from stance.tokens import tokenize


def rule_scores(text: str, gazetteer) -> dict[tuple[str, str], float]:
    table = candidate_table(read_article(text, date(2024, 6, 19), gazetteer), gazetteer)
    best: dict[tuple[str, str], float] = {}
    for row in table.itertuples():
        key = (row.holder, row.target)
        if abs(row.rule_score) > abs(best.get(key, 0.0)):
            best[key] = row.rule_score
        best.setdefault(key, row.rule_score)
    return best


def sign(x: float) -> str:
    return "favor" if x >= 0.3 else "against" if x <= -0.3 else "neutral"


@pytest.mark.parametrize(
    "text, holder, target, expected",
    [
        ("Rusia menyerang Ukraina.", "russia", "ukraine", "against"),
        ("AS menjatuhkan sanksi baru terhadap China.", "united_states", "china", "against"),
        ("Jepang mendukung Ukraina.", "japan", "ukraine", "favor"),
        ("Jepang tidak mendukung Ukraina.", "japan", "ukraine", "against"),
        ("China menolak mengecam Rusia atas serangannya ke Ukraina.", "china", "ukraine", "neutral"),
        ("Ukraina diserang Rusia.", "russia", "ukraine", "against"),
        ("Ukraina terus dibantu oleh Jerman.", "germany", "ukraine", "favor"),
        ("Kim menyatakan dukungan penuh bagi perang Putin melawan Ukraina.", "vladimir_putin", "ukraine", "against"),
        (
            "Kim Jong-un menyatakan dukungan penuh bagi perang Putin melawan Ukraina.",
            "kim_jong_un",
            "ukraine",
            "against",
        ),
        (
            "Amerika Serikat, bersama Inggris dan Kanada, memboikot Olimpiade Beijing.",
            "united_states",
            "china",
            "against",
        ),
        (
            "Rusia memanfaatkan hubungannya dengan Korea Utara untuk memprovokasi Amerika Serikat.",
            "russia",
            "united_states",
            "against",
        ),
        # the nearest name is not the holder
        (
            "Rusia memanfaatkan hubungannya dengan Korea Utara untuk memprovokasi Amerika Serikat.",
            "north_korea",
            "united_states",
            "neutral",
        ),
        # a speaker and what they said
        ("“Kami mendukung Ukraina sepenuhnya,” kata Kishida.", "fumio_kishida", "ukraine", "favor"),
        ("“Washington memprovokasi Moskow,” kata Peskov.", "dmitry_peskov", "united_states", "against"),
        (
            "Putin mengatakan Moskow tengah melawan kebijakan imperialis Amerika Serikat.",
            "vladimir_putin",
            "united_states",
            "against",
        ),
        ("Peskov menuduh Washington memperkeruh suasana.", "dmitry_peskov", "united_states", "against"),
        # reported accusation stays with the accuser
        ("AS menuduh China memasok komponen senjata ke Rusia.", "united_states", "china", "against"),
        # a place is not a target of the act
        (
            "“Kami menghargai dukungan Anda bagi kebijakan kami di Ukraina,” ujar Putin.",
            "vladimir_putin",
            "ukraine",
            "neutral",
        ),
        # hedged, diplomatic language is no position
        ("China menyerukan semua pihak, termasuk Ukraina, menahan diri.", "china", "ukraine", "neutral"),
    ],
)
def test_rule_constructions(gazetteer, text, holder, target, expected):
    scores = rule_scores(text, gazetteer)
    assert sign(scores.get((holder, target), 0.0)) == expected, scores


@pytest.mark.parametrize(
    "text, form, polarity, negated",
    [
        ("Jerman tidak akan mendukung sanksi itu.", "mendukung", -1, "flip"),
        ("China menolak mengecam Rusia.", "mengecam", -1, "cancel"),
        ("Rusia menolak tuduhan AS.", "menolak", -1, ""),
        ("Beijing belum pernah mengecam Moskow.", "mengecam", -1, "cancel"),
        ("AS tidak hanya mendukung Ukraina.", "mendukung", 1, ""),
    ],
)
def test_cue_negation(text, form, polarity, negated):
    tokens = tokenize(text, split_sentences(text))
    cue = next(c for c in find_cues(tokens) if c.form == form)
    assert (cue.polarity, cue.negated) == (polarity, negated)


@pytest.mark.parametrize(
    "text, holder, target, expected",
    [
        ("Berlin mengumumkan akan mengirim 1.000 senjata antitank ke Ukraina.", "germany", "ukraine", "favor"),
        ("Polandia menyerahkan 14 tank Leopard kepada Ukraina.", "poland", "ukraine", "favor"),
        ("Jepang mengirim delegasi ke China.", "japan", "china", "neutral"),
    ],
)
def test_aid_deeds(gazetteer, text, holder, target, expected):
    assert sign(rule_scores(text, gazetteer).get((holder, target), 0.0)) == expected


def test_a_place_after_a_locative_holds_nothing(seed_reading, gazetteer):
    """'perang di Ukraina', 'kebijakan di Ukraina': Ukraine is where it happens, not a holder toward the US;
    the same sentences still give Ukraine as a target ('dukungan … bagi kebijakan Rusia')."""
    table = candidate_table(seed_reading, gazetteer)
    pairs = set(zip(table["sentence_idx"], table["holder"], table["target"], strict=True))
    assert not any(h == "ukraine" and t == "united_states" for _, h, t in pairs)
    assert (20, "russia", "ukraine") in pairs or (20, "north_korea", "ukraine") in pairs
