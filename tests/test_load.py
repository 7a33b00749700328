"""The loader on the real seed files, and on the damage they stand for."""

from __future__ import annotations

import pytest

from factcheck.errors import SourceError
from factcheck.extract.load import load, read_sources, read_text
from factcheck.extract.normalize import repair
from factcheck.records import Article

from .conftest import SOURCES

TSV = "002_f5a84a02b796e88a.txt"


@pytest.fixture(scope="module")
def seeds():
    return load([SOURCES])


def test_load_reads_every_seed_record(seeds):
    articles, _ = seeds
    per_file = {}
    for a in articles:
        per_file[a.path] = per_file.get(a.path, 0) + 1
    # 12 lines in the TSV, one of which holds two records
    assert per_file == {"000_4b9686e93201d282.txt": 1, "001_04631ecc3b75b74c.txt": 1, TSV: 13,
                        "003_b5c2766ab9873b28.txt": 1, "004_43698ed40160f2b4.txt": 1}


def test_load_splits_glued_records_and_notes_it(seeds):
    articles, notes = seeds
    glued = [a for a in articles if a.path == TSV and a.line == 9]
    assert [a.title for a in glued] == [
        "MIT and SenseTime announce effort to advance artificial intelligence research",
        "SenseTime Raises US$600 Million in Series C Funding"]
    assert any(n.line == 9 and "glued" in n.message for n in notes)


def test_load_recovers_title_when_tab_is_missing(seeds):
    articles, notes = seeds
    last = [a for a in articles if a.path == TSV][-1]
    assert last.title == "SenseTime raises US$620 million in Series C+ funding"
    assert last.date == "2018-05-31"
    assert any(n.line == 12 and "lost the tab" in n.message for n in notes)


def test_load_ids_are_file_and_record(seeds):
    articles, _ = seeds
    assert len({a.id for a in articles}) == len(articles)
    assert f"{TSV}#13" in {a.id for a in articles}


@pytest.mark.parametrize("path, date", [
    ("000_4b9686e93201d282.txt", "2018-03-01"),  # a `date YYYY-MM-DD` marker
    ("003_b5c2766ab9873b28.txt", "2018-05-22"),  # a page timestamp
    ("004_43698ed40160f2b4.txt", None),  # no date anywhere
    ("001_04631ecc3b75b74c.txt", None),  # "October 16th" has no year
])
def test_load_finds_publication_dates(seeds, path, date):
    articles, _ = seeds
    assert next(a for a in articles if a.path == path).date == date


def test_load_reads_tsv_datelines(seeds):
    articles, _ = seeds
    dates = {a.record: a.date for a in articles if a.path == TSV}
    assert dates[1] == "2017-07-11"  # "Beijing, China – July 11, 2017 –"
    assert dates[4] == "2017-12-07"  # "December 7, 2017 – Beijing"


def test_load_repairs_encodings_and_keeps_offsets(seeds):
    articles, _ = seeds
    raw = (SOURCES / TSV).read_text(encoding="utf-8")
    first = articles[2]
    assert first.title.startswith("China’s largest AI unicorn")
    assert "＊" not in first.text and "每" not in first.text
    i = first.text.index("$410 million")
    assert raw[first.file_offset(i):first.file_offset(i) + 12] == "$410 million"
    thai = next(a for a in articles if a.path.startswith("001"))
    assert "Xiao’ou Tang" in thai.text
    j = thai.text.index("Megvii")  # after the 3-to-1 repair, offsets still land right
    raw1 = (SOURCES / thai.path).read_text(encoding="utf-8")
    assert raw1[thai.file_offset(j):thai.file_offset(j) + 6] == "Megvii"
    assert thai.file_line(j) == 16


def test_load_title_of_page_with_navigation_junk(seeds):
    articles, _ = seeds
    page = next(a for a in articles if a.path.startswith("003"))
    assert page.title == "SenseTime, Alibaba open AI lab in partnership with HK Science and Technology Parks"


