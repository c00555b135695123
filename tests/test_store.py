"""The corpus store on SQLite and on a real PostgreSQL: schema, idempotent storage,
re-analysis, deletion, errors, filters and the queries, each checked against the
contracts the analyser produced."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text
from tests.conftest import EXAMPLES

from fazhi.errors import FazhiError
from fazhi.store import ExpectedUnit, Filters, Store, read_expected
from fazhi.store.batch import _analyse as _real_analyse
from fazhi.store.batch import ingest_files, reanalyze

TEXT_EXAMPLES = sorted(p for p in EXAMPLES.glob("*.txt") if p.stem.count(".") == 0)
JIANGDU = EXAMPLES / "01_jiangdu_district_2023.txt"


def late_copy(folder: Path) -> Path:
    """The Jiangdu report signed in May: after the 1 April deadline for a government."""
    body = JIANGDU.read_text(encoding="utf-8").replace("2024年2月26日", "2024年5月20日")
    path = folder / "jiangdu_late.txt"
    path.write_text(body, encoding="utf-8")
    return path


def integrity(store: Store) -> dict[str, int]:
    """Counts that must agree in a store with no half-written document."""
    with store.engine.connect() as c:
        docs = c.scalar(text("SELECT COUNT(*) FROM documents"))
        current = c.scalar(text("SELECT COUNT(*) FROM analyses WHERE current = :t"), {"t": True})
        without = c.scalar(
            text(
                "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM analyses a"
                " WHERE a.document_id = d.id AND a.current = :t)"
            ),
            {"t": True},
        )
        twice = c.scalar(
            text(
                "SELECT COUNT(*) FROM (SELECT document_id FROM analyses WHERE current = :t"
                " GROUP BY document_id HAVING COUNT(*) > 1) x"
            ),
            {"t": True},
        )
        indexed = c.scalar(text("SELECT COUNT(*) FROM search_index"))
        mismatched = 0
        for analysis_id, contract in c.execute(
            text("SELECT id, contract FROM analyses WHERE current = :t"), {"t": True}
        ):
            contract = json.loads(contract) if isinstance(contract, str) else contract
            facts = c.scalar(
                text("SELECT COUNT(*) FROM facts WHERE analysis_id = :a"), {"a": analysis_id}
            )
            findings = c.scalar(
                text("SELECT COUNT(*) FROM findings WHERE analysis_id = :a"), {"a": analysis_id}
            )
            if facts != len(contract["facts"]) or findings != len(contract["findings"]):
                mismatched += 1
    return {
        "documents": docs,
        "current": current,
        "without_analysis": without,
        "analysed_twice": twice,
        "indexed": indexed,
        "mismatched_rows": mismatched,
    }


def test_migrations_match_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from fazhi.store.models import Base

    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    # the search index is made by the migration alone, outside the ORM models
    unmodelled = ("search_index", "ix_analyses_text_trgm", "ix_search_bigrams")
    diff = [d for d in diff if not str(getattr(d[1], "name", "")).startswith(unmodelled)]
    assert diff == []


def test_same_bytes_are_one_document(store, tmp_path):
    first = store.add_file(JIANGDU)
    assert first.created
    copy = tmp_path / "另一个名字.txt"
    copy.write_bytes(JIANGDU.read_bytes())
    again = store.add_file(copy)
    assert not again.created
    assert again.document_id == first.document_id
    assert store.count() == 1
    report = ingest_files(store, [JIANGDU, copy], jobs=1)
    assert (report.added, report.unchanged, report.failed) == (0, 2, [])
    assert integrity(store) == {
        "documents": 1,
        "current": 1,
        "without_analysis": 0,
        "analysed_twice": 0,
        "indexed": 1,
        "mismatched_rows": 0,
    }


def test_report_is_the_contract_and_rows_follow_it(store):
    import fazhi

    saved = store.add_file(JIANGDU)
    expected = fazhi.analyze(JIANGDU, review=True).to_contract()
    stored = store.report(saved.document_id)
    assert stored.pop("id") == saved.document_id
    assert stored == json.loads(json.dumps(expected))
    assert store.report_text(saved.document_id) == fazhi.analyze(JIANGDU).text
    assert store.file(saved.document_id).content == JIANGDU.read_bytes()
    with store.engine.connect() as c:
        sections = c.execute(
            text("SELECT position, parent_position, marker, kind FROM sections ORDER BY position")
        ).all()
        scores = c.execute(text("SELECT criterion, points FROM scores ORDER BY position")).all()
        covered = c.scalar(text("SELECT COUNT(*) FROM coverage WHERE covered = :t"), {"t": True})
    top = [s for s in sections if s.parent_position is None]
    assert [s.marker for s in top] == [s["marker"] for s in expected["sections"]]
    assert [s.kind for s in top] == [s["kind"] for s in expected["sections"]]
    assert len(sections) > len(top)  # children are stored, tied to their parent
    assert [(s.criterion, s.points) for s in scores] == [
        (c["code"], c["points"]) for c in expected["review"]["card"]
    ]
    assert covered == expected["review"]["coverage"]["covered"]
    assert integrity(store)["mismatched_rows"] == 0


def test_reanalyze_after_an_analyser_change(store):
    import fazhi

    doc = fazhi.analyze(JIANGDU, review=True)
    data = JIANGDU.read_bytes()
    old = store.save(data, JIANGDU.name, doc.to_contract(), doc.text, version="0.0.1+old")
    assert store.stale() == [old.document_id]
    assert store.stored_hashes() == set()
    report = reanalyze(store, jobs=1)
    assert (report.added, report.failed) == (1, [])
    assert store.stale() == []
    with store.engine.connect() as c:
        versions = c.execute(
            text("SELECT analyser_version, current FROM analyses ORDER BY id")
        ).all()
    assert [bool(v.current) for v in versions] == [False, True]
    assert versions[0].analyser_version == "0.0.1+old"
    assert store.search("复议").total == 1  # the retired analysis left the index
    assert integrity(store)["indexed"] == 1
    everything = reanalyze(store, everything=True, jobs=1)
    assert everything.added == 1
    counts = integrity(store)
    assert (counts["current"], counts["analysed_twice"], counts["indexed"]) == (1, 0, 1)


def test_delete_removes_everything(store):
    saved = store.add_file(JIANGDU)
    assert store.delete(saved.document_id)
    assert not store.delete(saved.document_id)
    assert store.report(saved.document_id) is None
    assert store.search("复议").total == 0
    with store.engine.connect() as c:
        for table in ("documents", "analyses", "facts", "findings", "sections", "coverage"):
            assert c.scalar(text(f"SELECT COUNT(*) FROM {table}")) == 0, table
    # a deleted report's number is never reused: an old link must not open another report
    other = store.add_file(EXAMPLES / "02_mianyang_amr_2022.txt")
    assert other.document_id > saved.document_id


def test_errors_are_kept_and_cleared(store, tmp_path):
    broken = tmp_path / "坏文件.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    missing = tmp_path / "不存在.txt"
    report = ingest_files(store, [broken, missing, JIANGDU], jobs=1)
    assert report.added == 1  # the broken .docx counts as failed only…
    assert store.count() == 2  # …but is stored with its analysis error, for a later retry
    assert {e.path for e in report.failed} == {str(broken), str(missing)}
    listed = {e.path: e for e in store.errors()}
    assert set(listed) == {str(broken), str(missing)}
    assert "不存在" in listed[str(missing)].message
    missing.write_bytes(JIANGDU.read_bytes().replace(b"2023", b"2022"))
    ingest_files(store, [missing], jobs=1)
    assert {e.path for e in store.errors()} == {str(broken)}


@pytest.fixture
def examples_store(store):
    report = ingest_files(store, TEXT_EXAMPLES, jobs=1)
    assert report.failed == []
    return store


def _contracts(store: Store) -> list[dict]:
    return [store.report(r.id) for r in store.reports(limit=None).items]


def test_filters_agree_with_the_contracts(examples_store):
    store = examples_store
    contracts = _contracts(store)
    assert len(contracts) == len(TEXT_EXAMPLES)

    def ids(**f):
        return {r.id for r in store.reports(Filters(**f), limit=None).items}

    def expect(pred):
        return {c["id"] for c in contracts if pred(c)}

    meta = lambda c: c["metadata"]  # noqa: E731
    assert ids(province="江苏省") == expect(lambda c: meta(c)["region"]["province"] == "江苏省")
    assert ids(year=2023) == expect(lambda c: meta(c)["report_year"] == 2023)
    assert ids(county="江都区", year=2023) == expect(
        lambda c: meta(c)["region"]["county"] == "江都区"
    )
    assert ids(issuer="街道") == expect(lambda c: "街道" in (meta(c)["issuer"] or ""))
    assert ids(level="township") == expect(lambda c: meta(c)["issuer_kind"] == "township")
    assert ids(score_min=90) == expect(lambda c: c["review"]["score"] >= 90)
    assert ids(score_min=80, score_max=95) == expect(lambda c: 80 <= c["review"]["score"] <= 95)
    assert ids(rule="structure.missing_content") == expect(
        lambda c: any(f["rule"] == "structure.missing_content" for f in c["findings"])
    )
    assert ids(rule="arith.") == expect(
        lambda c: any(f["rule"].startswith("arith.") for f in c["findings"])
    )
    assert ids(indicator="litigation.cases") == expect(
        lambda c: any(f["indicator"] == "litigation.cases" for f in c["facts"])
    )
    assert ids(year=1999) == set()
    with pytest.raises(FazhiError, match="层级"):
        Filters(level="村")
    with pytest.raises(FazhiError):
        Filters(score_min=90, score_max=10)


def test_pages_and_orders(examples_store):
    store = examples_store
    by_score = store.reports(order="score", limit=None).items
    scores = [r.score for r in by_score]
    assert scores == sorted(scores, reverse=True)
    first, second = store.reports(limit=3), store.reports(limit=3, offset=3)
    assert first.total == second.total == len(TEXT_EXAMPLES)
    assert not {r.id for r in first.items} & {r.id for r in second.items}
    with pytest.raises(FazhiError):
        store.reports(order="random")
    with pytest.raises(FazhiError):
        store.reports(limit=0)


def test_indicator_query_matches_the_facts(examples_store):
    store = examples_store
    code = "reconsideration.closed"
    expected: dict[tuple, list[float]] = {}
    for c in _contracts(store):
        values = [f["base_value"] for f in c["facts"] if f["indicator"] == code]
        if values:
            region = c["metadata"]["region"]
            key = (region["province"], region["city"], c["metadata"]["report_year"])
            expected.setdefault(key, []).append(values[0])
    table = store.indicator(code, by="city")
    assert table.additive and table.unit == "件"
    got = {(*row.group, row.report_year): (row.reports, row.total) for row in table.rows}
    assert got == {k: (len(v), sum(v)) for k, v in expected.items()}
    rate = store.indicator("litigation.appearance_rate", by="year")
    assert not rate.additive and rate.unit == "%"
    assert all(row.total is None and row.minimum <= row.mean <= row.maximum for row in rate.rows)
    with pytest.raises(FazhiError, match=r"reconsideration\.closed"):
        store.indicator("reconsideration.closd")
    with pytest.raises(FazhiError, match="分组"):
        store.indicator(code, by="planet")


def test_summary_counts(examples_store):
    store = examples_store
    contracts = _contracts(store)
    result = store.summary(by="province")
    assert result.documents == result.reports == len(contracts)
    years = Counter(c["metadata"]["report_year"] for c in contracts)
    assert result.years == dict(years)
    assert sum(r.reports for r in result.by_region) == len(contracts)
    rules = Counter(f["rule"] for c in contracts for f in c["findings"])
    top = {r.rule: r.findings for r in result.top_findings}
    assert all(rules[rule] == n for rule, n in top.items())
    assert max(rules.values()) == max(top.values())
    assert store.summary(Filters(year=1999)).documents == 0


def test_expected_units(store, tmp_path):
    ingest_files(store, [JIANGDU, EXAMPLES / "02_mianyang_amr_2022.txt"], jobs=1)
    csv_text = "单位,年度\n江都区人民政府,2023\n绵阳市市场监督管理局,2022\n某某县人民政府,2023\n"
    units = read_expected(csv_text)
    assert units[0] == ExpectedUnit("江都区人民政府", 2023)
    statuses = {(s.unit, s.report_year): s for s in store.expected(units)}
    assert statuses[("江都区人民政府", 2023)].status == "on_time"
    assert statuses[("江都区人民政府", 2023)].issuer == "扬州市江都区人民政府"
    assert statuses[("某某县人民政府", 2023)].status == "missing"
    late = store.add_file(late_copy(tmp_path))
    assert late.created
    again = {(s.unit, s.report_year): s for s in store.expected(units)}
    # two reports for one unit and year: the first stored is the one judged, the other noted
    assert again[("江都区人民政府", 2023)].also == [late.document_id]
    store.delete(statuses[("江都区人民政府", 2023)].report_id)
    final = {(s.unit, s.report_year): s for s in store.expected(units)}
    assert final[("江都区人民政府", 2023)].status == "late"
    assert "2024年4月1日" in final[("江都区人民政府", 2023)].detail
    by_year = store.expected([ExpectedUnit("江都区人民政府")], years=[2022, 2023])
    assert [s.status for s in by_year] == ["missing", "late"]
    with pytest.raises(FazhiError, match="年度"):
        store.expected([ExpectedUnit("江都区人民政府")])
    with pytest.raises(FazhiError, match="单位名称"):
        read_expected("名称,年份\n甲,2023\n")
    with pytest.raises(FazhiError, match="第 2 行"):
        read_expected("单位,年度\n甲,二〇二三\n")


def test_batch_with_a_process_pool(store, tmp_path):
    from tests.support.variants import write_variants

    files = write_variants(tmp_path / "v", 24)
    seen: list[str] = []
    report = ingest_files(store, [*files, files[0]], jobs=2, progress=seen.append)
    assert (report.added, report.unchanged, report.failed) == (24, 1, [])
    assert len(seen) == 25
    counts = integrity(store)
    assert counts["documents"] == counts["current"] == counts["indexed"] == 24
    assert counts["mismatched_rows"] == counts["without_analysis"] == 0
    again = ingest_files(store, files, jobs=2)
    assert (again.added, again.unchanged) == (0, 24)


def _hang_on_name(data, name, *args):
    from fazhi.store import batch

    if Path(name).name.startswith("卡住"):
        import time

        time.sleep(3600)
    return batch._real_analyse(data, name, *args)


def test_a_file_that_hangs_its_parser_is_stopped_and_named(store, tmp_path, monkeypatch):
    from tests.support.variants import write_variants

    from fazhi.store import batch

    files = write_variants(tmp_path / "v", 6)
    hanging = files[2].with_name("卡住_" + files[2].name)
    files[2].rename(hanging)
    files[2] = hanging
    # forked workers inherit the patched module
    monkeypatch.setattr(batch, "_real_analyse", batch._analyse, raising=False)
    monkeypatch.setattr(batch, "_analyse", _hang_on_name)
    report = ingest_files(store, files, jobs=2, timeout=2)
    assert report.added == 5
    [failure] = report.failed
    assert failure.code == "input.timeout" and "卡住_" in failure.message
    assert "2 秒" in failure.message
    assert [e.code for e in store.errors()] == ["input.timeout"]


def test_open_errors_name_the_database(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(FazhiError, match="无法创建"):
        Store(blocker / "sub" / "corpus.db")
    with pytest.raises(FazhiError, match="不支持"):
        Store("mysql://u@localhost/x")
    with pytest.raises(FazhiError, match="无法识别") as caught:
        Store("postgresql://fazhi:secret@localhost:notaport/x")
    assert "secret" not in str(caught.value)
    not_db = tmp_path / "notes.db"
    not_db.write_text("这不是数据库" * 100, encoding="utf-8")
    with pytest.raises(FazhiError, match=r"notes\.db"):
        Store(not_db)


def _crash_on_marker(data, name, *args):
    if b"CRASH-THIS-WORKER" in data:
        os._exit(3)  # as a segfault in a parser or the OOM killer would end it
    return _real_analyse(data, name, *args)


def test_a_file_that_kills_its_worker_is_named_and_the_rest_go_on(store, tmp_path, monkeypatch):
    from tests.support.variants import write_variants

    from fazhi.store import batch

    files = write_variants(tmp_path / "v", 20)
    poison = tmp_path / "v" / "poison.txt"
    poison.write_text(files[0].read_text(encoding="utf-8") + "\nCRASH-THIS-WORKER\n", "utf-8")
    # forked workers inherit the patched module: the marker file kills whichever runs it
    monkeypatch.setattr(batch, "_analyse", _crash_on_marker)
    report = ingest_files(store, [*files[:10], poison, *files[10:]], jobs=2)
    assert report.added == 20
    assert [(e.path, e.code) for e in report.failed] == [(str(poison), "input.crashed")]
    assert "poison.txt" in report.failed[0].message
    assert [e.path for e in store.errors()] == [str(poison)]
    counts = integrity(store)
    assert counts["documents"] == counts["current"] == counts["indexed"] == 20


def test_a_review_supersedes_an_analysis_without_it(store):
    plain = ingest_files(store, [JIANGDU], jobs=1, review=False)
    assert plain.added == 1
    [row] = store.reports(limit=None).items
    assert row.score is None
    again = ingest_files(store, [JIANGDU], jobs=1, review=True)
    assert again.added == 1  # the stored analysis lacked the review: made again
    [row] = store.reports(limit=None).items
    assert row.score is not None
    assert integrity(store)["current"] == 1
    assert ingest_files(store, [JIANGDU], jobs=1, review=False).unchanged == 1


def test_unscored_documents_sort_last(store, tmp_path):
    notice = tmp_path / "通知.txt"
    notice.write_text("关于做好春节期间安全生产工作的通知\n各单位：\n请做好值班安排。\n", "utf-8")
    store.add_file(notice)
    store.add_file(JIANGDU)
    for order in ("score", "score_asc", "year", "issuer"):
        items = store.reports(order=order, limit=None).items
        assert items[-1].name == "通知.txt", order


def test_a_text_too_large_for_one_tsvector_is_still_found(store):
    import hashlib
    import random

    rng = random.Random(5)
    # random characters give ~one new pair each: past the 1 MB a tsvector can hold
    chars = [chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(190_000)]
    text_ = "".join(chars)
    data = text_.encode()
    contract = {"source": {"sha256": hashlib.sha256(data).hexdigest(), "format": "txt"}}
    saved = store.save(data, "汇编.txt", contract, text_)
    probes = {text_[i : i + 2] for i in range(0, 190_000, 9_500)}
    probes.add(text_[-2:])
    for probe in probes:
        ids = {h.report.id for h in store.search(probe, limit=None).items}
        assert ids == {saved.document_id}, probe
    absent = next(a + b for a in "甲乙丙丁" for b in "子丑寅卯" if a + b not in text_)
    assert store.search(absent).total == 0


def test_sqlite_index_is_rebuilt_when_its_tokens_would_differ(tmp_path):
    db = tmp_path / "old.db"
    with Store(db) as store:
        saved = store.add_file(JIANGDU)
        with store.engine.begin() as c:  # as if made by a Python with other Unicode tables
            c.exec_driver_sql("PRAGMA user_version = 7")
            c.exec_driver_sql("INSERT INTO search_index(search_index) VALUES ('delete-all')")
        assert store.search("复议").total == 0
    with Store(db) as store:
        assert store.search("复议").total == 1
        assert store.delete(saved.document_id)  # removal finds the tokens it indexed
        assert store.search("复议").total == 0


def test_an_older_release_never_replaces_a_newer_analysis(store):
    import fazhi
    from fazhi.store.write import release

    assert release("0.10.0+abc") > release("0.9.1+def") > release("0.9")
    assert release("0.9.1rc1") == (0, 9, 1)
    doc = fazhi.analyze(JIANGDU, review=True)
    data = JIANGDU.read_bytes()
    newer = store.save(data, JIANGDU.name, doc.to_contract(), doc.text, version="99.0.0+new")
    older = store.save(data, JIANGDU.name, doc.to_contract(), doc.text, version="0.0.1+old")
    assert (older.created, older.analysis_id) == (False, newer.analysis_id)
    # not even when the older one asks to redo its own analysis (reanalyze --all)
    forced = store.save(
        data, JIANGDU.name, doc.to_contract(), doc.text, version="0.0.1+old", replace=True
    )
    assert (forced.created, forced.analysis_id) == (False, newer.analysis_id)
    with store.engine.connect() as c:
        assert (
            c.scalar(text("SELECT analyser_version FROM analyses WHERE current = :t"), {"t": True})
            == "99.0.0+new"
        )
