"""Each review rule on short texts written for it: what it flags and what it must not."""

from __future__ import annotations

from datetime import date

import pytest

import fazhi
from fazhi.checks.policies import title_key
from fazhi.checks.privacy import find_personal_data, luhn, redact, valid_id_number
from fazhi.checks.timeliness import deadline


def report(
    body: str = "",
    *,
    title: str = "青川县人民政府关于2023年度法治政府建设情况的报告",
    opening: str = "2023年，我县深入推进法治政府建设。现将有关情况报告如下：",
    signature: str = "青川县人民政府\n2024年2月20日",
    addressee: str = "市人民政府：",
) -> str:
    return (
        f"{title}\n{addressee}\n{opening}\n一、主要举措和成效\n"
        "全年办理行政复议案件12件，组织执法人员培训3场。" + body + "\n"
        "二、存在的不足和原因\n执法人员不足，主要原因是编制紧张。\n"
        "三、党政主要负责人履行推进法治建设第一责任人职责情况\n县长认真履行第一责任人职责，主持召开常务会议专题研究法治建设4次。\n"
        "四、2024年工作安排\n继续深化行政执法改革。\n"
        f"{signature}\n"
    )


def findings(text: str, rule: str) -> list:
    doc = fazhi.analyze(text.encode(), "report.txt")
    return [f for f in doc.findings if f.rule == rule]


# ---------------------------------------------------------------- ref.policy_title


@pytest.mark.parametrize(
    "citation, expected",
    [
        ("《法治政府建设实施纲要（2020—2025年）》", "法治政府建设实施纲要（2021—2025年）"),
        ("《法治政府建设实施纲要（2021-2026年）》", "法治政府建设实施纲要（2021—2025年）"),
        ("《法制政府建设实施纲要（2021—2025年）》", None),
        ("《法治政府建设与责任落实督查工作规定》", "法治政府建设与责任落实督察工作规定"),
        (
            "《党政主要负责人履行推进法治建设第一责任人职责的规定》",
            "党政主要负责人履行推进法治建设第一责任人职责规定",
        ),
        (
            "《中共中央办公厅、国务院办公厅关于印发<法治政府建设与责任落实督察工作规定的>的通知》",
            "法治政府建设与责任落实督察工作规定",
        ),
    ],
)
def test_wrong_policy_titles_are_flagged_with_the_right_one(citation, expected):
    found = findings(report(f"认真贯彻落实{citation}。"), "ref.policy_title")
    assert len(found) == 1
    assert found[0].evidence == (citation,)
    if expected:
        assert found[0].extra["expected"] == expected


@pytest.mark.parametrize(
    "citation",
    [
        "《法治政府建设实施纲要（2021—2025年）》",
        "《法治政府建设实施纲要(2021-2025 年)》",
        "《法治政府建设实施纲要》",
        "《行政复议法》",
        "《中华人民共和国行政处罚法》",
        "《民法典》",
        "《青川县法治政府建设实施方案（2021—2025年）》",
        "《青川县重大行政决策程序规定》",
        "《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》",
        "《法治日报》",
        "《2023年青川县普法依法治理工作要点》",
        "《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）",
    ],
)
def test_right_and_local_titles_are_not_flagged(citation):
    assert findings(report(f"认真贯彻落实{citation}。"), "ref.policy_title") == []


def test_a_wrong_document_number_is_flagged():
    found = findings(
        report("严格执行《重大行政决策程序暂行条例》（国务院令第723号）。"), "ref.policy_title"
    )
    assert len(found) == 1 and "国务院令第713号" in found[0].message


def test_a_document_cited_before_it_existed_is_flagged():
    text = report(
        "认真落实《法治政府建设实施纲要（2021—2025年）》。",
        title="青川县人民政府关于2019年度法治政府建设情况的报告",
        opening="2019年，我县深入推进法治政府建设。现将有关情况报告如下：",
        signature="青川县人民政府\n2020年3月2日",
    )
    found = findings(text, "ref.policy_title")
    assert len(found) == 1 and "2021年8月11日" in found[0].message


