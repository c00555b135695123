"""Exports of the corpus (Excel, CSV, JSONL), read back and compared with the stored
contracts; every test runs on SQLite and on PostgreSQL (the `store` fixture)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from fazhi.errors import FazhiError
from fazhi.store import Filters, Store
from fazhi.store.export import FORMATS, MEDIA_TYPES, SHEET_NAMES, TABLES, export

JIANGDU = Path(__file__).resolve().parents[1] / "examples" / "01_jiangdu_district_2023.txt"
PHONE = "13912345678"
MASKED = "139****5678"

QINGSHAN = f"""青山县人民政府关于2022年度法治政府建设情况的报告

市人民政府：

2022年，县政府坚持以习近平法治思想为指导，全面推进法治政府建设，现将有关情况报告如下。

一、主要举措和成效

（一）依法全面履行政府职能
全年取消、下放行政权力事项12项，政务服务事项“全程网办”占比88.5%。

（二）化解社会矛盾纠纷
全年收到行政复议申请56件，受理50件，审结48件，纠错率8.3%。

二、存在的不足和原因

一是基层执法力量不足；二是部分部门依法决策意识不强。究其原因，主要是少数领导干部法治思维不强。

三、党政主要负责人履行推进法治建设第一责任人职责情况

县政府主要负责同志主持召开常务会议专题研究法治政府建设工作3次，带头学法8次。

四、2023年度推进法治政府建设的主要安排

2023年，县政府将继续深化行政执法体制改革。联系人张三，手机{PHONE}。

青山县人民政府
2023年2月20日
"""

# stored without review: its coverage cells stay empty
LINSHUI = """临水区司法局关于2021年度法治政府建设情况的报告

一、主要举措和成效

全年审查规范性文件36件，办理行政复议案件21件，组织普法活动120场次。

二、存在的不足

执法人员专业能力有待提高。

