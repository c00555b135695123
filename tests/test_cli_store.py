"""The corpus commands as a user runs them: real subprocesses on a real database (SQLite
and PostgreSQL), checked against what the store holds."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
from tests.conftest import EXAMPLES
from tests.support.cli import fazhi_cli

from fazhi.store import Store

TEXTS = sorted(str(p) for p in EXAMPLES.glob("*.txt") if p.stem.count(".") == 0)


def test_ingest_query_export(db_url, tmp_path):
    broken = tmp_path / "坏.pdf"
    broken.write_bytes(b"%PDF-1.4 broken")
    done = fazhi_cli("ingest", *TEXTS, str(broken), "--db", db_url, "--jobs", "2")
    assert done.returncode == 1  # one file failed; the rest are stored
    assert f"新增 {len(TEXTS)} 份" in done.stderr and "出错 1 份" in done.stderr
    assert "坏.pdf" in done.stderr
    again = fazhi_cli("ingest", *TEXTS, "--db", db_url, "--no-progress")
    assert again.returncode == 0 and f"已存在 {len(TEXTS)} 份" in again.stderr

    errors = fazhi_cli("errors", "--db", db_url)
    assert "坏.pdf" in errors.stdout

    listed = json.loads(
        fazhi_cli("list", "--db", db_url, "--year", "2023", "--format", "json").stdout
    )
    with Store(db_url) as store:
        expected = {r.id for r in store.reports(limit=None).items if r.report_year == 2023}
        jiangdu = next(r.id for r in store.reports(limit=None).items if r.county == "江都区")
    assert {item["id"] for item in listed["items"]} == expected
    assert listed["total"] == len(expected)

    found = json.loads(fazhi_cli("search", "普法", "--db", db_url, "--format", "json").stdout)
    assert found["total"] >= 1
    assert all("<mark>普法</mark>" in item["snippets"][0]["html"] for item in found["items"])
    shown = fazhi_cli("search", "复议", "--db", db_url, "--county", "江都区")
    assert shown.returncode == 0 and "共 1 份报告" in shown.stdout

    table = json.loads(
        fazhi_cli(
            "query",
            "reconsideration.closed",
            "--by",
            "county",
            "--year",
            "2023",
            "--db",
            db_url,
            "--format",
            "json",
        ).stdout
    )
    assert {"label": "江苏省 扬州市 江都区", "total": 228.0}.items() <= next(
        row for row in table["rows"] if row["label"].endswith("江都区")
    ).items()
    unknown = fazhi_cli("query", "reconsideration.closd", "--db", db_url)
    assert unknown.returncode == 2 and "reconsideration.closed" in unknown.stderr

    summary = json.loads(fazhi_cli("summary", "--db", db_url, "--format", "json").stdout)
    assert summary["reports"] == len(TEXTS)
    assert summary["failed"] == 1

    units = tmp_path / "units.csv"
    units.write_text("单位,年度\n江都区人民政府,2023\n不存在县人民政府,2023\n", encoding="utf-8")
    missing = fazhi_cli("missing", str(units), "--db", db_url, "--format", "json")
    assert missing.returncode == 1  # a unit has not reported
    statuses = {s["unit"]: s for s in json.loads(missing.stdout)}
    assert statuses["江都区人民政府"]["status"] == "on_time"
    assert statuses["江都区人民政府"]["report_id"] == jiangdu
    assert statuses["不存在县人民政府"]["status_label"] == "未报送"

    workbook = tmp_path / "年报.xlsx"
    exported = fazhi_cli("export", "-o", str(workbook), "--db", db_url, "--year", "2023")
    assert exported.returncode == 0, exported.stderr
    sheet = openpyxl.load_workbook(workbook)["报告"]
    assert sheet.max_row - 1 == len(expected)
    facts_csv = tmp_path / "facts.csv"
    fazhi_cli("export", "-o", str(facts_csv), "--table", "facts", "--db", db_url)
    rows = list(csv.reader(io.StringIO(facts_csv.read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "编号" and len(rows) > 50
    assert not list(tmp_path.glob(".fz*.part"))  # the temporary files were renamed

    assert fazhi_cli("delete", str(jiangdu), "--db", db_url).returncode == 0
    gone = fazhi_cli("delete", str(jiangdu), "--db", db_url)
    assert gone.returncode == 1 and "没有编号" in gone.stderr


def test_usage_errors(tmp_path):
    db = str(tmp_path / "c.db")
    bad_level = fazhi_cli("list", "--db", db, "--level", "村")
    assert bad_level.returncode == 2 and "层级" in bad_level.stderr
    bad_url = fazhi_cli("list", "--db", "mysql://x@localhost/db")
    assert bad_url.returncode == 2 and "不支持" in bad_url.stderr
    nothing = fazhi_cli("ingest", str(tmp_path / "空文件夹"), "--db", db)
    assert nothing.returncode != 0
    empty_query = fazhi_cli("search", " ", "--db", db)
    assert empty_query.returncode == 2 and "搜索" in empty_query.stderr
    wrong_suffix = fazhi_cli("export", "-o", str(tmp_path / "x.pdf"), "--db", db)
    assert wrong_suffix.returncode == 2 and ".xlsx" in wrong_suffix.stderr
    no_csv = fazhi_cli("missing", str(tmp_path / "none.csv"), "--db", db)
    assert no_csv.returncode == 2 and "none.csv" in no_csv.stderr


def test_the_database_comes_from_fazhi_db(tmp_path, monkeypatch):
    db = tmp_path / "env.db"
    monkeypatch.setenv("FAZHI_DB", str(db))
    done = fazhi_cli("ingest", TEXTS[0])
    assert done.returncode == 0, done.stderr
    assert db.is_file()
    assert json.loads(fazhi_cli("summary", "--format", "json").stdout)["documents"] == 1


def test_serve_answers_on_loopback(tmp_path):
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db = str(tmp_path / "served.db")
    assert fazhi_cli("ingest", TEXTS[0], "--db", db).returncode == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "fazhi.cli", "serve", "--db", db, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline, "fazhi serve did not answer within 60 s"
                time.sleep(0.2)
        assert health.json()["documents"] == 1
        docs = httpx.get(f"http://127.0.0.1:{port}/docs", timeout=5)
        assert docs.status_code == 200
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


def test_reanalyze(tmp_path):
    db = str(tmp_path / "re.db")
    assert fazhi_cli("ingest", *TEXTS[:2], "--db", db).returncode == 0
    fresh = fazhi_cli("reanalyze", "--db", db)
    assert fresh.returncode == 0 and "无需重新分析" in fresh.stderr
    everything = fazhi_cli("reanalyze", "--all", "--db", db, "--jobs", "1")
    assert everything.returncode == 0, everything.stderr
    assert "重新分析 2 份" in everything.stderr
    with Store(db) as store:
        assert store.stale() == [] and store.count() == 2
        assert store.search("法治").total == 2


def test_report_text_is_never_taken_for_terminal_markup(tmp_path):
    db = str(tmp_path / "m.db")
    body = (EXAMPLES / "01_jiangdu_district_2023.txt").read_text(encoding="utf-8")
    odd = body.replace("发挥行政复议主渠道作用", "发挥行政复议[/]主渠道[bold]作用", 1)
    assert odd != body
    path = tmp_path / "[red]报告.txt"
    path.write_text(odd, encoding="utf-8")
    assert fazhi_cli("ingest", str(path), "--db", db).returncode == 0
    shown = fazhi_cli("search", "主渠道", "--db", db)
    assert shown.returncode == 0, shown.stderr
    assert "复议[/]主渠道[bold]作用" in shown.stdout.replace("\n", "")
    listed = fazhi_cli("list", "--db", db)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr
