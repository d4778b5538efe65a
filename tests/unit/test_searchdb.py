"""The stored search index: exactly the hits of the in-memory index, on the bundled and a generated knowledge base; damage is rebuilt."""

from __future__ import annotations

import importlib.util
import json
import marshal
import pickle
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawkb import cache, index, searchdb
from lawkb.errors import UsageError
from lawkb.index import Index, build_index
from lawkb.load import load_kb
from lawkb.searchdb import StoredIndex, write_index
from tests.conftest import ANSWERS, REPO

KEY = "test-key"

QUERIES = [
    # two-syllable Korean words: scored from the posting alone
    "소지", "촬영", "배포", "제작", "횡령", "협박", "징역",
    # one character: a scan
    "소", "법", "갑",
    # longer words and phrases, quoted phrases, middle dots
    "성착취물", "허위영상물", "정보통신망", "아동 청소년", "촬영 유포", "카메라 등을 이용한 촬영", "소지 시청 구입", '"반포한 자"',
    '"영리를 목적으로"', '"촬영 유포"', "반포ㆍ제공", "반포·제공",
    # English: stems, word starts, mixed case, mixed languages
    "filmed", "filming", "films", "possession", "possessing", "Child sexual", "DEEPFAKE", "fi", "of", "a", "촬영 filming",
    "revenge porn",
    # article references
    "제14조의2", "제14조의2제4항", "청소년성보호법 제11조", "성폭력처벌법 14조의2 4항", "Art. 14-2(4)", "14-2(4)", "제5조", "Art. 5(3)",
    "형법 제5조", "제999조",
    # nothing found
    "zzzz", "없는말없는말", "촬영 zzzz", "q",
]
KINDS = [None, "article", "offence", "case", "term", "guideline", "nothing-of-this-kind"]
LIMITS = [1, 5, 20, 1000]