@pytest.mark.parametrize("damaged, fixed", [
    ("China＊s largest", "China’s largest"),
    ("the ※connected world§ to", "the “connected world” to"),
    ("July 11, 2017 每 SenseTime", "July 11, 2017 – SenseTime"),
    ("Xiaoโ€™ou Tang", "Xiao’ou Tang"),
    ("a total of USD $410 ?million.", "a total of USD $410  million."),
    ("aims to?promote AI", "aims to promote AI"),
])
def test_repair_fixes_seed_damage(damaged, fixed):
    # Big5 damage is recognised only in otherwise-Latin text with enough evidence
    assert repair(damaged + " " + "plain English text " * 3).text.startswith(fixed)


def test_repair_decodes_html_character_references_and_keeps_offsets():
    raw = "Wayne Rooney se volvi&#243; loco en el Bernab&#xE9;u for &#163;5m &amp; more; AT&T &#0; &bogus;"
    r = repair(raw)
    assert r.text == "Wayne Rooney se volvió loco en el Bernabéu for £5m & more; AT&T &#0; &bogus;"
    assert r.repairs == {"entity": 4}
    article = Article(id="a", path="a.txt", record=1, line=1, title="", date=None, text=r.text, file_offsets=r.anchors)
    for word in ("loco", "for", "5m", "more", "AT&T", "&bogus;"):
        i = r.text.index(word)
        assert raw[article.file_offset(i):article.file_offset(i) + len(word)] == word


@pytest.mark.parametrize("clean", [
    "He said “hello” and ‘bye’ — fine.",
    "Is it? Yes. Section § 3 of the act.",
    "See https://example.com/page?id=3 for more.",
    "中国的人工智能公司每年增长",
])
def test_repair_leaves_clean_text_alone(clean):
    assert repair(clean).text == clean


def test_read_jsonl_skips_a_bad_record_naming_file_and_line():
    notes, skipped = [], []
    text = '{"title": "ok", "text": "A $3 billion deal."}\n{"title": "broken", "text": \n'
    articles = list(read_text(text, "feed.jsonl", notes, suffix=".jsonl", skipped=skipped))
    assert [a.title for a in articles] == ["ok"]
    assert [str(n) for n in skipped] == ["feed.jsonl:2: skipped: not a JSON object: Expecting value (column 29)"]


def test_load_skips_binary_file_and_reads_the_rest(tmp_path):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "story.txt").write_text("Acme raised $5 million.\n", encoding="utf-8")
    loaded = read_sources([tmp_path])
    assert [a.id for a in loaded.articles] == ["story.txt#1"]
    assert [str(n) for n in loaded.skipped] == ["photo.txt:3: skipped: binary file (NUL bytes), not an article"]


def test_load_reads_non_utf8_file_without_losing_it(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 owners raised \xa35m last year.\n".encode("latin-1"))
    articles, notes = load([tmp_path])
    assert "Café owners raised £5m" in articles[0].text
    assert "Windows-1252" in notes[0].message


def test_load_missing_path_is_an_error(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        load([tmp_path / "nope"])


def test_same_file_name_in_two_folders_gets_two_ids(tmp_path, fake_embedder):
    """`run a/ b/` with story.txt in both: two articles, and the conflict between them is found."""
    from factcheck.pipeline import run

    from .test_check import CONFLICT, FUNDING

    for folder, text in (("a", FUNDING), ("b", CONFLICT)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(text, encoding="utf-8")
        (tmp_path / folder / f"only_{folder}.txt").write_text("Nothing to count here.\n", encoding="utf-8")
    articles, _ = load([tmp_path / "a", tmp_path / "b"])
    assert [a.id for a in articles] == ["only_a.txt#1", "a/story.txt#1", "only_b.txt#1", "b/story.txt#1"]
    assert [a.id for a in load([tmp_path / "a"])[0]] == ["only_a.txt#1", "story.txt#1"]  # one folder: as before
    result = run([tmp_path / "a", tmp_path / "b"], fake_embedder)
    claims = result.claim_index
    pairs = {(claims[f.a].article_id, claims[f.b].article_id) for f in result.flags if f.kind == "conflict"}
    assert ("a/story.txt#1", "b/story.txt#1") in pairs
