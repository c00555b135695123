"""Unit tests of the structure stages on short texts written for each case."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

import fazhi
from fazhi.normalize import normalize
from fazhi.structure import kinds, layout, outline
from fazhi.structure.dates import parse_date


def analyze_text(text: str, name: str = "报告.txt"):
    return fazhi.analyze(text.encode("utf-8"), name)


REPORT = """XX市YY区人民政府文件

YY政〔2024〕 7 号　　　　签发人：王  明

XX市YY区人民政府关于
2023年度法治政府建设情况的报告

市人民政府：

2023年，我区深入学习贯彻习近平法治思想，现将有关情况报告如下：

一、主要举措和成效

（一）强化组织领导。区政府主要负责人认真履行推进法治建设第一责任人职责，全年召开常务会议专题学法4次。

（二）规范行政执法

1.推行“三项制度”。全区行政执法单位全面公示执法信息。

2.加强案卷评查。评查案卷120卷。

二、存在的不足和原因

一是部分干部法治意识不强。究其原因，主要是学法培训针对性不够。

三、2024年工作安排

（一）继续深化依法行政。进一步完善重大行政决策程序。

XX市YY区人民政府

2024年2月20日

（此件主动公开）

抄送：市司法局，市委依法治市办。

XX市YY区人民政府办公室　　　2024年2月21日印发
"""


def test_metadata_from_official_layout():
    doc = analyze_text(REPORT)
    m = doc.metadata
    assert m.title == "XX市YY区人民政府关于2023年度法治政府建设情况的报告"
    assert m.issuer == "XX市YY区人民政府"
    assert m.doc_number == "YY政〔2024〕7号"
    assert m.signer == "王明"
    assert m.addressees == ("市人民政府",)
    assert m.cc == ("市司法局", "市委依法治市办")
    assert m.issue_date == date(2024, 2, 20)
    assert m.print_date == date(2024, 2, 21)
    assert m.disclosure == "主动公开"
    assert m.report_year == 2023


def test_sections_kinds_and_run_in_headings():
    doc = analyze_text(REPORT)
    tops = doc.sections
    assert [s.kind for s in tops] == ["measures", "shortcomings", "next_year"]
    first = tops[0]
    assert [c.marker + c.title for c in first.children] == [
        "（一）强化组织领导",
        "（二）规范行政执法",
    ]
    assert first.children[0].run_in is True
    assert first.children[1].run_in is False
    assert [c.title for c in first.children[1].children] == ["推行“三项制度”", "加强案卷评查"]


def _content_findings(doc):
    """The findings about the mandated contents (the fixture's XX/YY names are placeholders
    and draw their own findings, tested elsewhere)."""
    return [f for f in doc.findings if f.rule.startswith(("structure.", "input."))]


def test_contents_with_causes_and_first_responsible():
    doc = analyze_text(REPORT)
    assert doc.contents.to_contract() == {
        "measures": True,
        "shortcomings": True,
        "causes": True,
        "first_responsible": True,
        "next_year": True,
    }
    assert _content_findings(doc) == []


def test_missing_causes_is_a_finding():
    text = REPORT.replace("究其原因，主要是学法培训针对性不够。", "")
    doc = analyze_text(text)
    assert doc.contents.present["causes"] is False
    rules = [(f.rule, f.extra.get("content")) for f in _content_findings(doc)]
    assert rules == [("structure.missing_content", "causes")]


def test_first_responsible_only_in_plans_does_not_count():
    text = REPORT.replace("区政府主要负责人认真履行推进法治建设第一责任人职责，", "").replace(
        "进一步完善重大行政决策程序。", "继续落实党政主要负责人履行推进法治建设第一责任人职责。"
    )
    doc = analyze_text(text)
    assert doc.contents.present["first_responsible"] is False


def test_body_numbers_in_sentences_are_not_headings():
    paragraphs = (
        "一、主要举措和成效",
        "全年共办理案件。",
        "1.5万人次参加了普法活动。",
        "二、存在的问题",
        "三是后面不是标题。",
        "五、跳号的标题不被接受",
        "三、下一步计划",
    )
    heads = outline.find_headings(paragraphs)
    assert [h.marker + h.title for h in heads] == [
        "一、主要举措和成效",
        "二、存在的问题",
        "三、下一步计划",
    ]


def test_a_heading_looking_back_on_the_year_is_a_heading_a_period_is_not():
    paragraphs = (
        "一、一年来的主要工作",
        "全年共办理案件。",
        "二、三季度，我局开展了专项检查。",
        "二、一年以来存在的问题",
        "三、四月份组织了培训。",
        "三、下一步计划",
    )
    heads = outline.find_headings(paragraphs)
    assert [h.marker + h.title for h in heads] == [
        "一、一年来的主要工作",
        "二、一年以来存在的问题",
        "三、下一步计划",
    ]


def test_second_list_restarting_at_one_is_nested_list_not_heading():
    paragraphs = ("一、做法", "1.甲。", "2.乙。", "1.丙。", "二、问题")
    heads = outline.find_headings(paragraphs)
    assert [h.marker for h in heads] == ["一、", "1.", "2.", "二、"]


def test_hard_wrapped_text_is_rejoined():
    raw = (
        "一、主要做法及成效\n\n（一）强化组织领导，推进法治政府建设\n\n"
        + "区委区政府主要领导带头履行党政主要负责人法治建设第\n"
        + " 一责任人职责，区委将学习贯彻习近平法治思想全面纳\n\n"
        + "入理论学习中心组学习内容，定期召开会议研究推进法治\n\n"
        + "政府建设，做到年初有计划、阶段有重点、事事有安排。\n"
        + "— 2 —\n"
        + "（二）深化改革，建设服务型政府\n"
        + "一是聚焦群众需求，持续丰富服务业态，推出四十二组服\n"
        + "务套餐，进一步规范便民服务中心事项和部门应进必进。\n"
    )
    paragraphs, converted = normalize(raw)
    assert converted is False
    assert paragraphs[2].startswith(
        "区委区政府主要领导带头履行党政主要负责人法治建设第一责任人职责"
    )
    assert paragraphs[2].endswith("事事有安排。")
    assert "— 2 —" not in "\n".join(paragraphs)
    assert paragraphs[3] == "（二）深化改革，建设服务型政府"


def test_page_break_inside_sentence_is_rejoined():
    raw = "一是推进审批事项“马上办、网上办”。2023年在省网上办\n\n事大厅共发布事项 1855 项，绑定率达 100%。\n"
    paragraphs, _ = normalize(raw)
    assert paragraphs == (
        "一是推进审批事项“马上办、网上办”。2023年在省网上办事大厅共发布事项 1855 项，绑定率达 100%。",
    )


def test_fullwidth_digits_and_nbsp_fold():
    paragraphs, _ = normalize("全年办结案件１２３件，占比９８．５％。\u00a0\n")
    assert paragraphs == ("全年办结案件123件，占比98.5%。",)


def test_traditional_text_is_converted():
    raw = "某某區2023年度法治政府建設情況報告\n\n一、主要舉措和成效\n\n全年辦理行政復議案件十二件，開展普法宣傳活動，規範行政執法行為。\n"
    paragraphs, converted = normalize(raw)
    assert converted is True
    assert paragraphs[0] == "某某区2023年度法治政府建设情况报告"


def test_title_over_two_lines_and_duplicated_title():
    paragraphs = (
        "某某县2022年法治政府建设工作报告",
        "县人大常委会：",
        "2022年，我县……",
    )
    lay = layout.find_layout(paragraphs)
    assert lay.title == (0, 1) and lay.addressee == 1 and lay.body_start == 2
    paragraphs2, _ = normalize("某某县人民政府关于印发\n《某某县工作方案》的通知\n\n县委：\n正文。")
    lay2 = layout.find_layout(paragraphs2)
    assert lay2.title == (0, 2)
    deduped, _ = normalize(
        "某某县2022年法治政府建设工作报告\n\n某某县2022年法治政府建设工作报告\n正文。"
    )
    assert deduped[0] == "某某县2022年法治政府建设工作报告" and deduped[1] == "正文。"


def test_chinese_numeral_dates():
    assert parse_date("二〇二三年二月十二日") == date(2023, 2, 12)
    assert parse_date("2023 年 2 月 12 日印发") == date(2023, 2, 12)
    assert parse_date("二〇二三年二月三十日") is None


def test_section_kind_from_heading_and_body():
    assert kinds.title_kind("存在的不足和原因") == "shortcomings"
    assert kinds.title_kind("2024年工作思路", 2023) == "next_year"
    assert kinds.title_kind("2023年法治政府建设成效", 2023) == "measures"
    assert kinds.title_kind("推进履行法治建设第一责任人职责") == "first_responsible"
    assert kinds.title_kind("其他需要报告的情况") == "other"
    assert kinds.title_kind("坚持依法决策") is None
    assert (
        kinds.body_kind("全年共办结案件120件，已完成清理文件30件，累计开展培训12场。") == "measures"
    )
    assert (
        kinds.body_kind(
            "将进一步加强执法队伍建设，持续推进依法决策，力争实现新突破，继续深化改革。"
        )
        == "next_year"
    )


def test_report_year_from_body_when_title_has_none():
    text = "某某区人民政府关于印发《某某区应急预案》的通知\n\n市政府：\n\n2022 年，在市委的领导下，我区扎实推进法治政府建设。现将具体工作情况报告如下：\n\n一、主要做法及成效\n\n全年办结案件。\n"
    doc = analyze_text(text)
    assert doc.metadata.report_year == 2022
    assert doc.is_report is True


def test_doc_number_cited_in_body_is_not_the_documents():
    text = "某某区2022年度法治政府建设工作报告\n\n一、主要举措和成效\n\n印发了《关于加强备案审查的通知》（某办发〔2022〕3号）。\n"
    doc = analyze_text(text)
    assert doc.metadata.doc_number is None
    assert doc.metadata.issuer == "某某区人民政府"


def test_docx_heading_styles_without_numbering(tmp_path):
    from docx import Document as Docx

    d = Docx()
    d.add_paragraph("某某市司法局2023年法治政府建设年度报告")
    d.add_paragraph("2023年，我局扎实推进法治政府建设，现将有关情况报告如下：")
    d.add_heading("主要举措和成效", level=1)
    d.add_paragraph("全年办结行政复议案件56件。局长认真履行推进法治建设第一责任人职责。")
    d.add_heading("存在的不足和原因", level=1)
    d.add_paragraph("执法力量不足，主要原因是编制紧张。")
    d.add_heading("2024年工作安排", level=1)
    d.add_paragraph("将继续推进依法行政。")
    path = tmp_path / "styled.docx"
    d.save(path)
    doc = fazhi.analyze(path)
    assert [(s.title, s.kind) for s in doc.sections] == [
        ("主要举措和成效", "measures"),
        ("存在的不足和原因", "shortcomings"),
        ("2024年工作安排", "next_year"),
    ]
    assert all(doc.contents.present.values())


def test_a_defect_in_a_stage_becomes_an_error_not_a_crash(monkeypatch):
    from fazhi import pipeline

    def broken(doc):
        raise IndexError("boom")

    monkeypatch.setattr(
        pipeline, "STAGES", (("normalize", pipeline.stage_normalize), ("broken", broken))
    )
    monkeypatch.setattr(pipeline.run, "__defaults__", (pipeline.STAGES,))
    doc = fazhi.analyze("一、主要举措\n正文。".encode(), "x.txt")
    assert doc.error is not None and doc.error.code == "internal.error"
    assert "x.txt" in doc.error.message and "IndexError" in doc.error.message


def test_bare_number_inside_a_paragraph_is_a_figure_not_a_page_number():
    paragraphs, _ = normalize(
        "全区共受理行政复议案件\n125\n件，审结118件。\n\n3\n\n二、存在的问题\n"
    )
    assert paragraphs[0] == "全区共受理行政复议案件125件，审结118件。"
    assert "3" not in paragraphs


_WRAPPED = (
    "全区坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近\n"
    "平法治思想，认真落实中央和省市关于法治政府建设的决策部署，推动各项工作\n"
    "取得明显成效，为经济社会高质量发展提供了坚实法治保障。\n"
    "严格落实重大行政决策程序规定，对涉及群众切身利益的重大事项坚持公众\n"
    "参与、专家论证、风险评估、合法性审查和集体讨论决定，决策的科学化、民主\n"
    "化、法治化水平不断提高，群众满意度稳步提升。\n"
)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # OFD and PDF lines are cut by the page width: a line full of digits looks short
        # (digits take half a cell), yet the figure and its unit go on in the next line
        ("全区执法机关依法履职，全年查处案件1234件，罚没款686.49万", "元，有力维护了市场秩序。"),
        (
            "全区执法机关依法履职，全年查处案件 1234 件，罚没款 686.49 万",
            "元，有力维护了市场秩序。",
        ),
        ("全区执法机关依法履职，全年查处案件1234件，罚没款686.49", "万元，有力维护了市场秩序。"),
        ("全区执法机关依法履职，全年查处案件1234件，罚没款686.", "49万元，有力维护了市场秩序。"),
        ("全区执法机关依法履职，全年查处案件1234件，罚没款68", "6.49万元，有力维护了市场秩序。"),
        ("全区执法机关查处案件12345件，办结12000件，罚没款", "686.49万元，有力维护了市场秩序。"),
    ],
)
def test_a_figure_cut_by_the_line_width_reads_as_one(first: str, second: str) -> None:
    raw = "一、主要举措和成效\n" + _WRAPPED + first + "\n" + second + "\n" + _WRAPPED
    paragraphs, _ = normalize(raw)
    assert squash_spaces(first + second) in map(squash_spaces, paragraphs), paragraphs
    facts = fazhi.analyze(raw.encode(), "r.txt").facts
    fines = [(f.value, f.unit, f.indicator) for f in facts if f.unit.endswith("元")]
    assert fines == [(Decimal("686.49"), "万元", "enforcement.fines")]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("全年查处案件1234件，罚没款686.49万元。", "2024年，全区将继续加强行政执法。"),
        ("一、主要举措和成效", "2023年，全区深入推进法治政府建设。"),
        ("（二）全年执法数据", "1234件案件全部按期办结。"),
    ],
)
def test_separate_paragraphs_stay_separate_at_a_figure(first: str, second: str) -> None:
    raw = _WRAPPED + first + "\n" + second + "\n" + _WRAPPED
    paragraphs, _ = normalize(raw)
    assert first in paragraphs and second in paragraphs, paragraphs


def squash_spaces(text: str) -> str:
    return text.replace(" ", "")


def test_evidence_quotes_the_text_verbatim(seeds):
    for text in seeds.values():
        doc = analyze_text(text)
        for evidence in doc.contents.evidence.values():
            assert evidence in doc.text


def test_fifo_is_refused_not_waited_on(tmp_path):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    doc = fazhi.analyze(fifo)
    assert doc.error is not None and doc.error.code == "input.unreadable"


def test_period_end_year_is_not_next_years_plan():
    text = (
        "某某县2024年度法治政府建设情况报告\n\n2024年，我县认真落实《法治政府建设实施纲要（2021—2025年）》，"
        "扎实推进法治政府建设。现将有关情况报告如下：\n\n一、主要举措和成效\n\n全年办结行政复议案件12件。"
        "县长认真履行推进法治建设第一责任人职责。\n\n二、存在的问题\n\n执法力量不足，主要原因是编制紧张。\n"
    )
    doc = analyze_text(text)
    assert doc.contents.present["next_year"] is False
    assert [f.extra.get("content") for f in _content_findings(doc)] == ["next_year"]


def test_notice_about_doing_the_reports_is_not_a_report():
    text = (
        "关于做好2021年度法治政府建设年度报告工作的通知\n\n各县（市、区）人民政府，市直各部门：\n\n"
        "为做好2021年度法治政府建设年度报告工作，现就有关事项通知如下：\n\n一、报告内容\n\n"
        "报告应包括主要举措和成效、存在的不足和原因、下一年度主要安排。\n\n二、报送时间\n\n2022年3月1日前报送。\n"
    )
    doc = analyze_text(text)
    assert doc.is_report is False and doc.genre == "notice_about_reports"


def test_truncated_text_is_marked_and_not_blamed_for_what_is_cut_off():
    text = (
        REPORT.split("二、存在的不足和原因")[0].rstrip().rstrip("。")
        + "全年组织新增执法人员参加培训并"
    )
    doc = analyze_text(text)
    assert doc.truncated is True
    assert [f.rule for f in _content_findings(doc)] == ["input.truncated"]
    assert doc.to_contract()["truncated"] is True
    assert analyze_text(REPORT).truncated is False


def test_title_wrapped_before_its_genre_word():
    text = (
        "清漳县人民政府关于2023年度法治政府建设情况\n的报告\n中共清漳县委、县人大常委会：\n"
        "2023年，县政府深入推进法治政府建设。现将有关情况报告如下：\n一、主要举措和成效\n全年办结复议案件12件。\n"
    )
    assert analyze_text(text).metadata.title == "清漳县人民政府关于2023年度法治政府建设情况的报告"


# Text wrapped at a number of characters (a pasted text layer; synthetic txt-wrapped,
# synth_3_00915, synth_5_00607, synth_2_00673, synth_4_00907): every line is cut at the
# same count, digits or not, so a line full of figures is as full as its neighbours and
# does not end its paragraph; a page footer inside a sentence is dropped, the halves joined.
_CHAR_WRAPPED = [
    pytest.param(
        "充分发挥法律顾问和公职律师作用，重大行政决策事前均经法律顾问论证。将十\n"
        "三项重大行政决策事项纳入年度目录并向社会公布。二是严格重大行政决策程\n"
        "序。编制并公布年度重大行政决策事项目录，主动接受社会监督。三是发挥法律\n"
        "顾问作用。全年聘任政府法律顾问 27 位，审核各类文件、合同等 149\n"
        "3 份，提出审查意见，有效防范了法律风险。\n"
        "  (四)依法有效化解社会矛盾纠纷。一是规范行政复议办案流程。全年审结\n"
        "行政复议案件 524 件，其中纠错 57 件，直接纠错率达到了 10.\n"
        "88%，有力监督了依法行政。二是依法办理行政复议案件。2020年，共收\n"
        "到 415 件行政复议申请，立案受理 337 件，审结 295 件，其\n"
        "— 1 —\n"
        "中责令履行、终止、确认违法分别 239 件、 101 件、 47 件。\n"
        "三是健全行政应诉工作机制。全年应诉行政诉讼案件 177 起，负责人出庭\n",
        "审结295件，其中责令履行、终止、确认违法分别239件、101件、47件。",
        id="footer-in-sentence",
    ),
    pytest.param(
        "了社会和谐稳定。三是深化行政复议体制改革。深化行政复议体制改革，发挥行\n"
        "政复议化解行政争议主渠道作用。新建行业性专业性人民调解委员会98个，配\n"
        "备专职人民调解员 30 名。四是落实行政机关负责人出庭应诉制度。一年\n"
        "来，发生行政诉讼案件 275 件，出庭应诉率 100 %，行政应诉工作\n"
        "水平进一步提升。五是依法办理行政复议案件。2020年，共接收行政复议申\n"
        "请 56 件，受理行政复议案件 44 件，审结 43 件，其中确认违\n"
        "法、驳回、变更、终止的分别为 35 件、10件、12件、6件。\n"
        "  （六）强化法治政府建设科技保障。一是推行“互联网+监管”。推广应用\n"
        "行政执法综合管理监督信息系统，实现执法全流程网上运行。依托一体化政务服\n"
        "务平台，实现70个部门业务系统互联互通。\n",
        "审结43件，其中确认违法、驳回、变更、终止的分别为35件、10件、12件、6件。",
        id="word-cut-after-figures",
    ),
    pytest.param(
        "  严格落实会前学法制度，常态化开展领导干部学法活动，领导干部运用法治\n"
        "思维和法治方式的能力不断增强。组织开展年度述法工作，市委书记、市长带头\n"
        "述法，接受评议。\n"
        "  （二）健全依法决策机制，提升决策科学化水平\n"
        "  严格落实公众参与、专家论证、风险评估、合法性审查和集体讨论决定等法\n"
        "定程序。组织召开重大行政决策专家论证会十三次，公开征求意见94天以上。\n"
        "  今年以来，审核各类文件、合同等922件，聘请16名法律顾问，做到应\n"
        "审尽审。\n"
        "  编制并公布年度重大行政决策事项目录，主动接受社会监督。\n"
        "  （三）全面推行行政执法三项制度\n"
        "  组织开展行政执法案卷评查和执法人员培训，执法规范化水平持续提升。\n"
        "  全市共办结行政执法案件2,690件，其中行政处罚案件1,551件、\n"
        "行政检查案件1,035件、行政许可案件104件，处罚金额3,791,0\n"
        "95元。评查执法卷宗268卷。\n"
        "  （四）依法有效化解社会矛盾纠纷。2020年，共接收行政复议申请55\n"
        "1件，立案受理532件，已审结453件，其中维持、变更、确认违法的分别\n"
        "336件、107件、10件。\n"
        "  深化行政复议体制改革，发挥行政复议化解行政争议主渠道作用。开展矛盾\n"
        "纠纷集中排查专项行动五轮，每月召开分析研判会议2—6次。\n"
        "  全年共发生行政诉讼案件 11 件，负责人出庭应诉 8 件，行政机关\n"
        "负责人出庭应诉率达到 72.73 %。\n"
        "  坚持和发展新时代“枫桥经验”，推动矛盾纠纷源头预防、前端化解。\n"
        "  2020年，排查矛盾纠纷6,387件，成功化解5,677件，化解率\n"
        "— 1 —\n"
        "达到82.6%。\n"
        "  （五）强化权力制约监督，促进行政权力规范透明运行\n"
        "  2020年以来，办理人大代表建议177件和5件政协提案，均按期办结\n",
        "排查矛盾纠纷6,387件，成功化解5,677件，化解率达到82.6%。",
        id="indented-first-line",
    ),
    pytest.param(
        "同推进、同考核。县政府主要负责同志（县长）认真履行推进法治建设第一责任\n"
        "人职责，亲自部署、亲自过问、亲自协调法治政府建设重要工作。\n"
        "  （二）加强制度建设，规范行政规范性文件管理。一是规范文件备案。建立\n"
        "健全规范性文件动态清理工作机制，及时清理与上位法不一致的文件。二是加强\n"
        "行政规范性文件管理。全年制发行政规范性文件 14 份，备案率100%。\n"
        "清理行政规范性文件 332 件，保留 209 件，修改 122 件，宣\n"
        "布失效、废止 1 件。三是健全文件管理机制。坚持规范性文件统一登记、统\n"
        "一编号、统一印发制度，按时报送备案。建立规范性文件起草、审核、备案“三\n"
        "统一”工作机制，形成制度文件十五项。\n",
        "清理行政规范性文件332件，保留209件，修改122件，宣布失效、废止1件。",
        id="list-after-full-stop",
    ),
]


@pytest.mark.parametrize(("raw", "sentence"), _CHAR_WRAPPED)
def test_a_character_wrapped_line_full_of_figures_does_not_end_its_paragraph(
    raw: str, sentence: str
) -> None:
    paragraphs, _ = normalize(raw)
    squashed = [p.replace(" ", "") for p in paragraphs]
    assert any(sentence in p for p in squashed), paragraphs
    assert not any(re.fullmatch(r"[—\s\d]+", p) for p in paragraphs)
