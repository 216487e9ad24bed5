"""Bad input: encodings, malformed files, repeated ids, broken word lists. Each is an error naming the
file and line, or (with on_error="skip") a skipped row with its reason; counts add up to the input."""

from __future__ import annotations

import json
import logging
import re
import shutil
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from stance import CorpusError, ResourceError, load_corpus, score
from stance.cli import main
from stance.resources import LANGUAGE_TABLES, check_language_folder, read_language_table

from .conftest import SEED

# Indonesian text with the characters that tell encodings apart: curly quotes, an en dash, é.
SMART = "“Kami menolak,” kata José Ramos–Horta. Café di Dili tutup."


# --- encodings ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "encoding, data",
    [
        ("utf-8", SMART.encode("utf-8")),
        ("utf-8 with BOM", SMART.encode("utf-8-sig")),
        ("utf-16 LE with BOM", b"\xff\xfe" + SMART.encode("utf-16-le")),
        ("utf-16 BE with BOM", b"\xfe\xff" + SMART.encode("utf-16-be")),
        ("utf-32 LE with BOM", b"\xff\xfe\x00\x00" + SMART.encode("utf-32-le")),
    ],
)
def test_unicode_files_read_exactly(tmp_path, encoding, data):
    (tmp_path / "a.txt").write_bytes(data)
    line = json.dumps({"id": "j", "text": SMART}, ensure_ascii=False) + "\n"
    bom, codec = {
        "utf-8": (b"", "utf-8"),
        "utf-8 with BOM": (b"\xef\xbb\xbf", "utf-8"),
        "utf-16 LE with BOM": (b"\xff\xfe", "utf-16-le"),
        "utf-16 BE with BOM": (b"\xfe\xff", "utf-16-be"),
        "utf-32 LE with BOM": (b"\xff\xfe\x00\x00", "utf-32-le"),
    }[encoding]
    (tmp_path / "b.jsonl").write_bytes(bom + line.encode(codec))
    (tmp_path / "c.csv").write_bytes(bom + f'id,text\nc,"{SMART}"\n'.encode(codec))
    corpus = load_corpus(tmp_path)
    assert list(corpus["text"]) == [SMART, SMART, SMART]
    assert list(corpus["article_id"]) == ["a", "j", "c"]


def test_cp1252_is_an_error_naming_file_line_and_option(tmp_path):
    path = tmp_path / "windows.csv"
    path.write_bytes(f'id,text\nw1,"Putin tiba."\nw2,"{SMART}"\n'.encode("cp1252"))
    with pytest.raises(CorpusError) as err:
        load_corpus(path)
    message = str(err.value)
    assert "windows.csv:3: not valid UTF-8" in message
    assert "encoding='cp1252'" in message and "--encoding cp1252" in message


@pytest.mark.parametrize("encoding", ["cp1252", "windows-1252"])
def test_cp1252_with_the_option_reads_back_exactly(tmp_path, encoding):
    path = tmp_path / "windows.csv"
    path.write_bytes(f'id,text\nw1,"{SMART}"\n'.encode("cp1252"))
    corpus = load_corpus(path, encoding=encoding)
    assert corpus.loc[0, "text"] == SMART  # no mojibake: “ ” – é come back as written


def test_latin1_with_the_option_reads_back_exactly(tmp_path):
    text = "Kata José: café, señor, Ångström."
    (tmp_path / "latin.txt").write_bytes(text.encode("latin-1"))
    assert load_corpus(tmp_path, encoding="latin-1").loc[0, "text"] == text
    with pytest.raises(CorpusError, match=r"latin\.txt:1: not valid UTF-8"):
        load_corpus(tmp_path)