def generate_kb(root: Path, records: int) -> Path:
    spec = importlib.util.spec_from_file_location("lawkb_bench_generate", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(root, records)
    return root


class Pair:
    """The reference index and the stored one, built from the same knowledge base."""

    def __init__(self, kb, path: Path) -> None:
        self.memory = build_index(kb)
        write_index(kb, path, KEY)
        self.stored = StoredIndex(path, KEY)

    def both(self, query: str, kind: str | None = None, limit: int = 20):
        return self.memory.search(query, kind=kind, limit=limit), self.stored.search(query, kind=kind, limit=limit)


@pytest.fixture(scope="module")
def generated_kb(tmp_path_factory):
    root = generate_kb(tmp_path_factory.mktemp("generated") / "kb", 1000)
    result = load_kb(root)
    assert not result.errors
    return result.kb


@pytest.fixture(scope="module")
def pairs(bundled_kb, generated_kb, tmp_path_factory) -> dict[str, Pair]:
    folder = tmp_path_factory.mktemp("indexes")
    return {"bundled": Pair(bundled_kb, folder / "bundled.index"), "generated": Pair(generated_kb, folder / "generated.index")}


@pytest.mark.parametrize("which", ["bundled", "generated"])
@pytest.mark.parametrize("query", QUERIES)
def test_stored_index_gives_the_same_hits(pairs, which, query):
    pair = pairs[which]
    for kind in KINDS:
        for limit in LIMITS:
            expected, got = pair.both(query, kind, limit)
            assert got == expected, (query, kind, limit)


@pytest.mark.parametrize("which,query,kind", [
    ("bundled", "소지", "offence"), ("bundled", "촬영", None), ("bundled", "filming", None), ("bundled", "소", None),
    ("bundled", "카메라 등을 이용한 촬영", None), ("generated", "촬영", None), ("generated", "성착취물", "article"),
    ("generated", "촬영 유포", None), ("generated", "filming", "term"), ("generated", "소", "case"),
])
def test_the_comparison_is_not_empty_handed(pairs, which, query, kind):
    """The queries above do find things (a comparison of two empty lists would prove nothing)."""
    expected, got = pairs[which].both(query, kind, 1000)
    assert len(expected) >= 2 and got == expected
    assert kind is None or {h.kind for h in got} == {kind}


@pytest.mark.parametrize("ref,article,field", [
    ("제14조의2", "sexual-crimes.14-2", "title"),
    ("제14조의2제4항", "sexual-crimes.14-2", "paragraph 4"),
    ("성폭력처벌법 14조의2 4항", "sexual-crimes.14-2", "paragraph 4"),
    ("Art. 14-2(4)", "sexual-crimes.14-2", "paragraph 4"),
    ("청소년성보호법 제11조", "youth-protection.11", "title"),
])
def test_article_references_come_first(pairs, ref, article, field):
    expected, got = pairs["bundled"].both(ref, None, 20)
    assert got == expected
    assert (got[0].id, got[0].reference, got[0].field) == (article, True, field)


def test_a_common_word_ranks_every_record_alike(pairs):
    """A word in most records: the whole ranking, ties broken by id, is the same."""
    expected, got = pairs["generated"].both("징역", None, 100_000)
    assert len(got) > 100 and got == expected


@pytest.mark.parametrize("text,limit,code", [("  ·  ", 20, "empty-query"), ("", 20, "empty-query"), ("소지", 0, "limit-invalid"),
                                             ("소지", -3, "limit-invalid")])
def test_usage_errors_are_the_same(pairs, text, limit, code):
    for searcher in (pairs["bundled"].memory, pairs["bundled"].stored):
        with pytest.raises(UsageError) as caught:
            searcher.search(text, limit=limit)
        assert caught.value.code == code


@st.composite
def field_substrings(draw, pairs: dict[str, Pair]):
    which = draw(st.sampled_from(sorted(pairs)))
    fields = pairs[which].memory.fields
    text = fields[draw(st.integers(0, len(fields) - 1))].text
    start = draw(st.integers(0, max(len(text) - 1, 0)))
    length = draw(st.integers(1, 12))
    return which, text[start:start + length]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_substrings_of_field_texts_give_the_same_hits(pairs, data):
    which, query = data.draw(field_substrings(pairs))
    kind = data.draw(st.sampled_from([None, "article", "offence", "case"]))
    limit = data.draw(st.sampled_from([1, 5, 20, 200]))
    pair = pairs[which]
    try:
        expected = pair.memory.search(query, kind=kind, limit=limit)
    except UsageError as exc:
        with pytest.raises(UsageError) as caught:
            pair.stored.search(query, kind=kind, limit=limit)
        assert caught.value.code == exc.code
        return
    assert pair.stored.search(query, kind=kind, limit=limit) == expected


FOLD_ALPHABET = st.sampled_from(list("aAzZ ΣσςİIiı\t\n\u3000\u00a0\u2028·ㆍ・‧•∙⋅-‐‑–—_/ＡＢ！촬영ΑΒ"))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.one_of(FOLD_ALPHABET, st.characters()), max_size=16))
def test_fold_of_a_whole_string_is_fold_a_character_at_a_time(text):
    """Building an index folds every text with the quick fold; it must agree with the character-by-character one snippets use."""
    assert index.fold(text) == index._fold(text)[0]


def test_counts_of_a_doubled_character_are_counted_as_a_search_counts_them(tmp_path):
    """'ㅋㅋ' occurs once in 'ㅋㅋㅋ' for str.count, twice as overlapping bigrams; the posting must say once."""
    root = tmp_path / "kb"
    shutil.copytree(ANSWERS, root)
    glossary = root / "statutes" / "glossary"
    source = '[{key: note, url: "https://example.org/term", title: Glossary, publisher: Test fixture, authority: commentary}]'
    for i, word in enumerate(["ㅋㅋㅋ", "ㅋㅋ", "ㅋㅋㅋㅋ ㅋㅋ", "aaa", "aa aaaa"]):
        (glossary / f"laugh-{i}.yaml").write_text(
            f"kind: term\nid: laugh-{i}\nko: {word}\nen: laugh {i}\ndefinition: {{en: a laugh {word}}}\ncite: [note]\nsources: {source}\n",
            encoding="utf-8")
    result = load_kb(root)
    if result.errors:  # the fixture must load: show why if it does not
        pytest.fail("; ".join(f"{d.file}:{d.line}: {d.message}" for d in result.errors[:3]))
    pair = Pair(result.kb, tmp_path / "i.index")
    for query in ("ㅋㅋ", "ㅋ", "ㅋㅋㅋ", "aa", "a", "aaa"):
        expected, got = pair.both(query, None, 50)
        assert got == expected and len({h.score for h in got}) > 1, query


