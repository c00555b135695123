"""Arithmetic and masked-value checks on synthetic report sentences."""

from __future__ import annotations

import pytest

import fazhi


def findings(text: str, rule_prefix: str = "") -> list[dict]:
    doc = fazhi.analyze(text.encode("utf-8"), filename="t.txt")
    return [f.to_contract() for f in doc.findings if f.rule.startswith(rule_prefix or "")]


def arith(text: str) -> list[dict]:
    return [f for f in findings(text) if f["rule"].startswith(("arith.", "data."))]


def test_rate_that_does_not_match_its_counts() -> None:
    (f,) = arith("收集各类矛盾467件，化解矛盾纠纷456起，办结率99.14%。")
    assert f["rule"] == "arith.rate_mismatch" and f["severity"] == "warning"
    assert f["message"].startswith("456/467=97.64%，与所报“办结率99.14%”不符")
    assert f["evidence"] == ["收集各类矛盾467件，化解矛盾纠纷456起，办结率99.14%"]


@pytest.mark.parametrize(
    "text",
    [
        "共排查出矛盾纠纷1144件，成功调解1137件，化解率达99.4%。",  # 99.388… rounds
        "受理案件34件，结案32件，结案率94.11%。",  # 94.117… truncated
        "受理案件34件，结案32件，结案率94.12%。",  # rounded
        "受理案件 690 件，结案 658 件，涉及金额 1961.5 万，结案率 95.36%。",
        "接到平台信息63起，已核查63起，核查率100%。",
        "收到申请 44 件，调撤 22 件，调撤率 50%。",
        "受理案件200件，结案199件，结案率100%。",  # 99.5 printed as an integer
        "受理案件200件，办结190件，办结率95%以上。",  # a lower bound that holds
        "高质量办理157件人大议案建议和150件政协提案，满意率100%。",  # not a ratio of these
        "组织考试2场，578名干部职工参加考试，合格率100%。",
        "调解治安案件 468 件，调解率 99.8%。",
    ],
)
def test_consistent_or_unrelated_rates_are_quiet(text: str) -> None:
    assert arith(text) == [], text


def test_rate_after_a_breakdown_is_only_a_hint() -> None:
    (f,) = arith(
        "排查调处各类矛盾纠纷1788件，调处成功1768件，其中民间纠纷858件，调处成功率达100%。"
    )
    assert f["rule"] == "arith.rate_mismatch" and f["severity"] == "info"
    assert "民间纠纷" in f["message"]


def test_share_checked_against_the_breakdown_total() -> None:
    text = "区行政许可事项共 717 项，其中“一趟不用跑”事项数 676 项，占比 90.28%。"
    (f,) = arith(text)
    assert f["rule"] == "arith.rate_mismatch"
    assert f["message"].startswith("676/717=94.28%")
    good = text.replace("90.28", "94.28")
    assert arith(good) == []


def test_parts_that_do_not_add_up_in_an_exhaustive_list() -> None:
    (f,) = arith("对全区218件规范性文件进行全面清理，保留（继续有效）180件，宣布失效、废止32件。")
    assert f["rule"] == "arith.sum_mismatch" and f["severity"] == "warning"
    assert "180+32=212" in f["message"] and "218" in f["message"]


@pytest.mark.parametrize(
    "text",
    [
        "审结行政复议案件 140 件，其中驳回 29 件，维持50 件，撤销或确认违法 29 件，终止 31 件，不予受理 1 件。",
        "目前在册154人，其中暂予监外执行1人，假释2人，管制1人，缓刑150人，患严重疾病1人，未成年人2人。",
        "调处成功1768件，其中民间纠纷858件。",  # a partial list
        "已审结299件，其中调解撤诉137件。",  # one part is never the whole list
        "行政许可事项共 717 项，其中“一趟不用跑”事项数 676 项，占比 94.28%，即办件事项数 401 项，占比 55.93%。",
        "接待劳动纠纷 814 件(含集体案件 3 件)，受理案件 690 件，结案 658 件。",
        "处罚金额计59.036万元，其中事故类案件2件，处罚款33.536万元；执法检查类案件19件，处罚款25.5万元。",
    ],
)
def test_lists_that_add_up_or_need_not(text: str) -> None:
    assert arith(text) == [], text


def test_parts_exceeding_their_total() -> None:
    (f,) = arith("共受理案件50件，其中民事案件30件，行政案件25件。")
    assert f["rule"] == "arith.sum_mismatch"
    assert "30+25=55" in f["message"]


def test_a_part_larger_than_its_total_still_belongs_to_it() -> None:
    # the 其中 list is of 审结86件, right before it; 驳回89件 does not move the list back
    # to an earlier, larger count (104) and so hide the mismatch
    (f,) = arith(
        "全年共收到行政复议申请104件，受理行政复议案件87件，审结86件，"
        "其中维持36件，撤销2件，驳回89件。"
    )
    assert f["rule"] == "arith.sum_mismatch"
    assert "36+2+89=127" in f["message"] and "86" in f["message"]