def test_a_superseded_outline_is_an_info_under_its_own_rule():
    found = findings(
        report("继续落实《法治政府建设实施纲要（2015—2020年）》。"), "ref.policy_outdated"
    )
    assert len(found) == 1 and found[0].severity == "info"
    assert (
        findings(report("继续落实《法治政府建设实施纲要（2015—2020年）》。"), "ref.policy_title")
        == []
    )


def test_title_key_ignores_what_writers_vary_without_error():
    assert title_key("中华人民共和国行政复议法") == title_key("行政复议法")
    assert title_key("纲要（2021－2025 年）") == title_key("纲要(2021-2025)")


# ---------------------------------------------------------------- privacy


def _valid_id(prefix: str = "11010519491231002") -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(prefix, weights, strict=True))
    return prefix + "10X98765432"[total % 11]


def _luhn_number(prefix: str = "622202123456789012") -> str:
    return next(prefix + str(d) for d in range(10) if luhn(prefix + str(d)))


def test_personal_numbers_are_found_and_validated():
    card = _luhn_number()
    text = (
        f"联系人：王某，电话：13912345678；身份证号{_valid_id()}；"
        f"开户银行账号：{card}；另有号码11010519491231002Y。"
    )
    kinds = [d.kind for d in find_personal_data(text)]
    assert kinds == ["mobile", "id_card", "bank_card"]
    assert valid_id_number(_valid_id())
    assert not valid_id_number(
        "110105194912310021" if _valid_id()[-1] != "1" else "110105194912310022"
    )


@pytest.mark.parametrize(
    "text",
    [
        "12345政务服务便民热线、12348公共法律服务热线全天受理。",
        "咨询电话：0591-87654321。",
        "统一社会信用代码91350100MA2XYZ1234。",
        "文号榕政综〔2023〕20号。",
        "投入资金6222021234567890128元。",
        "收到13912345678900件。",
    ],
)
def test_numbers_that_are_not_personal_data(text):
    assert find_personal_data(text) == []


def test_privacy_finding_and_redaction():
    text = report("", signature="青川县人民政府\n2024年2月20日\n（联系人：李某 电话：13912345678）")
    found = findings(text, "privacy.personal_data")
    assert len(found) == 1 and "13912345678" in found[0].evidence[0]
    assert "139****5678" in found[0].message and "13912345678" not in found[0].message
    assert redact("电话13912345678") == "电话139****5678"
    assert redact(f"身份证{_valid_id()}") == f"身份证110105********{_valid_id()[-4:]}"


# ---------------------------------------------------------------- meta


def test_title_announcing_another_document_is_a_mismatch():
    title = "青川县人民政府关于印发《青川县突发事件总体应急预案》的通知"
    found = findings(report(title=title), "meta.title_mismatch")
    assert len(found) == 1 and found[0].evidence == (title,)


@pytest.mark.parametrize(
    "title",
    [
        "青川县人民政府关于印发《青川县2023年度法治政府建设情况报告》的通知",
        "青川县人民政府关于2023年度法治政府建设情况的报告",
        "青川县2023年法治政府建设工作报告",
    ],
)
def test_titles_that_name_the_report_are_not_a_mismatch(title):
    assert findings(report(title=title), "meta.title_mismatch") == []


def test_title_year_against_the_body():
    text = report(opening="2024年以来，我县深入推进法治政府建设。现将2024年度有关情况报告如下：")
    found = findings(text, "meta.year_mismatch")
    assert len(found) == 1 and "2023" in found[0].message and "2024" in found[0].message
    assert findings(report(), "meta.year_mismatch") == []
    # "2022年是…的重要一年" names the year the body looks back on
    year_is = "2022年是全面落实《法治政府建设实施纲要（2021—2025年）》的重要一年。我县深入推进。"
    found = findings(report(opening=year_is), "meta.year_mismatch")
    assert len(found) == 1 and "2022" in found[0].message
    same = "2023年是全面落实《法治政府建设实施纲要（2021—2025年）》的关键一年。"
    assert findings(report(opening=same), "meta.year_mismatch") == []