def test_a_utf8_file_read_as_cp1252_is_refused_not_garbled(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(SMART, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"news\.txt:1: encoding='cp1252' was given, but the file is valid UTF-8"):
        load_corpus(path, encoding="cp1252")
    (tmp_path / "plain.txt").write_text("Putin tiba di Pyongyang.", encoding="ascii")
    assert load_corpus(tmp_path / "plain.txt", encoding="cp1252").loc[0, "text"] == "Putin tiba di Pyongyang."


def test_bytes_cp1252_cannot_hold_are_an_error_with_the_line(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(b"Satu.\nDua \x81 tiga.\n")  # 0x81 is undefined in cp1252
    with pytest.raises(CorpusError, match=r"odd\.txt:2: not valid cp1252"):
        load_corpus(path, encoding="cp1252")


def test_utf16_without_bom_is_recognised_and_named(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Putin tiba di Pyongyang pada Rabu.".encode("utf-16-le"))
    with pytest.raises(CorpusError, match=r"wide\.txt:1: looks like UTF-16 without a byte-order mark.*utf-16-le"):
        load_corpus(path)
    assert load_corpus(path, encoding="utf-16-le").loc[0, "text"] == "Putin tiba di Pyongyang pada Rabu."


def test_utf8_padded_with_nul_bytes_is_not_taken_for_utf16(tmp_path):
    text = "Putin tiba di Pyongyang." + "\x00" * 200  # a file cut short and padded by a crashed writer
    (tmp_path / "padded.txt").write_bytes(text.encode("utf-8"))
    assert load_corpus(tmp_path).loc[0, "text"] == text


def test_truncated_utf16_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "cut.txt"
    path.write_bytes(b"\xff\xfe" + "Putin".encode("utf-16-le") + b"\x00")  # odd number of bytes
    with pytest.raises(CorpusError, match=r"cut\.txt:1: not valid utf-16-le"):
        load_corpus(path)


def test_unknown_encoding_is_named(tmp_path):
    (tmp_path / "a.txt").write_text("Putin tiba.")
    for name in ("klingon", "base64"):
        with pytest.raises(CorpusError, match=f"unknown text encoding '{name}'"):
            load_corpus(tmp_path, encoding=name)


def test_encoding_option_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "windows.jsonl"
    path.write_bytes(json.dumps({"id": "w1", "text": SMART}, ensure_ascii=False).encode("cp1252") + b"\n")
    assert main(["extract", str(path), "--out", str(tmp_path / "bad"), "-q"]) == 2
    assert "windows.jsonl:1: not valid UTF-8" in capsys.readouterr().err
    out = tmp_path / "good"
    assert main(["extract", str(path), "--out", str(out), "--encoding", "cp1252", "-q"]) == 0
    texts = pd.read_json(out / "texts.jsonl", lines=True)
    assert SMART.replace("“", "").split()[0] in texts.loc[0, "text"]
    assert json.loads((out / "manifest.json").read_text())["parameters"]["encoding"] == "cp1252"


# --- malformed files ------------------------------------------------------------------------------
def test_jsonl_records_end_at_newlines_only(tmp_path):
    """Regression: U+2028 and U+0085 are legal unescaped inside JSON strings; splitlines() broke them."""
    path = tmp_path / "news.jsonl"
    text = "Putin tiba.\u2028Kim menyambut.\x85Selesai.\x1c"
    path.write_text(json.dumps({"id": "a", "text": text}, ensure_ascii=False) + "\r\n", encoding="utf-8")
    corpus = load_corpus(path)
    assert list(corpus["text"]) == [text]


def test_lone_surrogates_from_json_escapes_are_replaced_and_noted(tmp_path):
    """Regression: '\\ud800' in JSON became a str no pandas string column could hold (a crash)."""
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "a\\udfff", "text": "Putin \\ud800 tiba.", "title": "\\ud83d\\ude00"}\n')
    corpus = load_corpus(path)
    assert corpus.loc[0, "text"] == "Putin \ufffd tiba."
    assert corpus.loc[0, "article_id"] == "a\ufffd"
    assert corpus.loc[0, "title"] == "😀"  # a whole pair is a character, kept
    assert "2 lone surrogate(s) replaced by U+FFFD" in corpus.loc[0, "reason"]


@pytest.mark.parametrize("year", ["1e400", "[2024]", '"abc"', "true", "-5", "99999"])
def test_unusable_metadata_year_falls_back(tmp_path, year):
    """Regression: a year of 1e400 (infinity) or a list crashed int()."""
    path = tmp_path / "news.jsonl"
    path.write_text(f'{{"id": "a", "text": "Putin tiba pada Rabu (19/6).", "year": {year}}}\n')
    assert load_corpus(path, year=2024).loc[0, "date"] == pd.Timestamp("2024-06-19")


def test_dates_beyond_what_pandas_holds_are_refused(tmp_path):
    """Regression (found by the long property run): an undated article beside one dated 9999-12-31
    crashed the scorer (OutOfBoundsDatetime when NaT, in nanoseconds, met the year 9999)."""
    path = tmp_path / "news.jsonl"
    rows = [
        {"text": "Putin mendukung AS."},
        {"text": "Putin mendukung AS.", "date": "9999-12-31"},
        {"text": "Putin mendukung AS.", "date": "0001-01-01"},
        {"text": "Putin mendukung AS pada Rabu (19/6).", "year": 5000},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    corpus = load_corpus(path)
    assert corpus["date"].isna().all()
    assert "date '9999-12-31' is outside 1678-01-01..2261-12-31" in corpus.loc[1, "reason"]
    assert "date '0001-01-01' is outside" in corpus.loc[2, "reason"]
    assert "dateline date 5000-06-19 is outside" in corpus.loc[3, "reason"]
    tables = score(corpus)
    assert list(tables["articles"]["status"]) == ["ok"] * 4
    assert len(tables["article_stance"]) == 4


def test_line_breaks_in_ids_and_titles_do_not_split_output_rows(tmp_path):
    """Regression (found by the long property run): an id '0\\r0' was written unquoted into
    articles.csv, where the carriage return split its row in two."""
    path = tmp_path / "news.jsonl"
    rows = [
        {"id": "0\r0", "text": "Putin mendukung AS.", "title": "Putin\r\ndan\x00AS", "source": "VOA\u2028Indonesia"},
        {"id": 3.0, "text": "Kim mengecam AS."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    corpus = load_corpus(path)
    assert list(corpus["article_id"]) == ["0 0", "3"]
    assert list(corpus["title"]) == ["Putin dan AS", ""] and corpus.loc[0, "source"] == "VOA Indonesia"
    assert "id '0\\r0' held line breaks" in corpus.loc[0, "reason"]
    assert "held line breaks" not in corpus.loc[1, "reason"]
    out = tmp_path / "out"
    assert main(["score", str(path), "--out", str(out), "-q"]) == 0
    back = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    assert list(back["article_id"]) == ["0 0", "3"]


def test_csv_article_longer_than_the_csv_field_limit(tmp_path):
    """Regression: the csv module refused fields over 131,072 characters."""
    text = "Putin tiba di Pyongyang. " * 20_000
    pd.DataFrame({"id": ["long"], "text": [text]}).to_csv(tmp_path / "long.csv", index=False)
    assert load_corpus(tmp_path / "long.csv").loc[0, "text"] == text


def test_csv_with_an_unclosed_quote_does_not_swallow_the_rest(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text('id,text\na,"Satu."\nb,"Dua tanpa tutup\nc,"Tiga."\nd,"Empat."\n')
    with pytest.raises(CorpusError, match=r"news\.csv:3: not valid CSV"):
        load_corpus(path)
    skipped = load_corpus(path, on_error="skip")
    assert list(skipped["status"]) == ["ok", "skipped"]
    assert "the rest of the file is not read" in skipped.loc[1, "reason"]


def test_csv_multiline_record_is_named_by_its_first_line(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text('id,text\na,"Satu.\n\nDua."\nb,1,2\n')
    with pytest.raises(CorpusError, match=r"news\.csv:5: 3 cells, header has 2"):
        load_corpus(path)


def test_csv_without_text_column_and_json_not_a_list(tmp_path):
    (tmp_path / "a.csv").write_text("id,body\n1,Satu.\n")
    (tmp_path / "b.json").write_text('"just a string"')
    (tmp_path / "c.json").write_text('[{"id": "c1", "text": "Satu."}, 5, ["x"]]')
    with pytest.raises(CorpusError, match=r"a\.csv:1: no 'text' column \(columns: id, body\)"):
        load_corpus(tmp_path / "a.csv")
    with pytest.raises(CorpusError, match=r"b\.json:1: expected a JSON list of article objects, found str"):
        load_corpus(tmp_path / "b.json")
    with pytest.raises(CorpusError, match=r"c\.json:2: item 2 is a int, not an object"):
        load_corpus(tmp_path / "c.json")
    corpus = load_corpus(tmp_path, on_error="skip")
    assert list(corpus["status"]) == ["skipped", "skipped", "ok", "skipped", "skipped"]
    assert list(corpus["article_id"]) == ["a", "b", "c1", "c:2", "c:3"]


def test_parquet_with_wrong_types(tmp_path):
    path = tmp_path / "typed.parquet"
    pd.DataFrame({"id": [1, 2], "text": [101, 102], "date": ["2024-06-19", "2024-06-20"]}).to_parquet(path)
    with pytest.raises(CorpusError, match=r"typed\.parquet:1: text is int 101, not a string"):
        load_corpus(path)
    skipped = load_corpus(path, on_error="skip")
    assert list(skipped["status"]) == ["skipped", "skipped"]
    assert list(skipped["article_id"]) == ["typed:1", "typed:2"]


def test_parquet_ids_with_gaps_keep_whole_numbers(tmp_path):
    path = tmp_path / "gaps.parquet"
    pd.DataFrame({"id": [7, None], "text": ["Satu.", "Dua."]}).to_parquet(path)
    assert list(load_corpus(path)["article_id"]) == ["7", "gaps:2"]


def test_json_record_with_wrong_types(tmp_path):
    path = tmp_path / "news.jsonl"
    rows = [
        {"id": "a", "text": 5},
        {"id": ["x"], "text": "Dua."},
        {"id": "c", "text": None},
        {"id": "d", "text": "Ada."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    with pytest.raises(CorpusError, match=r"news\.jsonl:1: text is int 5, not a string"):
        load_corpus(path)
    corpus = load_corpus(path, on_error="skip")
    assert list(corpus["status"]) == ["skipped", "skipped", "skipped", "ok"]
    assert list(corpus["reason"][:3]) == [
        "text is int 5, not a string",
        "id is list ['x'], not a string or number",
        "no text",
    ]


def test_deeply_nested_json_is_a_bad_record_not_a_crash(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "a", "text": "Satu.", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    corpus = load_corpus(path, on_error="skip")
    assert corpus.loc[0, "status"] == "skipped" and "nested too deeply" in corpus.loc[0, "reason"]


# --- repeated ids ---------------------------------------------------------------------------------
def test_duplicate_ids_are_refused_with_both_places_named(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "x", "text": "Satu."}\n')
    (tmp_path / "b.csv").write_text("id,text\ny,Dua.\nx,Tiga.\n")
    with pytest.raises(
        CorpusError, match=r"b\.csv:3: duplicate id 'x' \(first at .*a\.jsonl:1\).*--duplicate-ids rename"
    ):
        load_corpus(tmp_path)
    skipped = load_corpus(tmp_path, on_error="skip")
    assert list(skipped["status"]) == ["ok", "ok", "skipped"]
    assert skipped["article_id"].is_unique


def test_duplicate_ids_renamed_on_request(tmp_path, caplog):
    path = tmp_path / "news.jsonl"
    rows = [
        {"id": "x", "text": "Satu."},
        {"id": "x", "text": "Dua."},
        {"id": "x#2", "text": "Tiga."},
        {"id": "x", "text": "Empat."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    with caplog.at_level(logging.WARNING, logger="stance.corpus"):
        corpus = load_corpus(path, duplicate_ids="rename")
    assert list(corpus["article_id"]) == ["x", "x#2", "x#2#2", "x#3"]
    assert list(corpus["text"]) == ["Satu.", "Dua.", "Tiga.", "Empat."]
    assert (corpus["status"] == "ok").all()
    assert "duplicate id 'x' (first at" in corpus.loc[1, "reason"] and "renamed 'x#2'" in corpus.loc[1, "reason"]
    assert "3 duplicate id(s) renamed: 'x' -> 'x#2'" in caplog.text
    with pytest.raises(ValueError, match="duplicate_ids must be"):
        load_corpus(path, duplicate_ids="keep")


def test_fallback_ids_never_collide_with_given_ids(tmp_path):
    (tmp_path / "news.jsonl").write_text('{"id": "news:2", "text": "Satu."}\n{"text": "Dua."}\n')
    corpus = load_corpus(tmp_path, duplicate_ids="rename")
    assert list(corpus["article_id"]) == ["news:2", "news:2#2"]


# --- through the command line: the manifest accounts for every input record -------------------------
def test_score_manifest_counts_add_up_to_the_input(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "000_seed.txt").write_bytes(SEED.read_bytes())
    (inputs / "empty.txt").write_text("   \n")
    lines = [
        json.dumps({"id": "a", "date": "2022-02-24", "text": "Rusia menyerang Ukraina, kata Zelensky."}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "a", "text": "Putin mengecam AS."}),
        json.dumps({"id": "n", "text": 42}),
        json.dumps(["not", "an", "object"]),
    ]
    (inputs / "news.jsonl").write_text("\n".join(lines) + "\n")
    (inputs / "no_text.csv").write_text("id,body\n1,x\n2,y\n")
    (inputs / "w.csv").write_bytes('id,text\nw1,"Kata José: “AS buruk.”"\n'.encode("cp1252"))
    out = tmp_path / "out"
    args = ["score", str(inputs), "--out", str(out), "--year", "2024", "--on-error", "skip", "-q"]
    assert main(args) == 0
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False)
    manifest = json.loads((out / "manifest.json").read_text())
    counts = manifest["counts"]
    # 2 .txt, 5 JSONL lines, 1 unreadable CSV (no text column), 1 CSV not in UTF-8
    assert counts["articles"] == len(articles) == 9
    assert counts["scored"] + counts["skipped"] == counts["articles"]
    assert counts["scored"] == 2 and (articles["status"] == "ok").sum() == 2
    assert articles["article_id"].is_unique
    assert (articles.loc[articles["status"] == "skipped", "reason"] != "").all()
    assert len(manifest["inputs"]) == 5
    reasons = dict(zip(articles["article_id"], articles["reason"], strict=True))
    assert reasons["empty"] == "empty text"
    assert "duplicate id 'a'" in " ".join(reasons.values())
    assert "not valid UTF-8" in reasons["w"] and "no 'text' column" in reasons["no_text"]
    evidence = pd.read_csv(out / "evidence.csv", keep_default_na=False)
    assert set(evidence["article_id"]) <= set(articles.loc[articles["status"] == "ok", "article_id"])

    renamed = tmp_path / "renamed"
    args[args.index(str(out))] = str(renamed)
    assert main([*args, "--duplicate-ids", "rename"]) == 0
    again = json.loads((renamed / "manifest.json").read_text())["counts"]
    assert again["articles"] == 9 and again["scored"] == 3 and again["skipped"] == 6
    assert "a#2" in set(pd.read_csv(renamed / "articles.csv")["article_id"])


# --- gazetteer and word lists with a bad row ------------------------------------------------------
ENTITIES = "id,type,represents,name\nrina_k,person,,Rina K\n"
ALIASES = "id,alias,case,kind\nrina_k,Rina Kusumawati,any,name\n"


def _gazetteer_folder(tmp_path, entities=ENTITIES, aliases=ALIASES):
    folder = tmp_path / "gaz"
    folder.mkdir()
    (folder / "entities.csv").write_text(entities)
    (folder / "aliases.csv").write_text(aliases)
    return folder


@pytest.mark.parametrize(
    "file, extra, message",
    [
        ("entities.csv", "budi,person,,\n", r"entities\.csv:3: missing field 'name'"),
        ("entities.csv", "budi\n", r"entities\.csv:3: missing field 'type'"),
        ("aliases.csv", "rina_k,Rina\n", r"aliases\.csv:3: missing field 'case'"),
        ("aliases.csv", "rina_k,Bu Rina,any,nickname\n", r"aliases\.csv:3: kind 'nickname' is not one of name, short"),
        ("entities.csv", "rina_k,person,,Rina Lain\n", r"entities\.csv:3: duplicate id 'rina_k' \(first at line 2\)"),
        ("entities.csv", "budi,person,rina_k,Budi\n", r"entities\.csv:3: represents 'rina_k', a person"),
        ("aliases.csv", 'rina_k,"Rina K,any,name\nrina_k,R K,any,name\n', r"aliases\.csv:3: not valid CSV"),
        ("aliases.csv", "rina_k,Rina,any,name,,,\n", r"aliases\.csv:3: 7 cells but the header has 4"),
        ("media.csv", None, r"media\.csv:2: unknown entity 'koran_x'"),
    ],
)
def test_gazetteer_bad_row_is_named_on_the_command_line(tmp_path, capsys, file, extra, message):
    folder = _gazetteer_folder(
        tmp_path,
        ENTITIES + (extra if file == "entities.csv" else ""),
        ALIASES + (extra if file == "aliases.csv" else ""),
    )
    if file == "media.csv":
        (folder / "media.csv").write_text("id\nkoran_x\n")
    args = ["score", str(SEED), "--gazetteer", str(folder), "--out", str(tmp_path / "out"), "-q"]
    assert main(args) == 2
    assert re.search(message, capsys.readouterr().err)
    assert not (tmp_path / "out").exists()  # refused before anything was written


def test_good_gazetteer_folder_is_used(tmp_path):
    folder = _gazetteer_folder(tmp_path)
    assert main(["extract", str(SEED), "--gazetteer", str(folder), "--out", str(tmp_path / "out"), "-q"]) == 0


@pytest.fixture
def language_copy(tmp_path):
    folder = tmp_path / "id"
    shutil.copytree(Path(str(resources.files("stance") / "data" / "lang" / "id")), folder)
    return folder


@pytest.mark.parametrize(
    "name, row, message",
    [
        ("stance_cues", "membela,1,act", r"missing field 'weight'"),
        ("stance_cues", "membela,1,feeling,1.0", r"kind 'feeling' is not one of act, attitude, trait, threat"),
        ("stance_cues", "membela,2,act,1.0", r"polarity '2' is not one of 1, -1"),
        ("stance_cues", "membela,1,act,berat", r"weight 'berat' is not a number"),
        ("stance_cues", "mendukung,1,act,0.5", r"duplicate form 'mendukung' \(first at line \d+\)"),
        ("stance_cues", "Menyambut-baik,1,act,0.5", r"duplicate form 'Menyambut-baik'"),
        ("boilerplate", "broken,inline,(unclosed", r"bad regular expression in pattern '\(unclosed'"),
        ("boilerplate", "x,everywhere,ADS", r"scope 'everywhere' is not one of line, inline"),
        ("cue_verbs", "kata,after,speech", r"duplicate form 'kata'"),
        ("tone_lexicon", "hebat,7", r"score '7' is outside -1\.\.1"),
        ("months", "juni,6.5", r"month '6\.5' is not a whole number"),
        ("negators", 'tidak pernah,"flip,any', r"not valid CSV"),
        ("pronouns", "beliau,singular,extra", r"3 cells but the header has 2"),
        ("first_person", "kami", r"duplicate form 'kami'"),
    ],
)
def test_word_list_bad_row_is_named(language_copy, name, row, message):
    path = language_copy / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + row + "\n", encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").split("\n")) - 1
    pattern = rf"{name}\.csv:{line}: {message}"
    with pytest.raises(ResourceError, match=pattern):
        check_language_folder(language_copy)
    with pytest.raises(ResourceError, match=pattern):
        read_language_table(name, folder=language_copy)


def test_shipped_word_lists_pass_their_checks(language_copy):
    summary = check_language_folder()
    assert set(summary["name"]) == set(LANGUAGE_TABLES) and (summary["rows"] > 0).all()
    assert (summary["version"] != "").all()
    (language_copy / "weekdays.csv").unlink()
    with pytest.raises(ResourceError, match=r"weekdays\.csv: file not found"):
        check_language_folder(language_copy)
