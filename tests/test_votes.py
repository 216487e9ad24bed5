"""Votes on a motion (stance.votes): a voter's position is its vote times the motion's position, though
the vote's sentence may name no target. Texts are the demo articles' own sentences."""

import json
from pathlib import Path

import pytest

from stance import read_article
from stance.features import candidate_table

ROOT = Path(__file__).resolve().parents[1]


def demo_text(article_id: str) -> str:
    for path in sorted((ROOT / "data" / "demo").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and (article := json.loads(line))["id"] == article_id:
                return article["text"]
    raise KeyError(article_id)


def votes(text: str, gazetteer) -> dict[tuple[str, str], float]:
    table = candidate_table(read_article(text, None, gazetteer), gazetteer)
    table = table[table["role"] == "vote"]
    return {(r.holder, r.target): r.rule_score for r in table.itertuples()}


GENERAL_ASSEMBLY = (
    "Majelis Umum Perserikatan Bangsa-Bangsa (PBB) mengesahkan resolusi yang menuntut Rusia segera menghentikan "
    "penggunaan kekuatan terhadap Ukraina dan menarik seluruh pasukannya tanpa syarat. Resolusi berjudul "
    "\u201cAgresi terhadap Ukraina\u201d itu diadopsi dalam sidang khusus darurat pada Rabu (2/3). Sebanyak 141 "
    "dari 193 negara anggota memberikan suara setuju. Lima negara menolak, yakni Rusia, Belarus, Korea Utara, "
    "Eritrea dan Suriah, sedangkan 35 negara memilih abstain, di antaranya China, India dan Iran. Indonesia "
    "termasuk negara yang mendukung. Di Asia Tenggara, hampir semua negara ASEAN mendukung resolusi, kecuali "
    "Vietnam dan Laos yang abstain."
)


def test_votes_after_the_motion_take_its_position(gazetteer):
    found = votes(GENERAL_ASSEMBLY, gazetteer)
    for voter in ("russia", "belarus", "north_korea", "syria"):  # Eritrea is no entity, the list goes on
        assert found[(voter, "ukraine")] < -0.3, voter
    assert found[("indonesia", "ukraine")] > 0.3
    assert not {h for h, _ in found} & {"china", "india", "iran"}  # abstaining is no position
    assert "asean" not in {h for h, _ in found}  # "negara ASEAN": its members, not ASEAN itself


def test_a_draft_takes_its_author_side(gazetteer):
    text = (
        "China dan Rusia memveto rancangan resolusi Dewan Keamanan PBB yang diajukan Amerika Serikat untuk "
        "memperketat sanksi terhadap Korea Utara."
    )
    found = votes(text, gazetteer)
    assert found[("china", "united_states")] < -0.3 and found[("russia", "united_states")] < -0.3
    assert ("un_security_council", "united_states") not in found  # the draft's body casts no vote


def test_a_vote_with_no_object_refers_to_the_last_motion(gazetteer):
    found = votes(demo_text("demo-2024_2025-019"), gazetteer)
    assert found[("russia", "united_states")] > 0.3  # "sementara Rusia dan China mendukung": the US draft
    assert found[("china", "united_states")] > 0.3
    assert found[("united_states", "ukraine")] < -0.3  # "memberikan suara menentang resolusi … invasi ke Ukraina"


@pytest.mark.parametrize(
    "text",
    [
        # the motion's words end with its clause: blaming the US is Pyongyang's, not the resolution's
        "Pyongyang menjadi satu dari lima negara yang menolak resolusi Majelis Umum PBB pada 2 Maret yang menuntut "
        "Rusia menarik pasukannya, dan sebelumnya menyalahkan kebijakan Amerika Serikat sebagai akar krisis Ukraina.",
        # a vote verb with another object is no vote
        "Majelis Umum PBB mengesahkan resolusi yang mengecam invasi Rusia ke Ukraina. Rusia menolak tuduhan itu.",
        # no motion named: a bare "menolak" is no vote
        "Lima negara menolak, yakni Rusia, Belarus dan Suriah.",
    ],
)
def test_no_vote_read(gazetteer, text):
    assert votes(text, gazetteer) == {}
