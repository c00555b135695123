"""The `fazhi analyze` command, run as a user runs it (a real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES

REPORT = (
    "某某县2023年法治政府建设情况报告\n\n县人大常委会：\n\n2023年，我县扎实推进法治政府建设，现将有关情况报告如下：\n\n"
    "一、主要举措和成效\n\n全年办结行政复议案件12件。县长认真履行推进法治建设第一责任人职责。\n\n"
    "二、存在的问题\n\n一是执法力量不足。\n\n三、2024年工作安排\n\n将继续推进依法行政。\n"
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fazhi.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_jsonl_one_line_per_input_in_order_and_errors_inline(tmp_path: Path):
    good = tmp_path / "a.txt"
    good.write_text(REPORT, encoding="utf-8")
    empty = tmp_path / "b.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "c.docx"
    proc = run("analyze", "--format", "jsonl", str(good), str(empty), str(missing))
    assert proc.returncode == 1
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [x["source"]["path"] for x in lines] == [str(good), str(empty), str(missing)]
    assert lines[0]["schema"] == "fazhi.report/1"
    assert lines[0]["is_report"] is True and "error" not in lines[0]
    assert lines[0]["metadata"]["report_year"] == 2023
    assert lines[1]["error"]["code"] == "input.empty"
    assert lines[2]["error"]["code"] == "input.missing"
    assert "c.docx" in lines[2]["error"]["message"]
    assert "未能分析" in proc.stderr


def test_json_single_object_and_exit_zero(tmp_path: Path):
    good = tmp_path / "a.txt"
    good.write_text(REPORT, encoding="utf-8")
    proc = run("analyze", "--format", "json", str(good))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["contents"] == {
        "measures": True,
        "shortcomings": True,
        "causes": False,
        "first_responsible": True,
        "next_year": True,
    }
    assert [f["content"] for f in data["findings"] if f["rule"] == "structure.missing_content"] == [
        "causes"
    ]


def test_folder_is_walked_recursively_and_text_view_renders(tmp_path: Path):
    sub = tmp_path / "2023" / "县区"
    sub.mkdir(parents=True)
    (sub / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "notes.xyz").write_text("x", encoding="utf-8")
    proc = run("analyze", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "某某县2023年法治政府建设情况报告" in proc.stdout
    assert "法定内容" in proc.stdout and "下一年度安排" in proc.stdout


def test_markdown_and_output_file(tmp_path: Path):
    out = tmp_path / "out.md"
    proc = run(
        "analyze",
        "--format",
        "markdown",
        "-o",
        str(out),
        str(EXAMPLES / "01_jiangdu_district_2023.txt"),
    )
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("## 扬州市江都区人民政府关于2023年度法治政府建设情况的报告")
    assert "- [x] 不足的原因分析" in text


def test_usage_errors_exit_two(tmp_path: Path):
    assert run("analyze", "--format", "xml", str(tmp_path)).returncode == 2
    assert run("analyze", str(tmp_path)).returncode == 2  # an empty folder: nothing to analyse
    assert run("analyze").returncode == 2


def test_progress_bar_goes_to_stderr_for_several_files(tmp_path: Path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(REPORT, encoding="utf-8")
    proc = run("analyze", "--format", "jsonl", str(tmp_path))
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 3
    assert "3/3" in proc.stderr


def test_batch_of_bad_files_goes_on_with_one_error_each(tmp_path: Path):
    from support.formats import write_encrypted_pdf, write_scanned_pdf

    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "truncated.docx").write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40)
    (tmp_path / "garbage.docx").write_bytes(bytes(range(256)) * 8)
    write_encrypted_pdf(tmp_path / "locked.pdf")
    write_scanned_pdf(tmp_path / "scan.pdf")
    (tmp_path / "big.txt").write_text(REPORT * 2000, encoding="utf-8")
    (tmp_path / "notes.xyz").write_text("x", encoding="utf-8")
    files = [
        "empty.txt",
        "truncated.docx",
        "good.txt",
        "garbage.docx",
        "locked.pdf",
        "scan.pdf",
        "big.txt",
        "notes.xyz",
    ]
    proc = run(
        "analyze", "--format", "jsonl", "--max-size", "0.2", *(str(tmp_path / f) for f in files)
    )
    assert proc.returncode == 1
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    codes = {Path(x["source"]["path"]).name: (x.get("error") or {}).get("code") for x in lines}
    assert codes == {
        "empty.txt": "input.empty",
        "truncated.docx": "docx.corrupt",
        "good.txt": None,
        "garbage.docx": "docx.corrupt",
        "locked.pdf": "pdf.encrypted",
        "scan.pdf": "pdf.no_text",
        "big.txt": "input.too_large",
        "notes.xyz": "format.unknown",
    }
    for x in lines:
        if x.get("error"):
            assert Path(x["source"]["path"]).name in x["error"]["message"]
    assert next(x for x in lines if x["source"]["path"].endswith("good.txt"))["is_report"] is True


def test_output_that_is_an_input_is_refused_and_left_intact(tmp_path: Path):
    victim = tmp_path / "report.txt"
    victim.write_text(REPORT, encoding="utf-8")
    proc = run("analyze", "-f", "markdown", "-o", str(victim), str(victim))
    assert proc.returncode == 2
    assert victim.read_text(encoding="utf-8") == REPORT
    assert run("analyze", "-o", str(tmp_path / "missing" / "x.md"), str(victim)).returncode == 2


def test_stdin_version_and_bad_max_size(tmp_path: Path):
    proc = subprocess.run(
        [sys.executable, "-m", "fazhi.cli", "analyze", "--format", "json", "-"],
        input=REPORT.encode("gb18030"),
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["source"]["encoding"] == "gb18030" and data["is_report"] is True
    assert run("--version").stdout.startswith("fazhi ")
    good = tmp_path / "a.txt"
    good.write_text(REPORT, encoding="utf-8")
    for bad in ("nan", "0", "-1"):
        assert run("analyze", "--max-size", bad, str(good)).returncode == 2