@pytest.mark.parametrize(
    "text",
    [
        # 其中 right after its total, parts adding up
        "全年共收到行政复议申请104件，其中市本级90件，区县14件。",
        # the parts add up to the earlier total, not to the count right before 其中
        "全年共收到行政复议申请104件，已办结86件，其中市本级申请90件，区县申请14件。",
    ],
)
def test_a_list_of_an_earlier_total_is_quiet(text: str) -> None:
    assert arith(text) == [], text


def test_rate_above_one_hundred() -> None:
    (f,) = arith("全区行政机关负责人出庭应诉率达105%。")
    assert f["rule"] == "arith.rate_out_of_range" and f["severity"] == "error"
    assert arith("全区地区生产总值同比增长105%。") == []
    assert arith("年度任务完成率达120%。") == []


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        ("截至目前，共收到服务评价*****份，非常满意率达100%。", "共收到服务评价*****份"),
        ("累计罚没金额*****元，为企业保驾护航。", "累计罚没金额*****元"),
        ("累计受众人次约*****人次。", "累计受众人次约*****人次"),
        ("全年办理行政复议案件XX件。", "全年办理行政复议案件XX件"),
        ("调解成功率达××%。", "调解成功率达××%"),
    ],
)
def test_masked_values(text: str, clause: str) -> None:
    (f,) = [f for f in arith(text) if f["rule"] == "data.masked_value"]
    assert f["evidence"] == [clause]


def test_template_placeholders_that_are_not_figures() -> None:
    assert [
        f
        for f in arith("XX区人民政府关于XX年度工作的报告。**注意**格式。")
        if f["rule"] == "data.masked_value"
    ] == []


def test_respectively_is_a_complete_list() -> None:
    (f,) = arith(
        "全年办结各类行政执法案件1,206件，分别为行政处罚案件987件、行政强制案件143件、行政检查案件86件。"
    )
    assert f["rule"] == "arith.sum_mismatch" and "987+143+86=1216" in f["message"]


def test_among_the_cases_is_a_breakdown() -> None:
    import fazhi

    doc = fazhi.analyze(
        "全年审结行政复议案件318件，审结案件中纠错的有41件。".encode(), filename="t.txt"
    )
    codes = {f.indicator: f.value for f in doc.facts if f.indicator}
    assert codes == {"reconsideration.closed": 318, "reconsideration.corrected": 41}


def test_a_new_activity_after_a_breakdown_is_not_one_of_its_parts():
    # 'breakdown_end' words open a new clause: 发现并纠正 is not a fourth kind of document
    import fazhi

    text = (
        "青川县2023年度法治政府建设情况报告\n一、主要举措和成效\n"
        "全年办理行政规范性文件备案审查52件，其中县政府文件17件、部门文件21件、乡镇文件12件，"
        "发现并纠正问题文件3件。\n"
    )
    doc = fazhi.analyze(text.encode(), "r.txt")
    parts = [f.value for f in doc.facts if f.part_of]
    assert parts == [17, 21, 12]
    assert [f for f in doc.findings if f.rule.startswith("arith.")] == []


def test_negated_counts_are_the_complement_of_a_rate():
    import fazhi

    text = (
        "青川县2023年度法治政府建设情况报告\n一、主要举措和成效\n"
        "收到行政复议申请318件，受理286件，不予受理32件，受理率89.9%。"
        "抽查案卷600卷，其中优秀412卷、合格171卷、不合格17卷，合格率97.17%。"
        "抽查案卷200卷，其中合格150卷、不合格50卷，合格率90%。\n"
    )
    doc = fazhi.analyze(text.encode(), "r.txt")
    messages = [f.message for f in doc.findings if f.rule == "arith.rate_mismatch"]
    assert len(messages) == 1 and "150/200=75" in messages[0]


# ------------------------------------------------------------------ exclusive categories
# Parts that each name a different category of a set of mutually exclusive kinds of the
# total (the outcomes of closed 复议 cases, the kinds of administrative acts) cannot add up
# to more than the total, whether or not the list names every category.