临水区司法局
2022年1月25日
"""


@pytest.fixture
def corpus(store: Store, tmp_path: Path) -> dict[int, dict[str, Any]]:
    """Three reports (2023, 2022 with a mobile number, 2021 unreviewed): id -> contract."""
    (tmp_path / "qingshan.txt").write_text(QINGSHAN, encoding="utf-8")
    (tmp_path / "linshui.txt").write_text(LINSHUI, encoding="utf-8")
    ids = [
        store.add_file(JIANGDU).document_id,
        store.add_file(tmp_path / "qingshan.txt").document_id,
        store.add_file(tmp_path / "linshui.txt", review=False).document_id,
    ]
    contracts = {i: store.report(i) for i in ids}
    assert all(c is not None for c in contracts.values())
    return contracts  # type: ignore[return-value]


def run(store: Store, fmt: str, **options: Any) -> tuple[int, bytes]:
    out = io.BytesIO()
    n = export(store, fmt, out, **options)
    return n, out.getvalue()


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def records(ws: Any) -> list[dict[str, Any]]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def yes_no(value: bool) -> str:
    return "是" if value else "否"


def test_workbook_has_four_formatted_sheets(store, corpus):
    n, data = run(store, "xlsx")
    assert n == 3
    wb = workbook(data)
    assert wb.sheetnames == ["报告", "指标", "问题", "覆盖"]
    sizes = {
        "报告": len(corpus),
        "指标": sum(len(c["facts"]) for c in corpus.values()),
        "问题": sum(len(c["findings"]) for c in corpus.values()),
        "覆盖": len(corpus),
    }
    assert sizes["指标"] > 50 and sizes["问题"] >= 1
    for ws in wb:
        width = ws.max_column
        assert ws.max_row == sizes[ws.title] + 1
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, width).column_letter}{ws.max_row}"
        assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("DDEBF7")
        assert ws["A1"].value == "编号"
    reports = wb["报告"]
    assert reports.column_dimensions["C"].width > 2 * reports.column_dimensions["A"].width
    assert reports["C2"].alignment.wrap_text  # 标题 wraps


def test_report_sheet_matches_contracts(store, corpus):
    rows = {r["编号"]: r for r in records(workbook(run(store, "xlsx")[1])["报告"])}
    assert set(rows) == set(corpus)
    for doc_id, contract in corpus.items():
        row, meta = rows[doc_id], contract["metadata"]
        assert row["报告主体"] == meta["issuer"]
        assert row["报告年度"] == meta["report_year"]
        assert row["标题"] == meta["title"]
        issued = row["成文日期"]
        assert isinstance(issued, datetime)
        assert issued.date() == date.fromisoformat(meta["issue_date"])
        assert row["是否年度报告"] == yes_no(contract["is_report"])
        severities = [f["severity"] for f in contract["findings"]]
        assert (row["错误"], row["警告"], row["提示"]) == tuple(
            severities.count(s) for s in ("error", "warning", "info")
        )
        contents = contract["contents"]
        assert row["原因分析"] == yes_no(contents["causes"])
        assert row["下一年度安排"] == yes_no(contents["next_year"])
        review = contract.get("review")
        assert row["得分"] == (review["score"] if review else None)
    jiangdu = next(r for r in rows.values() if r["县（区）"] == "江都区")
    assert (jiangdu["省"], jiangdu["市"], jiangdu["层级"]) == ("江苏省", "扬州市", "县级")
    assert jiangdu["文号"] == "扬江政发〔2024〕9号"
    assert rows[next(iter(corpus))]["错误"] == 0
    assert any(r["错误"] == 1 for r in rows.values())  # the mobile number


def test_fact_and_finding_sheets_follow_each_report(store, corpus):
    wb = workbook(run(store, "xlsx", redact=False)[1])
    facts, findings = records(wb["指标"]), records(wb["问题"])
    for doc_id, contract in corpus.items():
        mine = [r for r in facts if r["编号"] == doc_id]
        assert [
            (r["数值"], r["单位"], r["折算值"], r["指标代码"], r["指标名称"], r["原文"])
            for r in mine
        ] == [
            (f["value"], f["unit"], f["base_value"], f["indicator"], f["indicator_name"], f["text"])
            for f in contract["facts"]
        ]
        assert {r["报告年度"] for r in mine} <= {contract["metadata"]["report_year"]}
        assert [r["所在章节"] for r in mine] == [
            " / ".join(f["section"]) or None for f in contract["facts"]
        ]
        labels = {"error": "错误", "warning": "警告", "info": "提示"}
        assert [
            (r["规则"], r["严重程度"], r["说明"], r["原文"])
            for r in findings
            if r["编号"] == doc_id
        ] == [
            (f["rule"], labels[f["severity"]], f["message"], "\n".join(f["evidence"]) or None)
            for f in contract["findings"]
        ]
    assert any(r["指标名称"] for r in facts)
    assert all(isinstance(r["数值"], int | float) for r in facts)


def test_coverage_sheet(store, corpus):
    rows = {r["编号"]: r for r in records(workbook(run(store, "xlsx")[1])["覆盖"])}
    for doc_id, contract in corpus.items():
        row = rows[doc_id]
        review = contract.get("review")
        if review is None:
            assert all(row[k] is None for k in row if k not in ("编号", "报告主体", "报告年度"))
            continue
        coverage = review["coverage"]
        assert len(coverage["areas"]) == 9
        for area in coverage["areas"]:
            assert row[area["name"]] == f"{area['covered']}/{area['total']}项"
        assert row["覆盖率（%）"] == pytest.approx(100 * coverage["ratio"], abs=0.06)
    assert sum(1 for c in corpus.values() if c.get("review") is None) == 1


@pytest.mark.parametrize("table", TABLES)
def test_csv_tables(store, corpus, table):
    n, data = run(store, "csv", table=table)
    assert n == 3
    sheet = workbook(run(store, "xlsx")[1])[SHEET_NAMES[table]]
    rows = read_csv(data)
    expected = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == expected[0]  # the same Chinese header as the sheet
    assert len(rows) == len(expected)
    assert [r[0] for r in rows[1:]] == [str(r[0]) for r in expected[1:]]
    assert [r[1] for r in rows[1:]] == [r[1] for r in expected[1:]]


def test_csv_report_values(store, corpus):
    rows = read_csv(run(store, "csv")[1])
    header = rows[0]
    assert header[:5] == ["编号", "文件名", "标题", "文号", "报告主体"]
    for row in rows[1:]:
        record = dict(zip(header, row, strict=True))
        meta = corpus[int(record["编号"])]["metadata"]
        assert record["报告主体"] == meta["issuer"]
        assert record["报告年度"] == str(meta["report_year"])
        assert record["成文日期"] == meta["issue_date"]
    facts = read_csv(run(store, "csv", table="facts")[1])
    assert "47" in [r[facts[0].index("数值")] for r in facts[1:]]  # not "47.0"


def test_jsonl_is_the_stored_contracts(store, corpus):
    n, data = run(store, "jsonl", redact=False)
    lines = data.decode("utf-8").splitlines()
    assert n == len(lines) == 3
    objects = [json.loads(line) for line in lines]
    assert {o["id"] for o in objects} == set(corpus)
    for o in objects:
        assert o == corpus[o["id"]]
    assert "江都区" in data.decode("utf-8")  # ensure_ascii=False


def test_filters_narrow_every_format(store, corpus):
    year = Filters(year=2023)
    (jiangdu,) = [i for i, c in corpus.items() if c["metadata"]["report_year"] == 2023]
    n, data = run(store, "xlsx", filters=year)
    assert n == 1
    wb = workbook(data)
    for ws in wb:
        ids = {r["编号"] for r in records(ws)}
        assert ids == ({jiangdu} if ws.title != "问题" else set())
    assert wb["指标"].max_row == len(corpus[jiangdu]["facts"]) + 1
    n, data = run(store, "csv", filters=year)
    assert n == 1 and len(read_csv(data)) == 2
    n, data = run(store, "jsonl", filters=Filters(rule="privacy.personal_data"))
    assert n == 1
    assert json.loads(data)["metadata"]["issuer"] == "青山县人民政府"


def cells(wb: openpyxl.Workbook) -> list[str]:
    return [str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v]


def test_redaction(store, corpus):
    assert any(f["rule"] == "privacy.personal_data" for c in corpus.values() for f in c["findings"])
    texts = cells(workbook(run(store, "xlsx")[1]))
    assert not any(PHONE in t for t in texts)
    assert any(t == f"联系人张三，手机{MASKED}" for t in texts)
    for table in TABLES:
        assert PHONE.encode() not in run(store, "csv", table=table)[1]
    data = run(store, "jsonl")[1].decode("utf-8")
    assert PHONE not in data and MASKED in data


def test_without_redaction_the_number_stays(store, corpus):
    texts = cells(workbook(run(store, "xlsx", redact=False)[1]))
    assert f"联系人张三，手机{PHONE}" in texts
    assert PHONE.encode() in run(store, "csv", table="findings", redact=False)[1]
    assert PHONE in run(store, "jsonl", redact=False)[1].decode("utf-8")


def test_empty_corpus(store):
    n, data = run(store, "xlsx")
    assert n == 0
    wb = workbook(data)
    assert wb.sheetnames == list(SHEET_NAMES.values())
    assert all(ws.max_row == 1 and ws["A1"].value == "编号" for ws in wb)
    n, data = run(store, "csv", table="coverage")
    assert n == 0 and len(read_csv(data)) == 1
    assert run(store, "jsonl") == (0, b"")


def test_unknown_format_or_table(store):
    with pytest.raises(FazhiError) as raised:
        export(store, "pdf", io.BytesIO())
    assert raised.value.code == "export.format"
    assert all(f in raised.value.message for f in FORMATS)
    with pytest.raises(FazhiError) as raised:
        export(store, "csv", io.BytesIO(), table="scores")
    assert raised.value.code == "export.table"
    assert all(t in raised.value.message for t in TABLES)
    assert set(MEDIA_TYPES) == set(FORMATS)


def test_csv_texts_never_run_as_formulas(store, tmp_path):
    hostile = tmp_path / "=HYPERLINK(1).txt"
    hostile.write_bytes(JIANGDU.read_bytes())
    store.add_file(hostile)
    _, data = run(store, "csv", table="reports")
    rows = read_csv(data)
    name = rows[1][rows[0].index("文件名")]
    assert name == "'=HYPERLINK(1).txt"
    _, xlsx = run(store, "xlsx")
    sheet = workbook(xlsx)[SHEET_NAMES["reports"]]
    values = [c.value for c in sheet[2]]
    assert "=HYPERLINK(1).txt" in values  # a typed text cell in Excel, shown as written
    assert sheet.cell(2, values.index("=HYPERLINK(1).txt") + 1).data_type == "s"