def test_a_nul_character_in_a_text_is_measured_as_python_measures_it(tmp_path):
    """SQLite's text functions stop at a NUL; a knowledge base holding one is counted in Python instead, with the same hits."""
    root = tmp_path / "kb"
    shutil.copytree(ANSWERS, root)
    (root / "statutes" / "glossary" / "nul.yaml").write_text(
        'kind: term\nid: nul-term\nko: "널\\0문자 반포"\nen: "nul\\0char"\n'
        'definition: {en: "a text with a \\0 inside, then 반포 and 반포 again", ko: "\\0반포"}\ncite: [note]\n'
        'sources: [{key: note, url: "https://example.org/term", title: Glossary, publisher: Test fixture, authority: commentary}]\n',
        encoding="utf-8")
    result = load_kb(root)
    assert not result.errors
    assert "\0" in result.kb.get("nul-term").data["ko"]
    pair = Pair(result.kb, tmp_path / "i.index")
    for query in ("반포", "반", "문자 반포", "반포 again", "\"반포 and 반포\"", "nul", "char", "a", "inside", "데모물 반포"):
        expected, got = pair.both(query, None, 50)
        assert got == expected, query
    assert "nul-term" in [h.id for h in pair.stored.search("반포 again")]


# ---- kept beside the cache file, rebuilt when it cannot be used ----------------------------------------------


@pytest.fixture
def cached(tmp_path):
    """A copy of the answers knowledge base loaded once through a cache; returns (kb root, cache dir)."""
    root = tmp_path / "kb"
    shutil.copytree(ANSWERS, root)
    directory = tmp_path / "cache"
    assert not load_kb(root, cache_dir=directory).errors
    return root, directory


def fresh_kb(root: Path, directory: Path):
    fresh = cache.open_fresh(root, directory)
    assert fresh is not None
    return fresh.kb


def stored_key(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return marshal.loads(db.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()[0])
    finally:
        db.close()


def test_search_index_is_a_stored_index_beside_the_cache(cached):
    root, directory = cached
    kb = fresh_kb(root, directory)
    first = cache.search_index(kb)
    where = cache._index_file(kb)
    assert isinstance(first, StoredIndex) and where is not None and first.path == where and where.is_file()
    assert stored_key(where) == cache._index_key()
    assert first.search("반포") == build_index(kb).search("반포")
    assert not list(directory.glob("*.tmp-*"))


def test_without_a_cache_the_index_is_built_in_memory():
    result = load_kb(Path(ANSWERS))
    assert type(cache.search_index(result.kb)) is Index


@pytest.mark.parametrize("damage", ["truncated", "garbage", "emptied", "zeroed-pages", "wrong-key", "foreign-pickle", "other-layout"])
def test_damaged_index_file_is_rebuilt_silently(cached, damage):
    root, directory = cached
    kb = fresh_kb(root, directory)
    expected = build_index(kb).search("반포 협박")
    where = cache._index_file(kb)
    cache.search_index(kb)
    assert where is not None
    raw = where.read_bytes()
    if damage == "truncated":
        where.write_bytes(raw[: len(raw) // 2])
    elif damage == "garbage":
        where.write_bytes(b"no index here" * 999)
    elif damage == "emptied":
        where.write_bytes(b"")
    elif damage == "zeroed-pages":
        where.write_bytes(raw[:4096] + b"\0" * (len(raw) - 4096))
    elif damage == "foreign-pickle":
        where.write_bytes(pickle.dumps(("old", build_index(kb))))
    else:
        db = sqlite3.connect(where)
        key = "key" if damage == "wrong-key" else "layout"
        db.execute("UPDATE meta SET value = ? WHERE key = ?", (marshal.dumps("something else"), key))
        db.commit()
        db.close()
    again = cache.search_index(fresh_kb(root, directory))
    assert again.search("반포 협박") == expected
    # The next search finds a sound file again, written by the one before.
    last = cache.search_index(fresh_kb(root, directory))
    assert isinstance(last, StoredIndex) and stored_key(where) == cache._index_key()
    assert last.search("반포 협박") == expected


def test_damage_found_during_a_search_answers_from_memory(cached):
    """Pages that go bad after the file was opened: the search still answers, and the file is dropped for a rebuild."""
    root, directory = cached
    kb = fresh_kb(root, directory)
    expected = build_index(kb).search("반포")
    opened = cache.search_index(kb)
    assert isinstance(opened, StoredIndex)
    raw = opened.path.read_bytes()
    with open(opened.path, "r+b") as handle:  # the same file, scribbled over in place (opened immutable, it is not reread)
        handle.seek(4096)
        handle.write(b"\xa5" * (len(raw) - 4096))
    assert opened.search("반포") == expected
    assert opened.search("반포", limit=1) == expected[:1]
    assert not opened.path.exists()
    assert isinstance(cache.search_index(fresh_kb(root, directory)), StoredIndex)


def test_index_of_an_earlier_load_is_removed(cached):
    root, directory = cached
    kb = fresh_kb(root, directory)
    where = cache._index_file(kb)
    assert where is not None
    stale = where.with_name(where.name.rsplit(".", 2)[0] + ".0123456789abcdef0123.index")
    stale.write_bytes(b"an index of an older load")
    cache.search_index(kb)
    assert where.is_file() and not stale.exists()


def test_two_writers_at_once_leave_one_sound_file(cached):
    root, directory = cached
    kb = fresh_kb(root, directory)
    where = cache._index_file(kb)
    assert where is not None
    errors: list[BaseException] = []

    def write() -> None:
        try:
            write_index(kb, where, cache._index_key())
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(p.name for p in directory.iterdir()) == sorted([cache.cache_path(directory, root).name, where.name])
    assert StoredIndex(where, cache._index_key()).search("반포") == build_index(kb).search("반포")


def test_unwritable_directory_searches_from_memory(cached, monkeypatch):
    root, directory = cached
    kb = fresh_kb(root, directory)

    def refuse(*args, **kwargs):
        raise searchdb.IndexUnusable("cannot write")

    monkeypatch.setattr(searchdb, "write_index", refuse)
    got = cache.search_index(kb)
    assert type(got) is Index and got.search("반포") == build_index(kb).search("반포")


def test_the_cli_answers_the_same_with_and_without_the_stored_index(tmp_path, invoke):
    root = generate_kb(tmp_path / "kb", 300)
    where = ("--cache-dir", str(tmp_path / "cache"))
    for query in ("촬영", "성착취물 제작", "filming", "Art. 1"):
        plain = invoke("--no-cache", "search", query, "--format", "json", "--limit", "50", "--kb", str(root))
        built = invoke(*where, "search", query, "--format", "json", "--limit", "50", "--kb", str(root))
        stored = invoke(*where, "search", query, "--format", "json", "--limit", "50", "--kb", str(root))
        assert plain.exit_code == built.exit_code == stored.exit_code == 0
        assert json.loads(plain.output)["count"] > 0
        assert plain.output == built.output == stored.output
    info = invoke(*where, "cache", "info", "--kb", str(root), "--format", "json")
    assert json.loads(info.output)["cache"]["search_index"] is True
    cleared = invoke(*where, "cache", "clear", "--kb", str(root))
    assert cleared.exit_code == 0 and cleared.output.startswith("removed 2 files (")
    assert list((tmp_path / "cache").iterdir()) == []


def test_the_stored_index_follows_the_code():
    """The key names the stored index's own module and layout, so a change to how it is read retires old files."""
    assert "searchdb.py:" in cache._index_key() and searchdb.LAYOUT in cache._index_key()