def test_title_advice_when_the_title_does_not_say_what_it_is():
    found = findings(report(title="青川县2023年工作情况"), "meta.title_advice")
    assert len(found) == 1 and found[0].severity == "info"
    assert findings(report(), "meta.title_advice") == []


def test_a_report_sent_down_to_subordinates():
    found = findings(report(addressee="各乡镇人民政府，县直各单位："), "meta.addressees")
    assert found and all(f.severity == "info" for f in found)
    assert findings(report(), "meta.addressees") == []


# ---------------------------------------------------------------- timeliness


def test_deadlines_by_issuer_kind_and_year():
    assert deadline(2023, "department").for_year(2023) == date(2024, 3, 1)
    assert deadline(2023, "government").for_year(2023) == date(2024, 4, 1)
    assert deadline(2017, "government").for_year(2017) == date(2018, 3, 31)
    assert deadline(2010, "government") is None


def test_late_government_report():
    late = findings(report(signature="青川县人民政府\n2024年4月8日"), "timeliness.late")
    assert len(late) == 1 and "7天" in late[0].message and late[0].evidence == ("2024年4月8日",)
    assert findings(report(signature="青川县人民政府\n2024年4月1日"), "timeliness.late") == []
    assert findings(report(signature="青川县人民政府\n2024年3月15日"), "timeliness.late") == []


def test_departments_report_by_the_first_of_march():
    text = report(
        title="绵江市市场监督管理局2023年度法治政府建设情况报告",
        signature="绵江市市场监督管理局\n2024年3月15日",
    )
    assert len(findings(text, "timeliness.late")) == 1


def test_no_date_is_an_info():
    text = report(signature="青川县人民政府")
    assert findings(text, "timeliness.late") == []
    assert [f.severity for f in findings(text, "timeliness.no_date")] == ["info"]


# ---------------------------------------------------------------- leftovers


def test_placeholders_and_repeated_paragraphs():
    paragraph = "组织开展行政执法案卷评查，评查案卷120卷，发现的问题全部反馈有关单位整改到位。"
    text = report(f"\n{paragraph}\n{paragraph}\nXX区司法局会同×××同志开展督察。")
    doc = fazhi.analyze(text.encode(), "report.txt")
    rules = sorted(f.rule for f in doc.findings if f.rule.startswith("residue."))
    assert rules == ["residue.duplicate_paragraph", "residue.placeholder", "residue.placeholder"]


def test_no_leftovers_in_a_clean_report():
    doc = fazhi.analyze(report().encode(), "report.txt")
    assert [f for f in doc.findings if f.rule.startswith("residue.")] == []


# ---------------------------------------------------------------- second round


@pytest.mark.parametrize(
    "citation, needle",
    [
        ("《重大行政决策程序条例》", "重大行政决策程序暂行条例"),
        ("《党政主要负责人履行推进法治建设第一责任人职责规定（试行）》", "第一责任人职责规定》"),
        ("《国务院关于印发〈提升行政执法质量三年行动计划（2023—2025年）〉的通知》", "国务院办公厅"),
        ("《优化营商环境条例》（国务院第723号令）", "国务院令第722号"),
        ("《法治政府建设实施纲要（2021—2025年）》（中发〔2021〕38号文）", "中发〔2021〕33号"),
    ],
)
def test_qualifiers_wrappers_and_number_forms(citation, needle):
    found = findings(report(f"认真贯彻{citation}。"), "ref.policy_title")
    assert len(found) == 1 and needle in found[0].message


def test_a_right_wrapper_is_not_flagged():
    citation = (
        "《中共中央办公厅、国务院办公厅关于印发〈法治政府建设与责任落实督察工作规定〉的通知》"
    )
    assert findings(report(f"认真贯彻{citation}。"), "ref.policy_title") == []
    assert (
        findings(report("执行《优化营商环境条例》（国务院第722号令）。"), "ref.policy_title") == []
    )


