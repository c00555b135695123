"""Issuer → administrative region, on the seed reports and on synthetic issuers."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fazhi.model import Region
from fazhi.structure import regions
from fazhi.structure.divisions import build_index
from fazhi.structure.regions import find_divisions, resolve_region

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = sorted((SHARED / "gold").glob("*.json")) if SHARED.is_dir() else []


def _triple(region: Region) -> tuple[str | None, str | None, str | None]:
    return region.province, region.city, region.county


def _gold(path: Path) -> tuple[dict, str]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = (SHARED / "seeds" / gold["document"]).read_text(encoding="utf-8")
    return gold["metadata"], text


@pytest.mark.skipif(not GOLD, reason="/work/shared is absent")
@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_seed_issuers_and_titles(path: Path) -> None:
    meta, text = _gold(path)
    want = (meta["region"]["province"], meta["region"]["city"], meta["region"]["county"])
    for issuer in meta["issuer"]:
        assert _triple(resolve_region(issuer, meta["title"], text[:800], text)) == want, issuer
        assert _triple(resolve_region(issuer)) == want, issuer
    # Without an issuer the title, then the letterhead, must carry the region.
    assert _triple(resolve_region(None, meta["title"], text[:800], text)) == want
    assert _triple(resolve_region(None, None, text[:800], text)) == want


@pytest.mark.parametrize(
    ("issuer", "want"),
    [
        ("泉州市泉港区人民政府", Region("福建省", "泉州市", "泉港区", "350505")),
        ("马尾区人民政府", Region("福建省", "福州市", "马尾区", "350105")),
        ("福建省司法厅", Region("福建省", None, None, "350000")),
        ("福建省人民政府办公厅", Region("福建省", None, None, "350000")),
        ("福州市司法局", Region("福建省", "福州市", None, "350100")),
        ("福州市城市管理委员会", Region("福建省", "福州市", None, "350100")),
        ("厦门市思明区司法局", Region("福建省", "厦门市", "思明区", "350203")),
        ("中共闽侯县委全面依法治县委员会办公室", Region("福建省", "福州市", "闽侯县", "350121")),
        ("中共福州市委全面依法治市委员会办公室", Region("福建省", "福州市", None, "350100")),
        ("国家税务总局福州市税务局", Region("福建省", "福州市", None, "350100")),
        ("福州市晋安区新店镇人民政府", Region("福建省", "福州市", "晋安区", "350111")),
        # Municipalities: the dataset's city node shares the province's name and code.
        ("上海市浦东新区人民政府", Region("上海市", "上海市", "浦东新区", "310115")),
        ("上海市司法局", Region("上海市", "上海市", None, "310000")),
        ("重庆市城口县人民政府", Region("重庆市", "重庆市", "城口县", "500229")),
        ("北京市朝阳区人民政府", Region("北京市", "北京市", "朝阳区", "110105")),
        # County-level cities, incl. one directly under its province.
        ("福清市人民政府", Region("福建省", "福州市", "福清市", "350181")),
        ("仙桃市人民政府", Region("湖北省", None, "仙桃市", "429004")),
        # Development zones resolve to their city.
        ("福州高新技术产业开发区管理委员会", Region("福建省", "福州市", None, "350100")),
        ("漳州高新区管委会", Region("福建省", "漳州市", None, "350600")),
        ("苏州工业园区管理委员会", Region("江苏省", "苏州市", None, "320500")),
        ("厦门火炬高技术产业开发区管委会", Region("福建省", "厦门市", None, "350200")),
        ("平潭综合实验区管委会", Region("福建省", "福州市", None, "350100")),
        (
            "中国（福建）自由贸易试验区福州片区管理委员会",
            Region("福建省", "福州市", None, "350100"),
        ),
        # …unless the dataset lists the 新区 as a county-level division.
        ("天津市滨海新区人民政府", Region("天津市", "天津市", "滨海新区", "120116")),
        # Autonomous prefectures and counties, full and short forms.
        ("恩施土家族苗族自治州人民政府", Region("湖北省", "恩施土家族苗族自治州", None, "422800")),
        ("恩施州司法局", Region("湖北省", "恩施土家族苗族自治州", None, "422800")),
        ("长阳土家族自治县人民政府", Region("湖北省", "宜昌市", "长阳土家族自治县", "420528")),
        ("长阳县人民政府", Region("湖北省", "宜昌市", "长阳土家族自治县", "420528")),
        (
            "莫力达瓦达斡尔族自治旗人民政府",
            Region("内蒙古自治区", "呼伦贝尔市", "莫力达瓦达斡尔族自治旗", "150722"),
        ),
        # Former names map to the current division.
        ("玉环县人民政府", Region("浙江省", "台州市", "玉环市", "331083")),
        ("襄樊市人民政府", Region("湖北省", "襄阳市", None, "420600")),
        ("沙县人民政府", Region("福建省", "三明市", "沙县区", "350427")),
        ("长乐市人民政府", Region("福建省", "福州市", "长乐区", "350112")),
        ("四平市公主岭市人民政府", Region("吉林省", "长春市", "公主岭市", "220381")),
        ("大同市城区人民政府", Region("山西省", "大同市", "平城区", "140213")),
        ("阳泉市城区人民政府", Region("山西省", "阳泉市", "城区", "140302")),
        # Same-named city and province.
        ("吉林市人民政府", Region("吉林省", "吉林市", None, "220200")),
        ("吉林省人民政府", Region("吉林省", None, None, "220000")),
        # Nothing to resolve.
        ("司法部", Region()),
        ("市政府", Region()),
        ("", Region()),
        (None, Region()),
    ],
)
def test_issuer(issuer: str | None, want: Region) -> None:
    assert resolve_region(issuer) == want


def test_ambiguous_county_needs_context() -> None:
    # 鼓楼区 exists in 福州, 南京, 徐州 and 开封: with no context the county's name is all
    # that is certain (no city, no code).
    assert resolve_region("鼓楼区人民政府") == Region(county="鼓楼区")
    nanjing = "鼓楼区坚持依法行政。南京市委、市政府高度重视，南京全市推进。南京法治建设。"
    assert resolve_region("鼓楼区人民政府", body=nanjing) == Region(
        "江苏省", "南京市", "鼓楼区", "320106"
    )
    # A parent in the title or head outweighs the body.
    head = "福州市鼓楼区人民政府文件\n"
    assert _triple(resolve_region("鼓楼区人民政府", None, head, nanjing)) == (
        "福建省",
        "福州市",
        "鼓楼区",
    )
    # Only the province is named: 南京 and 徐州 both stay, so 江苏省 and the name are certain.
    assert resolve_region("鼓楼区人民政府", body="江苏省委、江苏省政府") == Region(
        "江苏省", None, "鼓楼区", "320000"
    )
    # 城区 is in 阳泉, 晋城 and 汕尾 (and was in 大同, 长治): 山西 is named, 汕尾 drops out.
    assert resolve_region("城区人民政府") == Region()
    assert resolve_region("城区人民政府", body="山西省") == Region("山西省", None, None, "140000")


def test_fallbacks_and_addressee() -> None:
    head = "泉港政函〔2024〕2号\n\n漳州市人民政府：\n\n2023年，我区……"
    # 文号 abbreviations and the 主送 line never stand for the issuer.
    assert resolve_region("区人民政府", "关于2023年法治政府建设情况的报告", head) == Region()
    assert resolve_region(None, "平安建设工作报告") == Region()
    title = "马尾区2021年法治政府建设工作报告"
    assert _triple(resolve_region(None, title)) == ("福建省", "福州市", "马尾区")
    # A national body has no region even if the title names one.
    assert resolve_region("司法部", "关于福建省法治政府建设的通报") == Region()


def test_find_divisions_spans_and_safety() -> None:
    text = "福州市鼓楼区和南京市鼓楼区，恩施州、湘西州；原襄樊市。"
    found = find_divisions(text)
    assert [(m.text, text[m.start : m.end]) for m in found] == [(m.text, m.text) for m in found]
    assert [m.text for m in found] == [
        "福州市", "鼓楼区", "南京市", "鼓楼区", "恩施州", "湘西州", "襄樊市"
    ]  # fmt: skip
    assert [m.division.code for m in found if m.division] == [
        "350100", "350102", "320100", "320106", "422800", "433100", "420600"
    ]  # fmt: skip
    assert found[-1].former
    bare = find_divisions("鼓楼区")[0]
    assert bare.division is None and len(bare.divisions) == 4
    # Words that only look like names: 和县 in 市委和县委, 长治 in 长治久安, 西安 in 广西安全,
    # 东营 in 广东营商, 2-character county names and aliases without a parent.
    for sentence in ("市委和县委", "确保长治久安", "推进新城市建设", "全市中区县", "大田间"):
        assert find_divisions(sentence) == [], sentence
    assert [m.text for m in find_divisions("广西安全、广东营商环境")] == ["广西", "广东"]
    assert [m.text for m in find_divisions("三明市沙县")] == ["三明市", "沙县"]


def test_prints_nothing_and_does_not_import_jionlp(capsys: pytest.CaptureFixture[str]) -> None:
    importlib.reload(regions)
    regions._INDEX = None
    assert regions.resolve_region("泉州市泉港区人民政府").code == "350505"
    assert capsys.readouterr().out == ""
    code = (
        "import sys; from fazhi.structure.regions import resolve_region as r; "
        "r('福州市晋安区人民政府'); print('jionlp' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"


def test_speed() -> None:
    start = time.perf_counter()
    build_index()
    assert time.perf_counter() - start < 2.0  # ~0.15 s measured; generous for slow CI
    body = "在市委、市政府的坚强领导下，我区深入推进法治政府建设。" * 700  # ~20 KB
    resolve_region("泉州市泉港区人民政府", body=body)
    start = time.perf_counter()
    for _ in range(200):
        resolve_region(
            "泉州市泉港区人民政府", "泉州市泉港区人民政府关于2023年的报告", body[:800], body
        )
        resolve_region("鼓楼区人民政府", "鼓楼区2023年法治政府建设情况报告", body[:800], body)
    assert (time.perf_counter() - start) / 400 < 1e-3  # ~0.01–0.1 ms measured


def test_county_named_after_its_city_keeps_its_name() -> None:
    # the newer-suffix rule must not turn 长沙县 into the city's own name 长沙市
    assert _triple(resolve_region("长沙市长沙县人民政府")) == ("湖南省", "长沙市", "长沙县")
    assert _triple(resolve_region("南昌县人民政府", "南昌县2023年法治政府建设情况报告")) == (
        "江西省",
        "南昌市",
        "南昌县",
    )


@pytest.mark.parametrize(
    ("issuer", "want"),
    [
        ("湖南湘江新区管理委员会", ("湖南省", "长沙市", None)),
        ("南京江北新区管理委员会", ("江苏省", "南京市", None)),
        ("武汉东湖新技术开发区管理委员会", ("湖北省", "武汉市", None)),
        ("重庆两江新区管理委员会", ("重庆市", "重庆市", None)),
        ("上海市浦东新区人民政府", ("上海市", "上海市", "浦东新区")),  # a real district
    ],
)
def test_zones_whose_names_do_not_contain_their_city(issuer: str, want: tuple) -> None:
    assert _triple(resolve_region(issuer)) == want


def test_a_short_name_inside_an_unknown_name_is_not_a_match() -> None:
    # 雁北区 is no division; its tail 北区 is Hong Kong's Northern District
    assert resolve_region("雁北区人民政府").province is None
    assert resolve_region("香港特别行政区北区区议会").county == "北区"
