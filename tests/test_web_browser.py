"""The workspace in a real browser: Debian's chromium, headless, driven by Playwright,
against a real uvicorn on loopback. A reviewer's day: log in, upload the year's reports,
read one report's findings and jump to their evidence, search, compare, download Excel.
Every request the pages make is recorded and must stay on the server's own address.

Screenshots of the three main pages go to docs/screenshots/ (named in the README).
Skips when chromium or Playwright is missing, unless FAZHI_REQUIRE_BROWSER=1 (set by
scripts/test.sh wherever chromium is installed).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn

from fazhi.store import Store
from fazhi.web import create_app
from fazhi.web.access import Access, hash_password

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SEEDS = Path(__file__).parents[2] / "shared" / "seeds"
SCREENSHOTS = Path(__file__).parents[1] / "docs" / "screenshots"
PASSWORD = "浏览器-test-1"

try:
    from playwright.sync_api import Page, expect, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None

if sync_playwright is None or not Path(CHROMIUM).exists():
    if os.environ.get("FAZHI_REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"browser tests required but Playwright or {CHROMIUM} is missing")
    pytest.skip("chromium or Playwright is not installed", allow_module_level=True)


SCRIPT_REPORT = """某某县人民政府关于2023年度法治政府建设情况的报告

2023年，我县深入推进法治政府建设。<script>alert(1)</script>

一、主要举措和成效
（一）推进行政复议体制改革。全年办理行政复议案件 120 件，纠错 12 件，纠错率 10%。<img src=x onerror=alert(2)>
（二）党政主要负责人履行推进法治建设第一责任人职责情况。县政府主要负责人带头学法。

二、存在的不足和原因
一是行政执法规范化水平有待提高。原因是执法人员培训不足。

三、下一年度工作安排
继续深化行政复议体制改革。

某某县人民政府
2024年2月1日
"""


@pytest.fixture
def server(tmp_path) -> Iterator[tuple[str, Store]]:
    store = Store(tmp_path / "corpus.db")
    access = Access(admin_user="admin", password_hash=hash_password(PASSWORD))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(store, access=access), host="127.0.0.1", port=port, log_level="warning"
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}", store
    uv.should_exit = True
    thread.join(timeout=30)
    store.close()


class Browser:
    """One page in a fresh profile, with every request and console error recorded."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

        def on_dialog(dialog) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def login(self) -> None:
        self.go("/login")
        self.page.fill("input[name=username]", "admin")
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("form.stack button[type=submit]")
        expect(self.page.locator(".who")).to_contain_text("管理员：admin")

    def foreign_requests(self) -> list[str]:
        own = urlsplit(self.base).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != own
        ]

    def fits_the_window(self) -> None:
        """Nothing (a long title, a wide table) pushes the page wider than 1366 pixels."""
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= self.page.viewport_size["width"], f"{self.page.url} is {width}px wide"

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / name))