def test_personal_numbers_in_other_layouts():
    card = _luhn_number("621785060001234567")
    spaced = " ".join([card[:4], card[4:8], card[8:12], card[12:16], card[16:]])
    assert [
        d.kind
        for d in find_personal_data(
            f"身份证号 {_valid_id()[:6]} {_valid_id()[6:14]} {_valid_id()[14:]}"
        )
    ] == ["id_card"]
    assert [d.kind for d in find_personal_data(f"账号：{spaced}（开户行：中国建设银行）")] == [
        "bank_card"
    ]
    # a unit's collection account and a work-order serial are published on purpose
    assert find_personal_data(f"户名：青川县财政局 账号：{spaced} 开户银行：农业银行") == []
    assert find_personal_data(f"工单编号{_valid_id()}") == []


def test_a_mobile_number_wrapped_over_two_lines():
    text = report(
        "", signature="青川县人民政府\n2024年2月20日\n（联系人：李某，电话：139\n1234 5678）"
    )
    assert len(findings(text, "privacy.personal_data")) == 1


def test_title_year_of_a_combined_title():
    from fazhi.structure.metadata import title_year

    assert title_year("云秀县应急管理局2024年工作计划暨2023年度法治政府建设情况报告") == 2023
    assert title_year("2022年度法治政府建设情况暨2023年工作计划") == 2022


def test_a_plan_for_the_title_year_dated_in_that_year_is_a_year_mismatch():
    text = report(
        opening="过去一年，我县深入推进法治政府建设。现将有关情况报告如下：",
        signature="青川县人民政府\n2023年3月16日",
        title="青川县人民政府关于2023年度法治政府建设情况的报告",
    ).replace("四、2024年工作安排", "四、2023年工作打算")
    found = findings(text, "meta.year_mismatch")
    assert len(found) == 1 and "2022" in found[0].message


def test_causes_in_other_words_and_work_that_is_not_a_cause():
    base = report()
    cause = "执法人员不足。分析起来，症结在于编制长期紧张。"
    assert (
        findings(
            base.replace("执法人员不足，主要原因是编制紧张。", cause), "structure.missing_content"
        )
        == []
    )
    unfinished = "执法人员不足，涉及原因分析和整改跟踪工作尚未全部完成。"
    found = findings(
        base.replace("执法人员不足，主要原因是编制紧张。", unfinished), "structure.missing_content"
    )
    assert [f.extra["content"] for f in found] == ["causes"]


@pytest.mark.parametrize(
    "text",
    ["全年投入资金15000000000元。", "罚没收入13500000000.50元。", "案件编号：13512345678。"],
)
def test_amounts_and_serials_are_not_phones(text):
    assert find_personal_data(text) == []


def test_law_numbers_in_any_numeral_are_the_same_number():
    for citation in (
        "《中华人民共和国民法典》（主席令第四十五号）",
        "《民法典》（中华人民共和国主席令第45号）",
    ):
        assert findings(report(f"宣传{citation}。"), "ref.policy_title") == []


def test_a_wrong_number_on_a_later_mention_is_checked():
    body = "执行《优化营商环境条例》。后又按照《优化营商环境条例》（国务院令第723号）。"
    assert len(findings(report(body), "ref.policy_title")) == 1


def test_no_report_year_means_timeliness_unknown_not_on_time():
    text = "法治政府建设情况报告\n一、主要举措\n我们做了很多工作。\n二、存在的不足\n不足。\n三、下一步安排\n继续。\n"
    doc = fazhi.analyze(text.encode(), "r.txt", review=True)
    assert doc.metadata.report_year is None
    assert [f.rule for f in doc.findings if f.rule.startswith("timeliness.")] == [
        "timeliness.no_date"
    ]
    timeliness = next(c for c in doc.review.card.criteria if c.code == "timeliness")
    assert timeliness.points == 5


# ---------------------------------------------------------------- third round: false alarms


@pytest.mark.parametrize(
    "citation",
    [
        "《关于推行法律顾问制度和公职律师公司律师制度的实施意见》",
        "《党政主要负责人履行推进法治建设第一责任人职责清单》",
        "《法治政府建设实施方案（2021—2025年）》",
        "《国务院办公厅关于印发〈提升行政执法质量三年行动计划（2023—2025年）〉的通知》",
    ],
)
def test_local_documents_named_after_national_ones_are_not_slips(citation):
    assert findings(report(f"认真落实{citation}。"), "ref.policy_title") == []


