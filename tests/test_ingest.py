"""Ingest: every reader on real files written by tests/support/formats.py."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.errors import IngestError
from fazhi.ingest import detect_format, read, read_path, strip_residue
from fazhi.ingest.residue import ResidueConfigError, parse_rules
from fazhi.normalize import normalize
from support.formats import (
    KINDS,
    soffice_available,
    write_as,
    write_doc,
    write_docx,
    write_encrypted_docx,
    write_encrypted_pdf,
    write_html,
    write_ofd,
    write_pdf,
    write_scanned_pdf,
    write_txt,
)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
needs_soffice = pytest.mark.skipif(not soffice_available(), reason="LibreOffice 未安装")

REPORT = """某某市某某区人民政府关于2023年度法治政府建设情况的报告

市人民政府：
2023年，在市委、市政府的坚强领导下，我区坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，全面落实《法治政府建设实施纲要（2021—2025年）》，现将有关情况报告如下：
一、主要举措和成效
（一）强化组织领导，压实法治建设责任。区政府常务会议专题研究法治政府建设工作4次，制定年度工作要点，明确32项重点任务和责任单位。
1.健全依法决策机制。全年对12件重大行政决策事项开展合法性审核，审核率100%，聘请法律顾问17名。
2.规范行政执法行为。评查行政执法案卷326宗，发现并整改问题41个，行政执法“三项制度”全面落实。
（二）深化“放管服”改革，优化法治化营商环境。新增“一件事一次办”事项58项，政务服务事项网上可办率达98.6%。
（三）加强行政复议和应诉，推动矛盾纠纷实质性化解。全年收到行政复议申请87件，受理79件，审结75件，其中调解和解结案23件；行政诉讼案件一审败诉率降至3.2%。
（四）深入开展普法宣传，营造尊法学法守法用法氛围。组织“宪法宣传周”“民法典宣传月”等主题活动136场，培育“法律明白人”1280名，建成法治文化阵地15个。
二、存在的不足和原因
一是部分执法人员法治意识有待提高；二是基层法治力量仍然薄弱，乡镇（街道）法制审核人员不足。主要原因是培训的针对性不强、人员配备保障不够。
三、党政主要负责人履行推进法治建设第一责任人职责情况
区长王喆带头学法，主持区政府常务会议学法6次，亲自协调解决法治建设重点难点问题9个。
四、2024年工作安排
（一）持续推进严格规范公正文明执法，全年开展执法培训不少于4期。
（二）加强行政复议和行政应诉工作，行政机关负责人出庭应诉率保持100%。
（三）健全基层法治工作队伍，年内实现乡镇（街道）法制审核人员配备全覆盖。
某某市某某区人民政府
2024年3月15日
"""


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def assert_contains_all(extracted: str, source: str) -> None:
    flat = squash(extracted)
    missing = [p for p in paragraphs(source) if squash(p) not in flat]
    assert not missing, f"缺少段落：{missing[:3]}"


def code_of(path: Path, **kwargs) -> str:
    with pytest.raises(IngestError) as info:
        read_path(path, **kwargs)
    assert str(path) in info.value.message  # every message names the file
    return info.value.code


# ------------------------------------------------------------------ each format


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("utf-16", "utf-16")],
)
def test_txt_encodings(tmp_path: Path, encoding: str, expected: str) -> None:
    got = read_path(write_txt(REPORT, tmp_path / "r.txt", encoding))
    assert (got.format, got.encoding) == ("txt", expected)
    assert got.text.strip("\n") == REPORT.strip("\n")


@settings(max_examples=60, deadline=None)
@given(
    text=st.lists(st.sampled_from(paragraphs(REPORT)), min_size=1, max_size=5).map("\n".join),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"]),
    crlf=st.booleans(),
)
def test_txt_decoding_round_trips(text: str, encoding: str, crlf: bool) -> None:
    data = (text.replace("\n", "\r\n") if crlf else text).encode(encoding)
    got = read(data, "报告.txt")
    assert got.text == text and got.encoding == encoding


def test_txt_utf16_without_bom_crlf_and_nul(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(REPORT.replace("\n", "\r\n").encode("utf-16-le"))
    got = read_path(path)
    assert got.encoding == "utf-16-le"
    assert "\r" not in got.text and got.text.strip() == REPORT.strip()
    path.write_bytes(b"\x00" + "一、主要举措\r\n二、存在问题\x07\r\n".encode())
    assert read_path(path).text == "一、主要举措\n二、存在问题\n"


def test_docx_paragraphs(tmp_path: Path) -> None:
    got = read_path(write_docx(REPORT, tmp_path / "r.docx"))
    assert got.format == "docx"
    assert paragraphs(got.text) == paragraphs(REPORT)


def test_docx_tables_headings_numbering_title(tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    doc.core_properties.title = "2023年度法治政府建设情况报告"
    doc.add_heading("一、主要举措和成效", level=1)
    doc.add_paragraph("表格前的段落。")
    table = doc.add_table(rows=2, cols=3)
    for r, row in enumerate([("项目", "数量", "同比"), ("行政复议案件", "125件", "增长8%")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    box = doc.add_table(rows=1, cols=1)  # a one-cell layout box keeps its paragraphs
    box.cell(0, 0).text = "抄送：市司法局。"
    box.cell(0, 0).add_paragraph("某某区人民政府办公室印发")
    doc.add_paragraph("表格后的段落。")
    outlined = doc.add_paragraph("（一）强化组织领导")  # WPS marks headings this way
    outlined._p.get_or_add_pPr().append(parse_xml(f"<w:outlineLvl {nsdecls('w')} w:val='1'/>"))
    doc.add_paragraph("第一项", style="List Number")
    doc.add_paragraph("第二项", style="List Number")
    doc.save(tmp_path / "t.docx")
    got = read_path(tmp_path / "t.docx")
    lines = paragraphs(got.text)
    assert lines == [
        "一、主要举措和成效",
        "表格前的段落。",
        "项目\t数量\t同比",
        "行政复议案件\t125件\t增长8%",
        "抄送：市司法局。",
        "某某区人民政府办公室印发",
        "表格后的段落。",
        "（一）强化组织领导",
        "1.第一项",
        "2.第二项",
    ]
    assert got.headings == ((1, "一、主要举措和成效"), (2, "（一）强化组织领导"))
    assert got.title == "2023年度法治政府建设情况报告"


def test_docx_chinese_numbering(tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    numbering = doc.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f"<w:abstractNum {nsdecls('w')} w:abstractNumId='90'>"
            "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
            "<w:lvlText w:val='%1、'/></w:lvl>"
            "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='chineseCounting'/>"
            "<w:lvlText w:val='（%2）'/></w:lvl></w:abstractNum>"
        ),
    )
    numbering.append(
        parse_xml(f"<w:num {nsdecls('w')} w:numId='90'><w:abstractNumId w:val='90'/></w:num>")
    )
    items = [(0, "主要举措"), (1, "强化领导"), (1, "深化改革"), (0, "存在不足"), (1, "意识不强")]
    for ilvl, text in items:
        p = doc.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            parse_xml(
                f"<w:numPr {nsdecls('w')}><w:ilvl w:val='{ilvl}'/><w:numId w:val='90'/></w:numPr>"
            )
        )
    doc.save(tmp_path / "n.docx")
    assert paragraphs(read_path(tmp_path / "n.docx").text) == [
        "一、主要举措",
        "（一）强化领导",
        "（二）深化改革",
        "二、存在不足",
        "（一）意识不强",
    ]


def test_html_page(tmp_path: Path) -> None:
    got = read_path(write_html(REPORT, tmp_path / "r.html"))
    assert got.format == "html" and got.encoding == "utf-8"
    assert_contains_all(got.text, REPORT)
    for residue in (
        "扫一扫",
        "ICP备",
        "主办单位",
        "字号",
        "打印本页",
        "上一篇",
        "当前位置",
        "分享到",
    ):
        assert residue not in "\n".join(normalize(got.text)[0])
    assert got.published == date(2024, 3, 15)  # write_html dates the page as the report
    assert got.title == "某某市某某区人民政府关于2023年度法治政府建设情况的报告"


def test_html_gb2312_label_with_gbk_characters(tmp_path: Path) -> None:
    text = REPORT + "\n副区长朱镕基同志出席会议。\n"
    got = read_path(write_html(text, tmp_path / "g.html", encoding="gbk"))
    assert got.encoding == "gb18030"
    assert "王喆" in got.text and "朱镕基" in got.text
    # labelled UTF-8 but saved as GBK: the label is dropped, with a warning
    page = write_html(text, tmp_path / "u.html").read_text(encoding="utf-8")
    (tmp_path / "u.html").write_bytes(page.encode("gb18030"))
    got = read_path(tmp_path / "u.html")
    assert got.encoding == "gb18030" and got.warnings
    assert_contains_all(got.text, text)


def test_html_date_line_title_suffix_and_sniffing(tmp_path: Path) -> None:
    page = (
        "<html><head><title>关于2023年度法治政府建设情况的报告_某某县人民政府</title></head>"
        "<body><div class='info'>来源：县司法局　发布时间：2024-02-05 09:30</div>"
        + "".join(f"<p>{p}</p>" for p in paragraphs(REPORT))
        + "</body></html>"
    )
    path = tmp_path / "really-html.txt"
    path.write_text(page, encoding="utf-8")
    assert detect_format(path.read_bytes(), path.name) == "html"
    got = read_path(path)
    assert got.format == "html"
    assert got.published == date(2024, 2, 5)
    assert got.title == "关于2023年度法治政府建设情况的报告"
    assert "发布时间" not in "\n".join(normalize(got.text)[0])
    assert_contains_all(got.text, REPORT)


def test_ofd(tmp_path: Path) -> None:
    got = read_path(write_ofd(REPORT, tmp_path / "r.ofd"))
    assert got.format == "ofd" and got.pages == 2
    assert got.title == paragraphs(REPORT)[0]
    assert_contains_all(got.text, REPORT)


def test_ofd_pages_in_document_order(tmp_path: Path) -> None:
    """Pages listed in Document.xml order (not zip or name order), objects placed by Y/X."""
    src = write_ofd(REPORT, tmp_path / "r.ofd")
    out = tmp_path / "shuffled.ofd"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        names = zin.namelist()
        for name in reversed(names):
            data = zin.read(name).decode("utf-8")
            if name.endswith("Content.xml"):
                objects = re.findall(r"<ofd:TextObject.*?</ofd:TextObject>", data)
                data = re.sub(
                    r"(?s)<ofd:TextObject.*</ofd:TextObject>", "".join(reversed(objects)), data
                )
            name = name.replace("Page_0", "Page_z").replace("Page_1", "Page_a")
            data = data.replace("Page_0", "Page_z").replace("Page_1", "Page_a")
            # and with no namespace at all, as some producers write it
            data = data.replace(' xmlns:ofd="http://www.ofdspec.org/2016"', "")
            zout.writestr(name, data.replace("ofd:", ""))
    got = read_path(out)
    flat, at = squash(got.text), 0
    for para in paragraphs(REPORT):  # each paragraph found after the previous one
        at = flat.index(squash(para), at)
    assert got.pages == 2


def test_ofd_per_character_objects_with_ctm(tmp_path: Path) -> None:
    """Real producers often emit one TextObject per character, in a scaled space."""
    objects = []
    for row, line in enumerate(["一、主要举措", "签发人：张三"]):
        for col, ch in reversed(list(enumerate(line))):
            x = 30 + col * 5 + (20 if ch in "张三" else 0)  # a wide gap before the name
            objects.append(
                f'<TextObject ID="{row}{col}" Boundary="{x} {40 + row * 8} 6 6" Size="10" '
                f'CTM="0.5 0 0 0.5 0 0"><TextCode X="0" Y="9">{ch}</TextCode></TextObject>'
            )
    with zipfile.ZipFile(tmp_path / "c.ofd", "w") as zf:
        zf.writestr(
            "OFD.xml", "<OFD><DocBody><DocRoot>/Doc_0/Document.xml</DocRoot></DocBody></OFD>"
        )
        zf.writestr(
            "Doc_0/Document.xml", "<Document><Pages><Page BaseLoc='/Doc_0/P1'/></Pages></Document>"
        )
        zf.writestr(
            "Doc_0/P1/Content.xml",
            f"<Page><Content><Layer>{''.join(objects)}</Layer></Content></Page>",
        )
    assert read_path(tmp_path / "c.ofd").text == "一、主要举措\n签发人： 张三"


@needs_soffice
def test_pdf(tmp_path: Path) -> None:
    assert write_pdf(REPORT, tmp_path / "r.pdf")
    got = read_path(tmp_path / "r.pdf")
    assert got.format == "pdf" and got.pages >= 1 and got.published is None
    assert_contains_all(got.text, REPORT)


@needs_soffice
@pytest.mark.parametrize("ext", ["doc", "wps"])
def test_doc_and_wps(tmp_path: Path, ext: str) -> None:
    assert write_doc(REPORT, tmp_path / "r.doc")
    path = (tmp_path / "r.doc").rename(tmp_path / f"r.{ext}")
    got = read_path(path)
    assert got.format == ext
    assert paragraphs(got.text) == paragraphs(REPORT)


def test_detect_format_by_magic() -> None:
    assert detect_format(b"%PDF-1.7\n...", "a.txt") == "pdf"
    assert detect_format(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100, "a.docx") == "doc"
    assert detect_format(b"<!DOCTYPE html><html><body>x</body></html>", "a.txt") == "html"
    assert detect_format("纯文本".encode(), "a.TXT") == "txt"
    assert detect_format(bytes(range(256)), "a.wps") == "wps"
    assert detect_format("纯文本".encode(), "a.wps") == "txt"


# ----------------------------------------------------------------------- errors


def test_empty_inputs(tmp_path: Path) -> None:
    for name, data in [("e.txt", b""), ("w.txt", b" \r\n\t\n"), ("e.docx", b"")]:
        (tmp_path / name).write_bytes(data)
        assert code_of(tmp_path / name) == "input.empty"
    (tmp_path / "w16.txt").write_bytes("　\n \n".encode("utf-16"))
    assert code_of(tmp_path / "w16.txt") == "input.empty"


def test_broken_docx(tmp_path: Path) -> None:
    good = write_docx(REPORT, tmp_path / "good.docx").read_bytes()
    (tmp_path / "truncated.docx").write_bytes(good[: len(good) // 2])
    (tmp_path / "garbage.docx").write_bytes(bytes(range(256)) * 20)
    assert code_of(tmp_path / "truncated.docx") == "docx.corrupt"
    assert code_of(tmp_path / "garbage.docx") == "docx.corrupt"
    assert code_of(write_encrypted_docx(tmp_path / "locked.docx")) == "docx.encrypted"


def test_broken_pdf(tmp_path: Path) -> None:
    assert code_of(write_encrypted_pdf(tmp_path / "locked.pdf")) == "pdf.encrypted"
    assert code_of(write_scanned_pdf(tmp_path / "scan.pdf")) == "pdf.no_text"
    scan = (tmp_path / "scan.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(scan[:400])
    assert code_of(tmp_path / "cut.pdf") == "pdf.corrupt"
    with pytest.raises(IngestError, match="扫描件"):
        read_path(tmp_path / "scan.pdf")


def test_broken_ofd(tmp_path: Path) -> None:
    assert code_of(write_ofd("", tmp_path / "blank.ofd")) == "ofd.no_text"
    with zipfile.ZipFile(tmp_path / "nodoc.ofd", "w") as zf:
        zf.writestr("Doc_0/Document.xml", "<Document/>")
    assert code_of(tmp_path / "nodoc.ofd") == "ofd.corrupt"
    (tmp_path / "junk.ofd").write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    assert code_of(tmp_path / "junk.ofd") == "ofd.corrupt"


def test_too_large_and_unknown(tmp_path: Path) -> None:
    path = write_txt(REPORT, tmp_path / "r.txt")
    assert code_of(path, max_bytes=100) == "input.too_large"
    with pytest.raises(IngestError, match="MB") as info:
        read(path.read_bytes(), "r.txt", max_bytes=100)
    assert info.value.code == "input.too_large"
    assert code_of(write_txt(REPORT, tmp_path / "r.xyz")) == "format.unknown"


def test_doc_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fazhi.ingest.legacy as legacy

    monkeypatch.setattr(legacy, "soffice_path", lambda: None)
    (tmp_path / "old.doc").write_bytes(rb"{\rtf1\ansi\ansicpg936 \'b1\'a8\'b8\'e6\par }")
    assert code_of(tmp_path / "old.doc") == "format.needs_libreoffice"


def test_doc_that_is_not_word(tmp_path: Path) -> None:
    (tmp_path / "junk.doc").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(range(256)) * 8)
    assert code_of(tmp_path / "junk.doc") == "doc.corrupt"
    (tmp_path / "junk.wps").write_bytes(bytes(range(256)) * 8)
    assert code_of(tmp_path / "junk.wps") == "wps.corrupt"
    # sites often serve a page or plain text under a .doc name
    write_html(REPORT, tmp_path / "page.doc")
    assert read_path(tmp_path / "page.doc").format == "html"
    write_txt(REPORT, tmp_path / "text.doc", "gb18030")
    got = read_path(tmp_path / "text.doc")
    assert (got.format, got.encoding) == ("txt", "gb18030")


def test_batch_goes_on_past_bad_files(tmp_path: Path) -> None:
    files = {
        "good.txt": write_txt(REPORT, tmp_path / "good.txt", "gb18030"),
        "empty.txt": write_txt("", tmp_path / "empty.txt"),
        "good.docx": write_docx(REPORT, tmp_path / "good.docx"),
        "scan.pdf": write_scanned_pdf(tmp_path / "scan.pdf"),
        "good.ofd": write_ofd(REPORT, tmp_path / "good.ofd"),
        "bad.xyz": write_txt(REPORT, tmp_path / "bad.xyz"),
        "good.html": write_html(REPORT, tmp_path / "good.html"),
    }
    read_ok, failed = [], {}
    for name, path in files.items():
        try:
            read_ok.append((name, read_path(path)))
        except IngestError as exc:
            failed[name] = exc.code
    assert [name for name, _ in read_ok] == ["good.txt", "good.docx", "good.ofd", "good.html"]
    assert failed == {
        "empty.txt": "input.empty",
        "scan.pdf": "pdf.no_text",
        "bad.xyz": "format.unknown",
    }
    for _, got in read_ok:
        assert_contains_all(got.text, REPORT)


# ---------------------------------------------------------------------- residue


def test_residue_lines() -> None:
    lines = [
        "【字体：大 中 小】【打印】【关闭】",
        "正文第一段。",
        "分享到：微信 微博",
        "来源：区司法局 发布时间：2024-03-28",
    ]
    lines += [
        "标签: 法治政府",
        "3人觉得有用",
        "上一篇：关于某某的通知",
        "闽ICP备12345678号",
        "正文第二段。",
    ]
    lines += [
        "首頁 > 政務公開 > 法治政府建設",
        "【列印本頁】　【關閉視窗】",
        "版權所有：某某市人民政府",
    ]
    assert strip_residue(lines) == ["正文第一段。", "正文第二段。"]
    prose = ["一、主要举措", "全年受理行政复议案件87件，来源：本局统计。", "（一）标签化管理"]
    assert strip_residue(prose) == prose


def test_residue_config_is_validated() -> None:
    with pytest.raises(ResidueConfigError, match="缺少"):
        parse_rules({"schema": "fazhi.residue/1"})
    bad = {
        "schema": "fazhi.residue/1",
        "max_line_chars": 100,
        "line_patterns": [{"pattern": "(unclosed"}],
        "tail_markers": [{"pattern": "相关推荐"}],
        "tail": {"search_from": 0.5, "prose_min_chars": 40},
    }
    with pytest.raises(ResidueConfigError, match="正则"):
        parse_rules(bad)


# ------------------------------------------------------------------------ seeds


def seeds() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


needs_seeds = pytest.mark.skipif(not seeds(), reason="没有 /work/shared/seeds")


@needs_seeds
def test_seed_residue() -> None:
    for path in seeds():
        lines = path.read_text(encoding="utf-8").split("\n")
        out = strip_residue(lines)
        if path.name.startswith("002"):
            cut = lines.index("扫一扫在手机打开当前页")
            assert out == lines[:cut]
        else:
            assert out == lines, path.name


@needs_seeds
@pytest.mark.parametrize("kind", ["docx", "html", "html-gbk", "ofd", "txt-gb18030", "pdf"])
def test_seed_round_trip(tmp_path: Path, kind: str) -> None:
    if kind == "pdf" and not soffice_available():
        pytest.skip("LibreOffice 未安装")
    for path in seeds():
        text = path.read_text(encoding="utf-8")
        out = tmp_path / f"{path.stem}{KINDS[kind]}"
        assert write_as(kind, text, out)
        got = read_path(out)
        expected = "\n".join(strip_residue(text.split("\n"))) if kind.startswith("html") else text
        assert_contains_all(got.text, expected)


def test_a_copyright_phrase_in_hard_wrapped_prose_does_not_cut_the_text():
    from fazhi.ingest.residue import strip_residue

    lines = ["一、主要举措和成效", "全年办结复议案件12件。"] * 3 + [
        "向辖区印刷企业宣讲“版权所有、侵权",
        "必究”的法律要求，开展专项检查。二、",
        "存在的不足和原因。执法力量不足，原",
        "因是编制紧张。三、下一年度工作安排。",
        "继续推进依法行政，加强执法培训。",
        "东湖街道办事处",
        "2025年1月20日",
    ]
    kept = strip_residue(lines)
    assert kept[-1] == "2025年1月20日"


_CUT_UNIT = """某某区人民政府关于2023年度法治政府建设情况的报告
一、主要举措和成效
全区坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，认真落实中央和省市关于法治政府建设的决策部署，推动各项工作取得明显成效，为经济社会高质量发展提供了坚实法治保障。
严格落实重大行政决策程序规定，对涉及群众切身利益的重大事项坚持公众参与、专家论证、风险评估、合法性审查和集体讨论决定，决策的科学化、民主化、法治化水平不断提高，群众满意度稳步提升。
全区执法机关依法履职，全年查处案件1234件，罚没款686.49万元，有力维护了市场秩序。
全区坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，认真落实中央和省市关于法治政府建设的决策部署，推动各项工作取得明显成效，为经济社会高质量发展提供了坚实法治保障。
严格落实重大行政决策程序规定，对涉及群众切身利益的重大事项坚持公众参与、专家论证、风险评估、合法性审查和集体讨论决定，决策的科学化、民主化、法治化水平不断提高，群众满意度稳步提升。
二、存在的不足和原因
执法队伍专业化水平有待提高，主要原因是培训不够系统深入，需要持续加强，部分执法人员对新修订的法律法规掌握不够全面，执法规范化水平仍需提升。
三、2024年工作安排
继续深化行政执法体制改革，全面提升依法行政水平，推动法治政府建设，持续加强行政执法监督，规范行政裁量权基准制度，不断提高执法质量和效能，努力让人民群众在每一个执法行为中感受到公平正义。
"""


@pytest.mark.parametrize("fmt", ["ofd", "pdf"])
def test_a_unit_cut_by_the_line_width_is_read_with_its_figure(tmp_path: Path, fmt: str) -> None:
    # the page wraps right inside the figure ("罚没款686.49万" / "元"); the line is full of
    # digits and so looks short, yet it does not end its paragraph
    import fazhi
    from fazhi.synth import formats

    if fmt == "pdf" and not formats.pdf_available():
        pytest.skip("reportlab 未安装")
    path = formats.write(fmt, _CUT_UNIT, tmp_path / f"r.{fmt}")
    raw = read_path(path).text
    assert not any("686.49万元" in squash(line) for line in raw.splitlines()), "not cut"
    doc = fazhi.analyze(path)
    fines = [(f.value, f.unit, f.indicator) for f in doc.facts if "686" in str(f.value)]
    assert fines == [(Decimal("686.49"), "万元", "enforcement.fines")]