@pytest.mark.parametrize(
    ("text", "terms", "total"),
    [
        ("全年审结行政复议案件99件，其中撤销64件，驳回55件，确认违法14件。", "64+55+14=133", "99"),
        (
            "全年办结行政复议案件105件，其中驳回、终止、确认违法分别为71件、41件、27件。",
            "71+41+27=139",
            "105",
        ),
        (
            "全年收到行政复议申请300件，受理280件，办结行政复议案件250件。其中，变更99件，"
            "维持86件，驳回77件，撤销21件，确认违法27件。",
            "99+86+77+21+27=310",
            "250",
        ),
        (
            "全年收到行政复议申请150件，受理130件，审结行政复议案件117件。其中，确认违法61件，"
            "撤销36件，驳回28件，终止14件，责令履行15件。",
            "61+36+28+14+15=154",
            "117",
        ),
        ("办理行政执法案件1583件，其中行政处罚1467件、行政确认569件。", "1467+569=2036", "1583"),
        (
            # 行政许可 is a field of its own (政务服务), yet here a kind of the 执法 cases
            "全年办结行政执法案件5,407件，其中行政处罚案件3,731件、行政许可案件2,150件、"
            "行政确认案件956件。",
            "3731+2150+956=6837",
            "5407",
        ),
    ],
)
def test_exclusive_categories_that_exceed_their_total(text: str, terms: str, total: str) -> None:
    (f,) = [f for f in arith(text) if f["rule"] == "arith.sum_mismatch"]
    assert f["severity"] == "warning", f
    assert terms in f["message"] and f"总数 {total}" in f["message"], f["message"]


def test_litigation_outcomes_that_exceed_their_total() -> None:
    (f,) = arith("全年审结行政诉讼案件50件，其中胜诉40件，败诉15件。")
    assert f["rule"] == "arith.sum_mismatch" and f["severity"] == "warning"
    assert "40+15=55" in f["message"]
    # 胜诉 is counted with 撤诉 in some places: the two may overlap
    assert arith("全年审结行政诉讼案件50件，其中胜诉40件，撤诉15件。") == []


def test_every_member_of_a_closed_set_is_a_part() -> None:
    # 维持21、撤销4 make the total, but 终止 and 责令履行 are outcomes too, not attributes
    (f,) = arith("审结行政复议案件25件，其中维持21件、撤销4件、终止4件、责令履行3件。")
    assert f["rule"] == "arith.sum_mismatch" and f["severity"] == "warning"
    assert "21+4+4+3=32" in f["message"]


@pytest.mark.parametrize(
    "text",
    [
        # overlapping attributes of the cases, not kinds of them
        "全年办理政务服务事项12000件，其中线上办理9000件、跨省通办5000件。",
        "公布已办结的行政执法案件888件，其中行政处罚171件，简易程序案件717件。",
        # an outcome list short of its total without 维持 may be partial
        "全年审结行政复议案件99件，其中撤销20件，驳回30件，确认违法14件。",
        "办理行政执法案件1583件，其中行政处罚1067件、行政确认369件。",
        # a mediated case ends as 终止 too: 调解和解结案 may overlap the 终止 before it
        "办结39件，其中维持22件，驳回6件，终止5件，撤销、变更、确认违法6件，纠错率15.38%，"
        "调解和解结案5件。",
        # the parts add up; then an attribute of the decided cases
        "审结十一件，其中维持七件、撤销二件、终止二件，申请人对复议决定不服提起诉讼的一件。",
        # exact lists
        "全区各行政执法部门共办理行政执法案件8,756件，其中行政处罚案件6,021件、行政强制案件412件、"
        "行政检查2,323件。",
        "审结271件，其中维持164件、驳回38件、确认违法11件、撤销19件、责令履行4件、"
        "调解和解后终止35件，直接纠错率12.55%。",
        "审结228件，其中维持143件，驳回37件，调解和解后终止22件，撤销、变更、确认违法等纠错26件。",
    ],
)
def test_overlapping_or_consistent_lists_stay_quiet(text: str) -> None:
    assert [f for f in arith(text) if f["rule"] == "arith.sum_mismatch"] == [], text


@pytest.mark.parametrize(
    "text",
    [
        "办理行政执法案件1000件，其中涉企案件900件、简易程序案件800件。",
        # two parts of one category (行政处罚) may overlap
        "办理行政执法案件1000件，其中一般程序行政处罚案件700件、涉企行政处罚案件600件。",
    ],
)
def test_overlapping_cases_of_the_total_are_at_most_a_hint(text: str) -> None:
    # parts named like the total's noun (…案件) keep the old hint, never a warning
    found = [f for f in arith(text) if f["rule"] == "arith.sum_mismatch"]
    assert all(f["severity"] == "info" for f in found), found


def test_exclusive_sets_are_data_checked_on_load(monkeypatch) -> None:
    from fazhi import datafiles
    from fazhi.figures import rules as rules_module

    bundled = datafiles.bundled_text("arith.yaml")
    assert "\nexclusive:\n" in bundled
    real = datafiles.load
    broken = bundled.replace("\nexclusive:\n", "\nexclusive:\n  oops: [维持]\n", 1)

    def load(name: str, schema: str):
        return datafiles.parse(name, broken, schema) if name == "arith.yaml" else real(name, schema)

    monkeypatch.setattr(rules_module.datafiles, "load", load)
    rules_module.rules.cache_clear()
    try:
        with pytest.raises(datafiles.DataFileError, match=r"exclusive\.oops"):
            rules_module.rules()
    finally:
        monkeypatch.undo()
        rules_module.rules.cache_clear()
