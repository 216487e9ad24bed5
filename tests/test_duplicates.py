"""Syndicated copies: the demo's three pairs, groups of copies, the blocking path, and dropping copies."""

import re

import pandas as pd
import pytest

from stance import load_corpus
from stance.duplicates import DUPLICATE_COLUMNS, drop_duplicates, find_duplicates

from .conftest import ROOT, SEED

SEED_ID = SEED.stem
DEMO_PAIRS = {
    ("demo-2022-018", "demo-2022-017"),  # recognition of Donetsk and Luhansk: reworded almost sentence by sentence
    ("demo-2023-021", "demo-2023-020"),  # Camp David
    ("demo-2024_2025-012", "demo-2024_2025-011"),  # North Korean troops in Russia confirmed
}


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return load_corpus([ROOT / "seeds", ROOT / "data" / "demo"], year=2024)


@pytest.fixture(scope="module")
def demo_duplicates(corpus) -> pd.DataFrame:
    return find_duplicates(corpus)


def _story(corpus: pd.DataFrame, article_id: str) -> str:
    return corpus.set_index("article_id").at[article_id, "text"]


def _copy_of(text: str, outlet: str) -> str:
    """How another outlet runs a wire story: its own dateline, one paragraph dropped, a word changed,
    its own page leftovers."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    body = "\n".join(paragraphs[:3] + paragraphs[4:])
    body = re.sub(r"^<p>[^<]*?--\s*", f"<p>{outlet} - ", body, count=1).replace("menggelar", "mengadakan", 1)
    return body + "\nBaca juga: Harga Cabai Naik Jelang Akhir Pekan\n[ab/cd]"


def test_demo_pairs_found_and_nothing_else(demo_duplicates):
    assert list(demo_duplicates.columns) == DUPLICATE_COLUMNS
    assert set(zip(demo_duplicates["article_id"], demo_duplicates["duplicate_of"], strict=True)) == DEMO_PAIRS
    assert (demo_duplicates["similarity"] >= 0.8).all()
    # each pair ran on one day in two outlets
    assert (demo_duplicates["date"] == demo_duplicates["date_kept"]).all()
    assert (demo_duplicates["source"] != demo_duplicates["source_kept"]).all()


def test_seed_is_merged_with_nothing(demo_duplicates):
    assert SEED_ID not in set(demo_duplicates["article_id"]) | set(demo_duplicates["duplicate_of"])


def test_blocking_finds_what_all_pairs_find(corpus, demo_duplicates):
    blocked = find_duplicates(corpus, exact_below=0)
    assert blocked.attrs["method"] == "minhash"
    assert demo_duplicates.attrs["method"] == "exact"
    # far fewer pairs scored than all 86 * 85 / 2, same answer
    assert blocked.attrs["n_candidates"] < demo_duplicates.attrs["n_candidates"] / 4
    pd.testing.assert_frame_equal(blocked, demo_duplicates)


def test_a_lower_threshold_still_merges_only_the_pairs(corpus):
    # the closest pair of different stories in the demo scores about 0.4
    found = find_duplicates(corpus, threshold=0.6)
    assert set(zip(found["article_id"], found["duplicate_of"], strict=True)) == DEMO_PAIRS


def test_three_copies_collapse_to_the_earliest(corpus):
    original = corpus[corpus["article_id"] == "demo-2023-020"].iloc[0]
    text = _story(corpus, "demo-2023-020")
    copies = pd.DataFrame(
        [
            {"article_id": "zz-late", "date": original["date"] + pd.Timedelta(days=2), "source": "Koran Timur",
             "text": _copy_of(text, "Makassar, KoranTimur"), "status": "ok"},
            {"article_id": "aa-later", "date": original["date"] + pd.Timedelta(days=3), "source": "Kabar Barat",
             "text": _copy_of(text, "Padang, KabarBarat"), "status": "ok"},
        ]
    )  # fmt: skip
    found = find_duplicates(pd.concat([corpus, copies], ignore_index=True))
    story = found[found["duplicate_of"] == "demo-2023-020"]
    assert set(story["article_id"]) == {"demo-2023-021", "zz-late", "aa-later"}
    assert (story["date_kept"] == original["date"]).all()
    assert (story["source_kept"] == "Suara Global").all()
    assert len(found) == len(DEMO_PAIRS) + 2


def test_copies_far_apart_in_time_are_new_stories(corpus):
    base = corpus[corpus["article_id"] == "demo-2022-017"].iloc[0]
    rerun = pd.DataFrame(
        [{"article_id": "rerun", "date": base["date"] + pd.Timedelta(days=40), "source": "Arsip",
          "text": base["text"], "status": "ok"}]
    )  # fmt: skip
    both = pd.concat([corpus[corpus["article_id"] == "demo-2022-017"], rerun], ignore_index=True)
    apart = find_duplicates(both)
    assert apart.empty and apart.attrs["n_too_far_apart"] == 1
    merged = find_duplicates(both, max_days=None)
    assert merged[["article_id", "duplicate_of"]].values.tolist() == [["rerun", "demo-2022-017"]]
    assert merged["similarity"].iloc[0] == pytest.approx(1.0)


def test_undated_copy_points_at_the_dated_original(corpus):
    base = corpus[corpus["article_id"] == "demo-2022-017"]
    copy = base.assign(article_id="aaa-undated", date=pd.NaT, source="Tanpa Tanggal")
    found = find_duplicates(pd.concat([base, copy], ignore_index=True))
    assert found[["article_id", "duplicate_of"]].values.tolist() == [["aaa-undated", "demo-2022-017"]]


def test_short_and_skipped_texts_are_not_compared(corpus):
    short = "Rusia dan Ukraina kembali berunding di Istanbul pada Senin."
    rows = pd.DataFrame(
        [
            {"article_id": "short-a", "date": pd.Timestamp("2024-01-01"), "source": "A", "text": short, "status": "ok"},
            {"article_id": "short-b", "date": pd.Timestamp("2024-01-01"), "source": "B", "text": short, "status": "ok"},
            {"article_id": "skipped", "date": pd.Timestamp("2022-07-14"), "source": "C",
             "text": _story(corpus, "demo-2022-017"), "status": "skipped"},
        ]
    )  # fmt: skip
    found = find_duplicates(pd.concat([corpus, rows], ignore_index=True))
    assert found.attrs["n_too_short"] == 2
    assert set(zip(found["article_id"], found["duplicate_of"], strict=True)) == DEMO_PAIRS
    assert len(find_duplicates(rows, min_words=5)) == 1  # counted as copies once they are long enough


def test_drop_duplicates_removes_copies_from_any_table(corpus, demo_duplicates):
    kept = drop_duplicates(corpus, demo_duplicates)
    assert len(kept) == len(corpus) - 3
    assert not set(kept["article_id"]) & {copy for copy, _ in DEMO_PAIRS}
    assert {original for _, original in DEMO_PAIRS} <= set(kept["article_id"])
    assert drop_duplicates(corpus, find_duplicates(corpus.head(3))).equals(corpus)  # nothing to drop


@pytest.mark.parametrize(
    "frame, message",
    [
        (pd.DataFrame({"article_id": ["a"], "date": [pd.NaT]}), "no 'text' column"),
        (pd.DataFrame({"article_id": ["a", "a"], "text": ["x", "y"]}), "repeated: a"),
    ],
)
def test_bad_input_is_named(frame, message):
    with pytest.raises(ValueError, match=message):
        find_duplicates(frame)


@pytest.mark.parametrize("kwargs", [{"threshold": 0}, {"threshold": 1.5}, {"num_perm": 100, "bands": 32}])
def test_bad_parameters_are_refused(corpus, kwargs):
    with pytest.raises(ValueError):
        find_duplicates(corpus, **kwargs)


def test_drop_duplicates_needs_article_ids(demo_duplicates):
    with pytest.raises(ValueError, match="article_id"):
        drop_duplicates(pd.DataFrame({"id": [1]}), demo_duplicates)


def test_a_collection_without_words_has_no_copies():
    rows = pd.DataFrame({"article_id": ["a", "b"], "text": ["", "  "], "status": ["ok", "skipped"]})
    found = find_duplicates(rows)
    assert found.empty and list(found.columns) == DUPLICATE_COLUMNS
    assert found.attrs["n_too_short"] == 1 and found.attrs["n_compared"] == 0