@pytest.fixture
def browser(server, tmp_path) -> Iterator[Browser]:
    base, _store = server
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = chromium.new_context(
            viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(30_000)
        yield Browser(page, base)
        context.close()
        chromium.close()


def _upload_and_wait(b: Browser, files: list[Path]) -> None:
    b.page.set_input_files("#file-input", [str(f) for f in files])
    results = b.page.locator("#uploads li .result")
    expect(results).to_have_count(len(files))
    for i in range(len(files)):
        expect(results.nth(i)).to_have_class("result ok", timeout=120_000)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed reports in ../shared are absent")
def test_a_reviewers_day_with_the_seed_reports(browser: Browser, server, tmp_path):
    b = browser
    _base, store = server
    b.login()
    b.go("/")
    seeds = sorted(SEEDS.iterdir())
    _upload_and_wait(b, seeds)
    assert store.count() == len(seeds)
    expect(b.page.locator("#uploads .result a").first).to_contain_text("已入库")

    # the list, with every report's findings by severity
    b.page.click("#reload-list")
    rows = b.page.locator("#reports tbody tr")
    expect(rows).to_have_count(len(seeds))
    expect(b.page.locator("#reports .badge.warning").first).to_be_visible()
    b.fits_the_window()
    b.screenshot("corpus.png")

    # a report with an arithmetic finding: click through to its evidence
    report_id = next(
        row.id
        for row in store.reports(limit=None).items
        if row.findings.get("warning") and "arith.rate_mismatch" in _rules(store, row.id)
    )
    b.go(f"/reports/{report_id}")
    expect(b.page.locator(".fact[title]").first).to_be_visible()
    goto = b.page.locator("li.finding a.goto").first
    expect(goto).to_be_visible()
    goto.click()
    active = b.page.locator(".evidence.active").first
    expect(active).to_be_visible()
    expect(active).to_be_in_viewport()
    b.fits_the_window()
    b.screenshot("report.png")

    # the per-report Excel opens
    with b.page.expect_download() as download:
        b.page.click('#downloads a[href$="report.xlsx"]')
    _open_workbook(download.value, tmp_path / "one.xlsx", expected_reports=1)

    # search with highlighted passages
    b.go("/")
    b.page.fill("input[name=q]", "复议")
    b.page.press("input[name=q]", "Enter")
    marks = b.page.locator(".snippet mark")
    expect(marks.first).to_have_text("复议")
    assert marks.count() >= len(seeds)

    # compare: charts drawn by the app's own plotly, nothing fetched from elsewhere
    b.go("/compare")
    expect(b.page.locator("#chart-heatmap .main-svg").first).to_be_visible(timeout=30_000)
    expect(b.page.locator("#chart-ranking .main-svg").first).to_be_visible()
    expect(b.page.locator("#chart-bars .main-svg").first).to_be_visible()
    b.page.wait_for_load_state("networkidle")
    assert b.page.locator(".modebar-btn").count() == 0
    b.fits_the_window()
    b.screenshot("compare.png")

    # the corpus export
    b.go("/")
    with b.page.expect_download() as download:
        b.page.click("#export")
    _open_workbook(download.value, tmp_path / "all.xlsx", expected_reports=len(seeds))

    assert b.console_errors == []
    assert b.foreign_requests() == []
    assert b.dialogs == []


def _rules(store: Store, document_id: int) -> set[str]:
    return {f["rule"] for f in store.report(document_id)["findings"]}


def _open_workbook(download, path: Path, expected_reports: int) -> None:
    import openpyxl

    assert download.failure() is None
    assert download.suggested_filename.endswith(".xlsx")
    download.save_as(path)
    book = openpyxl.load_workbook(path, read_only=True)
    assert {"报告", "指标", "问题", "覆盖"} <= set(book.sheetnames)
    rows = list(book["报告"].iter_rows(values_only=True))
    assert len(rows) == 1 + expected_reports  # the header and one row per report


def test_a_script_in_a_report_stays_text(browser: Browser, server, tmp_path):
    b = browser
    _base, store = server
    source = tmp_path / "某某县<script>报告.txt"
    source.write_text(SCRIPT_REPORT, encoding="utf-8")
    b.login()
    b.go("/")
    # the drop path of the upload box, with a file made in the page
    b.page.evaluate(
        """([name, text]) => {
            const data = new DataTransfer();
            data.items.add(new File([text], name, {type: "text/plain"}));
            const zone = document.getElementById("dropzone");
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true}));
        }""",
        [source.name, SCRIPT_REPORT],
    )
    expect(b.page.locator("#uploads .result")).to_have_class("result ok", timeout=60_000)
    [row] = store.reports().items
    b.go(f"/reports/{row.id}")
    text = b.page.locator(".doc-text")
    expect(text).to_contain_text("<script>alert(1)</script>")
    expect(text).to_contain_text("<img src=x onerror=alert(2)>")
    assert b.page.locator(".doc-text script, .doc-text img").count() == 0
    expect(b.page.locator(".report-head")).to_contain_text("某某县<script>报告.txt")
    b.go("/?q=" + "alert")
    expect(b.page.locator(".snippet").first).to_contain_text("<script>alert(1)</script>")
    time.sleep(0.5)  # an injected handler would have fired by now
    assert b.dialogs == []
    assert b.console_errors == []


def test_upload_without_login_is_refused(browser: Browser, server):
    b = browser
    _base, store = server
    b.go("/")
    expect(b.page.locator("#dropzone")).to_have_count(0)
    expect(b.page.get_by_text("以管理员身份登录")).to_be_visible()
    # a hand-made request from the page, even with the page's CSRF token, is refused
    status = b.page.evaluate(
        """async (text) => {
            const form = new FormData();
            form.append("files", new File([text], "a.txt", {type: "text/plain"}));
            const token = document.querySelector('meta[name="csrf-token"]').content;
            const response = await fetch("/api/reports", {
                method: "POST", body: form, headers: {"X-CSRF-Token": token}});
            return [response.status, (await response.json()).detail];
        }""",
        SCRIPT_REPORT,
    )
    assert status[0] == 401 and "登录" in status[1]
    assert store.count() == 0


def test_the_api_documentation_page_runs_under_the_policy(browser: Browser):
    b = browser
    b.go("/docs")
    expect(b.page.locator(".swagger-ui .info .title")).to_contain_text("法治政府建设年度报告分析")
    expect(b.page.locator(".opblock").first).to_be_visible()
    b.page.wait_for_load_state("networkidle")
    assert b.console_errors == []
    assert b.foreign_requests() == []


def test_chart_labels_from_documents_are_text(browser: Browser, server):
    """plotly reads <b>, <a href> and entities in labels and hover texts: an issuer's
    name, which comes from the document, must show as the characters it is."""
    from sqlalchemy import text

    b = browser
    _base, store = server
    saved = store.add(SCRIPT_REPORT.encode(), "a.txt")
    forged = '<b>粗体</b><a href="https://evil.example/">链接</a>&#47;县人民政府'
    with store.engine.begin() as connection:  # as if the analyser had read it so
        connection.execute(
            text("UPDATE analyses SET issuer = :issuer WHERE document_id = :id"),
            {"issuer": forged, "id": saved.document_id},
        )
    b.go("/compare")
    ranking = b.page.locator("#chart-ranking")
    expect(ranking.locator(".main-svg").first).to_be_visible()
    expect(ranking).to_contain_text("<b>粗体")
    assert ranking.locator("a").count() == 0
    assert b.page.locator("#chart-heatmap a").count() == 0
    assert "evil.example" not in "".join(b.requests)
    assert b.console_errors == []
