"""Figures in sentences: what is one, what only looks like one, what each counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.figures.facts import extract_facts
from fazhi.figures.scan import find_figures


def facts_of(text: str):
    return extract_facts(tuple(text.split("\n")))


def only(text: str):
    facts = facts_of(text)
    assert len(facts) == 1, [(f.value, f.unit, f.subject) for f in facts]
    return facts[0]


@pytest.mark.parametrize(
    "text",
    [
        "2023年以来，全区法治建设稳步推进。",  # a year
        "2023年6月，中心组开展专题学习。",  # a date
        "认真贯彻1月1日起施行的《行政复议法》。",
        "按照《法治政府建设实施纲要（2021—2025年）》要求推进。",  # a period
        "印发《实施方案》（榕政办〔2024〕11号）。",  # a document number
        "畅通12345政务服务便民热线和12337平台。",  # hotlines
        "联系人：张三，电话：15859056217。",  # a phone number
        "跨境电商监管1210、9610业务实现全覆盖。",  # business codes
        "召开区委全面依法治区委员会第四次会议。",  # an ordinal
        "按照第1名、第2名的顺序排列。",
        "确保按照“1+1+2+N”的模式配置到位。",  # a named model
        "完善落实重要敏感警情处置“三快六个一”制度。",
        "全面落实行政执法“三项制度”和“四张清单”。",  # slogans
        "实施业务导师、案件剖析、带引执法三项制度。",
        "坚决做到“两个维护”，深入开展“八五”普法。",
        "设立 24 小时自助服务区，提供不打烊服务。",  # a service name
        "依据《行政处罚法》第三十二条规定。",  # an article number
        "1. 加强组织领导。",  # a heading marker
        "（一）强化学习。一是加强学习；二是完善制度。",
        "运用市场监管领域包容审慎四个清单开展执法。",
        "接待十人以上集体案件时启动应急机制。",  # a threshold
    ],
)
def test_not_figures(text: str) -> None:
    assert find_figures(text) == [], text


@pytest.mark.parametrize(
    ("text", "value", "unit", "base", "base_unit", "approx"),
    [
        ("累计罚没款46万余元。", "46", "万元", "460000", "元", True),
        ("涉及金额 1961.5 万。", "1961.5", "万", "19615000", "", False),
        ("追发工资 3100 多万元。", "3100", "万元", "31000000", "元", True),
        ("群众参与1.2万余人次。", "1.2", "万人次", "12000", "人次", True),
        ("总投资21.5亿元。", "21.5", "亿元", "2150000000", "元", False),
        ("罚款0.45万元。", "0.45", "万元", "4500", "元", False),
        ("共受理一千三百零四件。", "1304", "件", "1304", "件", False),
        ("发放宣传资料两万余份。", "2", "万份", "20000", "份", True),
        ("合格率达百分之八十。", "80", "%", "80", "%", False),
        ("共审查文件132 份。", "132", "份", "132", "份", False),
        ("出庭应诉率保持95%以上。", "95", "%", "95", "%", True),
        ("受教育群众约 3000 人次。", "3000", "人次", "3000", "人次", True),
        ("开展活动近50场。", "50", "场", "50", "场", True),
        ("接待群众超过500人次。", "500", "人次", "500", "人次", True),
        ("法治宣传活动32场(次)。", "32", "场(次)", "32", "场(次)", False),
        ("平均跑动次数 0.07，较上年下降。", "0.07", "", "0.07", "", False),
        ("企业开办时限压缩至“4 个工作小时”。", "4", "个工作小时", "4", "个工作小时", False),
        ("建成面积1,200平方米的法治公园。", "1200", "平方米", "1200", "平方米", False),
    ],
)
def test_figure_values(text, value, unit, base, base_unit, approx) -> None:
    (fig,) = find_figures(text)
    assert (fig.value, fig.unit, fig.base_value, fig.base_unit, fig.approx) == (
        Decimal(value),
        unit,
        Decimal(base),
        base_unit,
        approx,
    )


def test_ranges_keep_both_ends() -> None:
    (days,) = find_figures("审批时限进一步压缩了 3~5 个工作日。")
    assert (days.value, days.value_max, days.unit) == (3, 5, "个工作日")
    (months,) = find_figures("项目报建时限缩减1-2个月。")
    assert (months.value, months.value_max, months.unit) == (1, 2, "个月")


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("全区共受理行政复议案件 56 件。", "reconsideration.accepted"),
        ("审结行政复议案件 140 件。", "reconsideration.closed"),
        ("化解矛盾纠纷456起。", "disputes.resolved"),
        ("全区受理矛盾纠纷总数 1304 件。", "disputes.received"),
        ("对全区218件规范性文件进行全面清理。", "normdoc.cleaned"),
        ("今年我区共出台14份规范性文件。", "normdoc.issued"),
        ("全区共聘法律顾问 28 名。", "advisors.count"),
        ("完成372名行政执法人员的编号工作。", "enforcement.officers"),
        ("评查行政执法卷宗 30 份。", "enforcement.files_reviewed"),
        ("罚没款 209780.2 元。", "enforcement.fines"),
        ("全年共办理人大代表意见56件。", "supervision.npc_suggestions"),
        ("共办理政协提案113件。", "supervision.cppcc_proposals"),
        ("主动公开信息497条。", "supervision.disclosures"),
        ("全区共组织普法宣传活动 30 余场。", "pufa.events"),
        ("发放宣传材料 10000 余份。", "pufa.materials"),
        ("“一趟不用跑”事项占比达 98.91%。", "services.zero_visit_rate"),
        ("办理以区政府为被告的行政应诉案件 24 件。", "litigation.cases"),
    ],
)
def test_indicator_from_subject(text: str, indicator: str) -> None:
    assert only(text).indicator == indicator


@pytest.mark.parametrize(
    "text",
    [
        "调解治安案件 468 件，调解率 99.8%。",  # 治安 is not the disputes field
        "对全区80余名执法人员、法律顾问进行培训。",  # trainees are not the workforce
        "组织2次行政执法人员考试，共计500余人参加。",
        "聘请律所担任我区79个村（社区）法律顾问。",  # 79 counts villages
        "赠送群众各类宣传品2600余件。",
        "诉讼案件调解和解率达到20.69%。",  # litigation, not reconsideration
        "即办件提升占比增加55.22%。",  # a change, not the share
        "接待劳动纠纷 814 件，受理案件 690 件。",  # labour arbitration, not 矛盾纠纷
    ],
)
def test_no_core_indicator_for_lookalikes(text: str) -> None:
    from fazhi.figures.catalogue import catalogue

    core = {c for c, i in catalogue().indicators.items() if i.core}
    assert [f.indicator for f in facts_of(text) if f.indicator in core] == [], text


def test_elided_subject_takes_the_sentence_field() -> None:
    facts = facts_of("累计收到行政复议申请 44 件，调撤 22 件，调撤率 50%。")
    assert [f.indicator for f in facts] == [
        "reconsideration.applications",
        "reconsideration.mediated",
        "reconsideration.mediation_rate",
    ]


def test_breakdown_parts_do_not_take_the_total_code() -> None:
    facts = facts_of(
        "处罚金额计59.036万元，其中事故类案件处罚款33.536万元，执法检查类案件处罚款25.5万元。"
    )
    total, *parts = facts
    assert total.indicator == "enforcement.fines"
    assert [p.part_of for p in parts] == [total.id, total.id]
    assert [p.indicator for p in parts] == [None, None]


def test_breakdown_part_with_its_own_code_keeps_it() -> None:
    facts = facts_of("公布已办结的行政执法案件888件，其中行政处罚171件，简易程序案件717件。")
    assert facts[1].indicator == "enforcement.penalty_cases"
    assert facts[1].part_of == facts[0].id


def test_a_breakdown_belongs_to_the_count_right_before_it() -> None:
    facts = facts_of(
        "全年共收到行政复议申请104件，受理行政复议案件87件，审结86件，"
        "其中维持36件，撤销2件，驳回89件。"
    )
    closed = facts[2]
    assert closed.indicator == "reconsideration.closed"
    # one list, one total, even where a part is larger than the total
    assert [f.part_of for f in facts[3:]] == [closed.id] * 3
    assert len({f.part_list for f in facts[3:]}) == 1


def test_a_breakdown_summing_to_an_earlier_total_belongs_to_it() -> None:
    facts = facts_of("全年共收到行政复议申请104件，已办结86件，其中市本级申请90件，区县申请14件。")
    assert [f.part_of for f in facts[2:]] == [facts[0].id] * 2
    facts = facts_of("全年共收到行政复议申请104件，其中市本级90件，区县14件。")
    assert [f.part_of for f in facts[1:]] == [facts[0].id] * 2


def test_outcomes_after_a_full_stop_belong_to_the_closed_cases() -> None:
    # 维持、撤销… are outcomes of the 审结 cases, not of the applications leading the sentence
    facts = facts_of(
        "全年收到行政复议申请150件，受理130件，审结行政复议案件117件。其中，确认违法61件，"
        "撤销36件，驳回28件，终止14件，责令履行15件。"
    )
    closed = facts[2]
    assert closed.indicator == "reconsideration.closed"
    assert [f.part_of for f in facts[3:]] == [closed.id] * 5


def test_kinds_of_acts_are_parts_of_the_enforcement_cases() -> None:
    # 行政许可 counts 政务服务 on its own, but here it is a kind of 执法 case
    facts = facts_of(
        "全年办结行政执法案件5,407件，其中行政处罚案件3,731件、行政许可案件2,150件、"
        "行政确认案件956件。"
    )
    assert [f.part_of for f in facts[1:]] == [facts[0].id] * 3
    assert len({f.part_list for f in facts[1:]}) == 1


def test_a_part_of_another_total_is_not_a_repeat() -> None:
    facts = facts_of(
        "市政府审结行政复议案件105件，其中驳回71件、确认违法27件。\n"
        "县政府审结行政复议案件250件，其中维持86件、确认违法27件。"
    )
    second = [f for f in facts if f.paragraph == 1]
    assert [f.value for f in second] == [250, 86, 27]
    assert [f.part_of for f in second[1:]] == [second[0].id] * 2


def test_bracketed_breakdown_ends_with_its_bracket() -> None:
    facts = facts_of("接待劳动纠纷 814 件(含集体案件 3 件)，受理案件 690 件。")
    assert facts[1].part_of == facts[0].id
    assert facts[2].part_of is None


def test_respectively_binds_labels_in_order() -> None:
    facts = facts_of(
        "行政许可事项“一趟不用跑”“即办件”“全流程网办”“减时间”占比分别达97.60%、79.34%、95.32%、93.46%。"
    )
    assert [f.indicator for f in facts] == [
        "services.zero_visit_rate",
        "services.instant_rate",
        "services.online_rate",
        None,
    ]
    assert facts[0].value == Decimal("97.60") and facts[0].decimals == 2


def test_one_figure_for_two_rates() -> None:
    facts = facts_of("出庭率和胜诉率均达 100%。")
    assert [f.indicator for f in facts] == ["litigation.appearance_rate", "litigation.win_rate"]


def test_share_of_the_count_before() -> None:
    facts = facts_of("区行政许可事项共 717 项，其中“一趟不用跑”事项数 676 项，占比 94.28%。")
    total, count, share = facts
    assert count.part_of == total.id
    assert share.share_of == count.id and share.kind == "share"
    assert share.indicator == "services.zero_visit_rate"


@pytest.mark.parametrize(
    ("text", "direction"),
    [("2023 年警情同比下降 12%。", "down"), ("跨境电商货值增长14%。", "up")],
)
def test_changes(text: str, direction: str) -> None:
    fact = only(text)
    assert (fact.kind, fact.direction, fact.indicator) == ("change", direction, None)


def test_repeated_figure_is_one_fact() -> None:
    facts = facts_of("全区共受理行政复议案件 56 件。\n全年受理行政复议案件 56 件，同比持平。")
    assert len(facts) == 1 and facts[0].mentions == 2


def test_section_path_and_evidence() -> None:
    from fazhi.model import Section

    sections = (Section(marker="一、", title="主要举措", level=1, start=0, end=2),)
    (fact,) = extract_facts(("一、主要举措", "全区共受理行政复议案件 56 件。"), sections)
    assert fact.section == ("一、主要举措",)
    assert fact.text == "全区共受理行政复议案件 56 件"
    assert fact.paragraph == 1


ALPHABET = list(
    "0123456789.,%万亿余多约近共其中含（）()、，；。：\t“”《》件起人名场次元份项率占比分别均和第年月日审结受理纠纷复议一二三四五六七八九十百千两点*X "
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=80), min_size=1, max_size=5))
def test_any_text_yields_consistent_facts(paragraphs: list[str]) -> None:
    """Whatever the text, the figures stage and its checks never fail, and every fact
    quotes its own paragraph."""
    import fazhi

    text = "\n".join(paragraphs)
    doc = fazhi.analyze(text.encode("utf-8"), filename="fuzz.txt")
    assert doc.error is None or doc.error.code != "internal.error", doc.error
    for fact in doc.facts:
        assert fact.text in doc.paragraphs[fact.paragraph]
        assert fact.base_value is not None