def test_a_superseded_plan_cited_as_completed_is_not_outdated():
    body = "在如期完成《法治政府建设实施纲要（2015—2020年）》各项任务的基础上，落实新纲要。"
    assert findings(report(body), "ref.policy_outdated") == []


def test_numbers_in_a_table_row_and_unit_accounts_are_not_personal():
    assert find_personal_data("案件数量\t4362 138 1520 2264") == []
    card = _luhn_number("150602010900226851")
    text = f"收款单位：青川县人力资源和社会保障局，开户银行：中国工商银行股份有限公司青川支行，账号：{card}"
    assert find_personal_data(text) == []
    assert find_personal_data(f"回执号{_valid_id()}") == []


def test_a_quoted_naming_template_is_not_a_placeholder():
    body = "要求各县区报告标题格式为“××县（市、区）人民政府关于××年度法治政府建设情况的报告”。调处某某村与某某村山林纠纷。"
    doc = fazhi.analyze(report(body).encode(), "r.txt")
    assert [f for f in doc.findings if f.rule == "residue.placeholder"] == []


def test_a_government_office_issuing_the_government_report_has_the_government_deadline():
    text = report(
        title="青川县人民政府办公室关于印发《青川县2023年度法治政府建设情况报告》的通知",
        signature="青川县人民政府办公室\n2024年3月18日",
    )
    assert findings(text, "timeliness.late") == []


def test_a_township_reports_on_fazhi_jianshe():
    text = report(
        title="青川县城关镇关于2023年度法治建设工作情况的报告",
        signature="青川县城关镇人民政府\n2024年2月20日",
    )
    assert findings(text, "meta.title_advice") == []


def test_a_cover_letter_naming_the_report_is_not_a_mismatch():
    title = "青川县司法局关于报送2023年度法治政府建设情况的函"
    assert findings(report(title=title), "meta.title_mismatch") == []


def test_a_report_title_naming_another_topic_is_a_mismatch():
    title = "溪阳县交通运输局关于2022年度安全生产工作情况的报告"
    found = findings(report(title=title), "meta.title_mismatch")
    assert len(found) == 1 and "安全生产" in found[0].message
    for fine in ("青川县人民政府关于2023年度工作情况的报告", "青川县2023年度依法行政工作报告"):
        assert findings(report(title=fine), "meta.title_mismatch") == []
    # the 法治 in a rule-of-law office's own name does not make another topic its report
    office = "中共溪阳县委全面依法治县委员会办公室关于2022年度营商环境工作情况的报告"
    assert len(findings(report(title=office), "meta.title_mismatch")) == 1
    own = "中共溪阳县委全面依法治县委员会办公室关于2022年度法治建设工作情况的报告"
    assert findings(report(title=own), "meta.title_mismatch") == []


def test_a_carrier_notice_is_not_advised_on_its_title_or_addressees():
    letter = report(title="青川县司法局关于报送2023年度法治政府建设情况的函")
    assert findings(letter, "meta.title_advice") == []
    notice = report(
        title="青川县人民政府关于印发《青川县2023年度法治政府建设情况报告》的通知",
        addressee="各乡镇人民政府，县直各单位：",
    )
    assert findings(notice, "meta.addressees") == []


def test_a_naming_template_followed_by_its_instruction_is_not_a_placeholder():
    body = "各县区按照“XX县（市、区）人民政府关于XXXX年度法治政府建设情况的报告”的格式命名。"
    doc = fazhi.analyze(report(body).encode(), "r.txt")
    assert [f for f in doc.findings if f.rule == "residue.placeholder"] == []


def test_short_causes_and_causes_named_as_shortcomings():
    base = report()
    for cause in ("执法人员不足。原因是培训不够。", "执法人员不足，背后反映出队伍建设的短板。"):
        text = base.replace("执法人员不足，主要原因是编制紧张。", cause)
        assert findings(text, "structure.missing_content") == [], cause
