"""The report page: its data (`fazhi.web.report_view`), its template, its routes and
downloads, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import re
import zipfile
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from fazhi.web import create_app
from fazhi.web.access import Access, hash_password
from fazhi.web.report_parts import number
from fazhi.web.report_view import Segment, build_view, fact_title, locate

PHONE = "13812345678"
SCRIPT = "<script>alert(1)</script>"

REPORT = f"""江安县人民政府关于2023年度法治政府建设情况的报告
宜宾市人民政府：
2023年，我县深入学习贯彻习近平法治思想，按照《法治政府建设实施纲要（2021—2025年）》要求，扎实推进法治政府建设。现将有关情况报告如下：
一、2023年推进法治政府建设的主要举措和成效
（一）依法化解行政争议。全年办理行政复议案件120件，其中纠错15件，纠错率15%。行政机关负责人出庭应诉率100%。
（二）加强法治宣传教育。开展普法活动30场，覆盖群众约5000人次。咨询热线联系人张三，联系电话{PHONE}。{SCRIPT}
（三）党政主要负责人履行推进法治建设第一责任人职责。县委书记、县长带头学法，召开常务会议专题研究法治政府建设4次。
二、存在的不足和原因
一是行政执法规范化水平有待提高；二是法治宣传的针对性不够强。原因主要是执法人员专业能力不足。
三、2024年工作安排
（一）持续深化行政执法体制改革。
（二）加强行政复议规范化建设。
江安县人民政府
2024年2月20日
"""
NOTICE = """关于举办2024年度行政执法人员培训班的通知
各乡镇人民政府：
定于2024年3月举办培训班，请各单位选派2名人员参加。<script>alert(1)</script>
江安县司法局
2024年2月1日
"""


# -- the data -------------------------------------------------------------------------------


def contract(**parts) -> dict:
    return {"schema": "fazhi.report/1", "is_report": True, "facts": [], "findings": [], **parts}


def pieces(view, i: int) -> list[Segment]:
    return list(view.paragraphs[i].segments)


def test_overlapping_marks_are_cut_into_nested_pieces():
    line = "甲乙丙丁戊己庚辛"
    data = contract(
        facts=[
            {"id": "f1", "value": 3, "unit": "件", "text": "丙丁戊", "paragraph": 0, "span": [2, 5]}
        ],
        findings=[
            {"rule": "a.b", "severity": "warning", "message": "一", "evidence": ["丁戊己庚"]},
            {"rule": "c.d", "severity": "error", "message": "二", "evidence": ["乙丙丁"]},
        ],
    )
    view = build_view(data, line)
    got = [(s.text, s.fact is not None, s.findings, s.anchors) for s in pieces(view, 0)]
    assert got == [
        ("甲", False, (), ()),
        ("乙", False, (2,), ("ev-2",)),
        ("丙", True, (2,), ()),
        ("丁", True, (1, 2), ("ev-1",)),
        ("戊", True, (1,), ()),
        ("己庚", False, (1,), ()),
        ("辛", False, (), ()),
    ]
    assert "".join(s.text for s in pieces(view, 0)) == line
    assert [f.anchor for f in view.findings] == ["ev-1", "ev-2"]
    assert view.counts == {"error": 1, "warning": 1, "info": 0}
    assert [g[0] for g in view.groups] == ["error", "warning"]


def test_two_findings_starting_together_both_get_their_anchor():
    data = contract(
        findings=[
            {"rule": "a.b", "severity": "info", "message": "一", "evidence": ["乙丙"]},
            {"rule": "a.c", "severity": "info", "message": "二", "evidence": ["乙丙丁"]},
        ]
    )
    first = pieces(build_view(data, "甲乙丙丁"), 0)[1]
    assert first.text == "乙丙" and first.anchors == ("ev-1", "ev-2")


def test_fact_without_span_falls_back_to_its_text():
    line = "全年办理行政复议案件120件，其中纠错15件。"
    facts = [
        {"id": "f1", "value": 120, "unit": "件", "text": "办理行政复议案件120件", "paragraph": 0},
        # a span outside the line is not trusted either
        {
            "id": "f2",
            "value": 15,
            "unit": "件",
            "text": "纠错15件",
            "paragraph": 0,
            "span": [90, 99],
        },
        {"id": "f3", "value": 7, "unit": "次", "text": "不在这段里7次", "paragraph": 0},
        {"id": "f4", "value": 1, "unit": "件", "text": "办理", "paragraph": 5},
    ]
    view = build_view(contract(facts=facts), line)
    marked = [s.text for s in pieces(view, 0) if s.fact]
    assert marked == ["120件", "15件"]
    assert view.facts == 2


def test_fact_title_in_chinese():
    title = fact_title(
        {
            "indicator": "reconsideration.closed",
            "indicator_name": "行政复议办结数",
            "value": 1.5,
            "unit": "万件",
            "base_value": 15000.0,
            "base_unit": "件",
            "approx": True,
            "subject": "办理行政复议案件",
        }
    )
    assert title.splitlines() == [
        "行政复议办结数（reconsideration.closed）",
        "事项：办理行政复议案件",
        "数值：1.5万件",
        "基准值：15000件",
        "约数",
    ]
    assert fact_title({"value": 3, "unit": "场"}).startswith("未归入指标")
    assert [number(v) for v in (578, 99.14, 3.0, 1e7, 0.1)] == [
        "578",
        "99.14",
        "3",
        "10000000",
        "0.1",
    ]


def test_evidence_not_found_and_findings_without_evidence():
    data = contract(
        findings=[
            {
                "rule": "a.b",
                "severity": "warning",
                "message": "找不到",
                "evidence": ["不存在的句子"],
            },
            {
                "rule": "structure.missing_content",
                "severity": "warning",
                "message": "缺",
                "evidence": [],
            },
        ]
    )
    view = build_view(data, "甲乙丙丁")
    assert [(f.anchor, f.quoted) for f in view.findings] == [(None, True), (None, False)]
    assert all(not s.findings for p in view.paragraphs for s in p.segments)


def test_evidence_across_lines_and_with_masked_digits():
    text = "第一行末尾联系\n电话138****5678。\n第三行"
    spans = locate(text, f"联系电话{PHONE}")
    assert spans == [(5, 21)]  # 联系 / 电话138****5678
    view = build_view(
        contract(
            findings=[
                {
                    "rule": "p.q",
                    "severity": "error",
                    "message": "号码",
                    "evidence": [f"联系电话{PHONE}"],
                }
            ]
        ),
        text,
    )
    assert [s.text for s in pieces(view, 0) if s.findings] == ["联系"]
    assert [s.text for s in pieces(view, 1) if s.findings] == ["电话138****5678"]
    assert pieces(view, 0)[1].anchors == ("ev-1",)


def test_outline_headings_checklist_and_coverage():
    text = "报告标题\n一、主要成效\n1.学法用法。全年培训3次。\n二、存在不足\n三、下一步计划"
    data = contract(
        metadata={"title": "报告标题", "region": {"province": "四川省", "city": "宜宾市"}},
        sections=[
            {
                "marker": "一、",
                "title": "主要成效",
                "kind": "measures",
                "run_in": False,
                "paragraphs": [1, 3],
                "children": [
                    {
                        "marker": "1.",
                        "title": "学法用法",
                        "run_in": True,
                        "paragraphs": [2, 3],
                        "children": [],
                    }
                ],
            },
            {
                "marker": "二、",
                "title": "存在不足",
                "kind": "shortcomings",
                "paragraphs": [3, 4],
                "children": [],
            },
            {
                "marker": "三、",
                "title": "下一步计划",
                "kind": "next_year",
                "paragraphs": [4, 5],
                "children": [],
            },
        ],
        contents={
            "measures": True,
            "shortcomings": True,
            "causes": False,
            "first_responsible": False,
            "next_year": True,
        },
        contents_evidence={"measures": "一、主要成效", "next_year": "三、下一步计划"},
        review={
            "score": 61.5,
            "card": [
                {
                    "code": "completeness",
                    "name": "内容完整",
                    "points": 15.0,
                    "weight": 25.0,
                    "reasons": ["缺少：原因"],
                }
            ],
            "coverage": {
                "ratio": 0.5,
                "covered": 1,
                "total": 2,
                "areas": [
                    {
                        "code": "rules",
                        "name": "健全依法行政制度体系",
                        "covered": 1,
                        "total": 2,
                        "items": [
                            {"name": "立法", "covered": True},
                            {"name": "规范性文件", "covered": False},
                        ],
                    }
                ],
            },
        },
    )
    view = build_view(data, text)
    assert [(n.anchor, n.label, n.kind_label) for n in view.outline] == [
        ("p-1", "一、主要成效", "主要举措和成效"),
        ("p-3", "二、存在不足", "存在的不足"),
        ("p-4", "三、下一步计划", "下一年度安排"),
    ]
    assert view.outline[0].children[0].anchor == "p-2"
    assert [p.heading for p in view.paragraphs] == [True, True, False, True, True]
    assert [s.text for s in pieces(view, 2) if s.strong] == ["1.学法用法。"]
    assert [(c["label"], c["present"], c["anchor"]) for c in view.checklist] == [
        ("主要举措和成效", True, "p-1"),
        ("存在的不足", True, None),
        ("不足的原因分析", False, None),
        ("党政主要负责人履行第一责任人职责情况", False, None),
        ("下一年度主要安排", True, "p-4"),
    ]
    area = view.coverage["areas"][0]
    assert (area["covered"], area["total"], area["percent"]) == (1, 2, 50)
    assert view.card[0]["points"] == "15" and view.card[0]["percent"] == 60
    assert view.score == 61.5 and view.meta["region"] == "四川省宜宾市"


def test_failed_and_not_a_report_say_so():
    failed = build_view(
        {"error": {"code": "pdf.corrupt", "message": "已损坏"}, "metadata": None}, ""
    )
    assert failed.notices[0][0] == "bad" and "分析失败" in failed.notices[0][1]
    assert failed.paragraphs == () and failed.checklist == () and failed.coverage is None
    other = build_view(contract(is_report=False, is_report_reason="是通知"), "通知")
    assert "不是法治政府建设年度报告" in other.notices[0][1]


class Balance(HTMLParser):
    """Checks that every element is closed in the order it was opened."""

    VOID = frozenset({"meta", "link", "input", "br", "img", "hr", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def check_html(page: str) -> Balance:
    parser = Balance()
    parser.feed(page)
    parser.close()
    assert parser.errors == [] and parser.stack == []
    # only the app's own scripts: no inline script, which the CSP would refuse anyway
    assert parser.scripts and all(s.get("src", "").startswith("/static/") for s in parser.scripts)
    return parser


def test_template_escapes_text_evidence_and_tooltips():
    from fazhi.web.pages import templates

    evil = f'"><img src=x onerror=alert(1)>{SCRIPT}'
    line = f"前言{SCRIPT}办理案件120件，后文"
    at = line.index("120件")
    data = contract(
        metadata={"title": SCRIPT, "issuer": evil},
        facts=[
            {
                "id": "f1",
                "value": 120,
                "unit": "件",
                "subject": evil,
                "text": "案件120件",
                "paragraph": 0,
                "span": [at, at + 4],
            }
        ],
        findings=[
            {"rule": "x.y", "severity": "error", "message": evil, "evidence": [f"{SCRIPT}办理案件"]}
        ],
        sections=[
            {
                "marker": "一、",
                "title": SCRIPT,
                "kind": "other",
                "paragraphs": [0, 1],
                "children": [],
            }
        ],
    )
    view = build_view(data, line)
    page = templates.env.get_template("report.html").render(
        request=None,
        user=None,
        csrf="t",
        csrf_field="csrf",
        can_log_in=False,
        active=None,
        id=1,
        view=view,
        meta=view.meta,
    )
    check_html(page)
    assert SCRIPT not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'title="未归入指标\n事项：&#34;&gt;&lt;img src=x' in page
    assert 'data-finding="1" id="ev-1">&lt;script&gt;' in page


# -- the routes -------------------------------------------------------------------------------


@pytest.fixture
def client(store):
    with TestClient(create_app(store, access=Access())) as opened:
        yield opened


def add(store, text: str, name: str) -> int:
    return store.add(text.encode("utf-8"), name).document_id


def test_report_page(client, store):
    n = add(store, REPORT, f"江安县_{PHONE}.txt")
    response = client.get(f"/reports/{n}")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page = response.text
    check_html(page)
    assert PHONE not in page and "138****5678" in page
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "江安县人民政府关于2023年度法治政府建设情况的报告" in page
    assert 'id="p-0"' in page and re.search(r'class="panel outline".*?<a href="#p-\d+"', page, re.S)
    assert re.search(r'<span class="fact" title="[^"]*行政复议', page)
    gotos = re.findall(r'<a class="goto" href="#(ev-\d+)"', page)
    assert len(gotos) == 2  # the rate that does not add up, the mobile number
    for anchor in gotos:
        assert re.search(rf'<span class="evidence" data-finding="[\d ]+" id="{anchor}">', page)
    assert '<li class="finding error"' in page and '<li class="finding warning"' in page
    assert 'id="downloads"' in page and f'href="/reports/{n}/opinion.docx"' in page
    assert f'href="/reports/{n}/report.xlsx"' in page and f'href="/api/reports/{n}/file"' in page
    assert "delete-form" not in page  # only the administrator may delete
    assert "主要举措和成效" in page and "五项必备内容" in page and "九个方面覆盖" in page


@pytest.mark.parametrize("path", ["999999", "0", "2147483648", "99999999999", "abc", "-1"])
def test_unknown_report_is_a_404_page(client, path):
    for suffix in ("", "/opinion.docx", "/report.json", "/report.xlsx"):
        response = client.get(f"/reports/{path}{suffix}")
        assert response.status_code == 404, suffix
        assert response.headers["content-type"].startswith("text/html")
        assert "没有编号为" in response.text and "report.not_found" in response.text


def test_downloads(client, store):
    import docx
    import openpyxl

    n = add(store, REPORT, f"江安县_{PHONE}.txt")

    response = client.get(f"/reports/{n}/opinion.docx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    disposition = unquote(response.headers["content-disposition"])
    assert disposition.startswith("attachment;") and "江安县人民政府_审查意见.docx" in disposition
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    texts.append(document.core_properties.title or "")
    whole = "\n".join(texts)
    assert "审查意见" in whole and "138****5678" in whole
    assert PHONE not in whole
    with zipfile.ZipFile(io.BytesIO(response.content)) as parts:  # headers, notes, metadata
        assert not any(PHONE.encode() in parts.read(name) for name in parts.namelist())

    response = client.get(f"/reports/{n}/report.json")
    assert response.status_code == 200
    assert "江安县人民政府_分析结果.json" in unquote(response.headers["content-disposition"])
    report = json.loads(response.content)
    assert report["id"] == n and report["metadata"]["issuer"] == "江安县人民政府"
    assert PHONE not in response.text and "138****5678" in response.text
    assert PHONE in json.dumps(store.report(n), ensure_ascii=False)  # masked on the way out

    response = client.get(f"/reports/{n}/report.xlsx")
    assert response.status_code == 200
    assert "江安县人民政府_分析结果.xlsx" in unquote(response.headers["content-disposition"])
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [
        str(c)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if c is not None
    ]
    assert any("江安县人民政府" in c for c in cells)
    assert not any(PHONE in c for c in cells)


def test_only_this_report_in_the_workbook(client, store):
    import openpyxl

    n = add(store, REPORT, "江安县.txt")
    add(store, REPORT.replace("江安县", "长宁县"), "长宁县.txt")
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/reports/{n}/report.xlsx").content))
    cells = " ".join(
        str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c
    )
    assert "江安县" in cells and "长宁县" not in cells


def test_not_a_report_and_failed_analysis(client, store):
    n = add(store, NOTICE, "通知.txt")
    page = client.get(f"/reports/{n}").text
    check_html(page)
    assert "不是法治政府建设年度报告" in page and "opinion.docx" not in page
    assert "五项必备内容" not in page and "没有必备内容检查" in page
    assert SCRIPT not in page and "&lt;script&gt;" in page
    response = client.get(f"/reports/{n}/opinion.docx")
    assert response.status_code == 409 and "不是法治政府建设年度报告" in response.text
    assert client.get(f"/reports/{n}/report.json").status_code == 200

    bad = store.add(b"%PDF-1.4 broken", "坏文件.pdf").document_id
    page = client.get(f"/reports/{bad}").text
    check_html(page)
    assert "分析失败" in page and "没有可显示的正文" in page
    assert client.get(f"/reports/{bad}/opinion.docx").status_code == 409


def test_administrator_gets_a_delete_form(store):
    app = create_app(store, access=Access(password_hash=hash_password("secret")))
    n = add(store, REPORT, "江安县.txt")
    with TestClient(app) as client:
        page = client.get(f"/reports/{n}").text
        assert "delete-form" not in page
        token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
        answer = client.post(
            "/login",
            data={
                "username": "admin",
                "password": "secret",
                "csrf": token,
                "next": f"/reports/{n}",
            },
            follow_redirects=False,
        )
        assert answer.status_code == 303
        page = client.get(f"/reports/{n}").text
        form = re.search(
            r'<form method="post" action="/reports/(\d+)/delete"[^>]*>(.*?)</form>', page, re.S
        )
        assert form and form.group(1) == str(n)
        token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
        assert f'name="csrf" value="{token}"' in form.group(2)
        deleted = client.post(f"/reports/{n}/delete", data={"csrf": token}, follow_redirects=False)
        assert deleted.status_code == 303
        assert client.get(f"/reports/{n}").status_code == 404


def test_report_script_is_served(client):
    script = client.get("/static/report.js")
    assert script.status_code == 200
    assert "确定删除这份报告吗？此操作不可撤销。" in script.text


def test_a_page_grows_linearly_with_findings_quoting_one_passage(store):
    """A paragraph repeated thousands of times makes as many findings quoting it; the
    page must not grow with their number squared (it did: 2 GB for 20,000)."""
    from fastapi.testclient import TestClient

    from fazhi.web import create_app
    from fazhi.web.access import Access

    client = TestClient(create_app(store, access=Access()))
    para = "（一）行政复议。全年办理行政复议案件 123 件，纠错率 12.5%，办理行政诉讼案件 45 件。\n"
    sizes = []
    for copies in (400, 1600):
        body = (
            "甲县人民政府关于2022年度法治政府建设情况的报告\n\n一、主要举措和成效\n" + para * copies
        )
        saved = store.add(body.encode(), f"dup{copies}.txt")
        page = client.get(f"/reports/{saved.document_id}")
        assert page.status_code == 200
        sizes.append(len(page.content))
    assert sizes[1] < 6 * sizes[0]  # four times the findings, well under sixteen times the page
