"""The REST API, through a real uvicorn server on loopback, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import io
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote, unquote

import httpx
import pytest
import uvicorn

from fazhi.store import Filters, Store
from fazhi.web import create_app
from fazhi.web.access import Access, hash_password

EXAMPLES = Path(__file__).parents[1] / "examples"
EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.is_file() and p.suffix != ".yaml")
CJK = re.compile(r"[\u4e00-\u9fff]")

ADMIN_PASSWORD = "试用-password-1"
# one hash for the module: scrypt is slow on purpose
ADMIN = Access(admin_user="admin", password_hash=hash_password(ADMIN_PASSWORD))
PHONE = "13912345678"
PHONE_HEAD = "1391234"  # what a passage cut inside the number would show unmasked
PHONE_NAME = f"联系电话{PHONE}的报告.txt"


def synthetic_report() -> bytes:
    """A report with a mobile number in its text (and in its file name): 53 characters
    after the word 专线, so that a passage around 专线 ends inside the number."""
    text = (EXAMPLES / "02_mianyang_amr_2022.txt").read_text(encoding="utf-8")
    filler = "群众可就行政许可、行政处罚等事项咨询，工作日受理并在三个工作日内答复，咨询" + "人员"
    filler = filler.ljust(49, "办")
    line = f"（五）畅通咨询渠道。开设行政复议咨询专线{filler}联系电话{PHONE}。"
    assert line.index(PHONE) - (line.index("专线") + 2) == 53
    signature = "绵阳市市场监督管理局\n2023年2月20日"
    assert signature in text
    return text.replace(signature, f"{line}\n\n{signature}").encode("utf-8")


# -- a real server -----------------------------------------------------------------------


@pytest.fixture
def serve(store: Store) -> Iterator[Callable[..., httpx.Client]]:
    """Start the API over `store` with the given `create_app` options; a client for it."""
    running: list[tuple[uvicorn.Server, threading.Thread, httpx.Client]] = []

    def start(*, login: bool = True, **options) -> httpx.Client:
        """A client of a new server; with `login` it sends the administrator's HTTP Basic
        credentials, as a script that uploads would."""
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        options.setdefault("access", ADMIN)
        config = uvicorn.Config(
            create_app(store, **options), host="127.0.0.1", port=port, log_level="warning"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        client = httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            timeout=60,
            auth=("admin", ADMIN_PASSWORD) if login else None,
        )
        running.append((server, thread, client))
        return client

    yield start
    for server, thread, client in running:
        client.close()
        server.should_exit = True
        thread.join(timeout=30)
        assert not thread.is_alive()


@pytest.fixture
def api(serve) -> httpx.Client:
    return serve()


def upload(client: httpx.Client, files: list[tuple[str, bytes]]) -> httpx.Response:
    return client.post(
        "/api/reports",
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
    )


def examples() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in EXAMPLE_FILES]


@pytest.fixture
def loaded(api: httpx.Client) -> list[dict]:
    """Every example uploaded (and the synthetic report with a mobile number)."""
    response = upload(api, [*examples(), (PHONE_NAME, synthetic_report())])
    assert response.status_code == 201, response.text
    return response.json()


def all_reports(client: httpx.Client, **params) -> list[dict]:
    response = client.get("/api/reports", params={**params, "limit": 1000})
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == len(page["items"])
    return page["items"]


def assert_chinese_error(response: httpx.Response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert CJK.search(body["detail"]), body
    if code is not None:
        assert body["code"] == code


# -- uploads ------------------------------------------------------------------------------


def test_upload_stores_each_file_once(api: httpx.Client, store: Store):
    files = examples()
    response = upload(api, files)
    assert response.status_code == 201, response.text
    results = response.json()
    assert [r["name"] for r in results] == [name for name, _ in files]
    for result, (_name, data) in zip(results, files, strict=True):
        assert result["created"] is True
        assert result["error"] is None
        assert result["is_report"] is True
        assert result["sha256"] == hashlib.sha256(data).hexdigest()
        assert result["issuer"] and result["report_year"] and result["score"] > 0
    assert len({r["id"] for r in results}) == len(files) == store.count()
    by_name = {r["name"]: r for r in results}
    assert by_name["01_jiangdu_district_2023.pdf"]["issuer"] == "扬州市江都区人民政府"
    assert by_name["04_wuhu_etdz_2024.ofd"]["report_year"] == 2024

    again = upload(api, [files[0], files[3]])
    assert again.status_code == 200, again.text
    assert [(r["id"], r["created"]) for r in again.json()] == [
        (results[0]["id"], False),
        (results[3]["id"], False),
    ]
    assert store.count() == len(files)


def test_upload_of_bad_files_gives_an_entry_per_file(api: httpx.Client, store: Store):
    good = EXAMPLE_FILES[0]
    response = upload(
        api,
        [
            ("notes.xyz", b"whatever"),
            ("empty.txt", b" \n"),
            ("broken.docx", b"PK\x03\x04 this is no zip archive"),
            ("dir/../" + good.name, good.read_bytes()),
        ],
    )
    assert response.status_code == 201, response.text
    unsupported, empty, broken, stored = response.json()
    assert unsupported["id"] is None and unsupported["created"] is False
    assert unsupported["error"]["code"] == "input.format"
    assert "notes.xyz" in unsupported["error"]["message"]
    # an empty file is nothing a later analyser could read either: not stored
    assert empty["id"] is None and empty["error"]["code"] == "input.empty"
    assert "empty.txt" in empty["error"]["message"]
    # an analysis error is stored with the document, not an HTTP error
    assert broken["id"] is not None and broken["error"]["code"] == "docx.corrupt"
    assert broken["is_report"] is not True
    assert stored["name"] == good.name and stored["error"] is None
    assert store.count() == 2
    assert store.report(broken["id"])["error"]["code"] == broken["error"]["code"]


def test_no_files_is_400(api: httpx.Client):
    assert_chinese_error(api.post("/api/reports"), 400, "upload.no_files")
    assert_chinese_error(
        api.post("/api/reports", files={"other": ("a.txt", b"x")}), 400, "upload.no_files"
    )


def test_upload_limits(serve, store: Store):
    client = serve(max_upload_bytes=6000, max_files=3)
    small = (EXAMPLES / "02_mianyang_amr_2022.txt").read_bytes()
    big = (EXAMPLES / "01_jiangdu_district_2023.txt").read_bytes()
    assert len(small) < 6000 < len(big)

    response = upload(client, [("big.txt", big), ("small.txt", small)])
    assert response.status_code == 201, response.text
    refused, stored = response.json()
    assert refused["id"] is None and refused["error"]["code"] == "input.too_large"
    assert CJK.search(refused["error"]["message"])
    assert stored["id"] is not None and stored["error"] is None
    assert store.count() == 1

    # more files than allowed
    assert_chinese_error(upload(client, [(f"{i}.txt", small) for i in range(4)]), 413)
    # a body over the whole limit, announced by Content-Length
    huge = ("huge.txt", b"x" * 100_000)
    assert_chinese_error(upload(client, [huge]), 413, "upload.too_large")

    # the same without Content-Length: cut off while it is read
    def chunked() -> Iterator[bytes]:
        yield b'--b\r\nContent-Disposition: form-data; name="files"; filename="c.txt"\r\n\r\n'
        for _ in range(100):
            yield b"y" * 1000
        yield b"\r\n--b--\r\n"

    response = client.post(
        "/api/reports",
        content=chunked(),
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert "content-length" not in response.request.headers
    assert_chinese_error(response, 413, "upload.too_large")
    assert store.count() == 1
    # the server still answers after the refusals
    assert client.get("/api/health").json()["documents"] == 1


# -- reading --------------------------------------------------------------------------------


def test_list_with_filters(api: httpx.Client, loaded: list[dict], store: Store):
    everything = all_reports(api)
    assert {r["id"] for r in everything} == {r["id"] for r in loaded}
    assert all(r["issuer"] for r in everything)

    in_2023 = all_reports(api, year=2023)
    assert {r["id"] for r in in_2023} == {r["id"] for r in loaded if r["report_year"] == 2023}
    assert len(in_2023) == 5  # 江都区 (txt, docx, pdf) and 北山街道 (txt, html)

    jiangsu = all_reports(api, province="江苏省")
    expected = {
        r["id"]
        for r in loaded
        if store.report(r["id"])["metadata"]["region"]["province"] == "江苏省"
    }
    assert {r["id"] for r in jiangsu} == expected and len(expected) == 3
    assert all(r["province"] == "江苏省" for r in jiangsu)

    scored = all_reports(api, score_min=90, score_max=96)
    assert {r["id"] for r in scored} == {r["id"] for r in loaded if 90 <= r["score"] <= 96}
    assert 0 < len(scored) < len(loaded)

    by_score = all_reports(api, order="score")
    assert [r["score"] for r in by_score] == sorted((r["score"] for r in loaded), reverse=True)

    page = api.get("/api/reports", params={"limit": 4, "offset": 4}).json()
    assert (page["total"], page["limit"], page["offset"]) == (len(loaded), 4, 4)
    assert [r["id"] for r in page["items"]] == [r["id"] for r in everything[4:8]]
    assert api.get("/api/reports").json()["limit"] == 50
    assert api.get("/api/reports", params={"limit": 1001}).status_code == 422
    assert api.get("/api/reports", params={"limit": 0}).status_code == 422


def test_bad_parameters_are_400_in_chinese(api: httpx.Client, loaded: list[dict]):
    assert_chinese_error(api.get("/api/reports", params={"level": "xyz"}), 400, "query.level")
    assert_chinese_error(api.get("/api/reports", params={"order": "xyz"}), 400, "query.order")
    assert_chinese_error(
        api.get("/api/reports", params={"score_min": 90, "score_max": 10}), 400, "query.score"
    )
    assert_chinese_error(api.get("/api/summary", params={"by": "xyz"}), 400, "query.by")
    assert_chinese_error(api.get("/api/search", params={"q": "  "}), 400, "search.empty")
    assert_chinese_error(api.get("/api/findings", params={"severity": "x"}), 400, "query.severity")
    # what FastAPI itself rejects is explained in Chinese too, naming the parameter
    year = api.get("/api/reports", params={"year": "abc"})
    assert_chinese_error(year, 422, "request.invalid")
    assert "year" in year.json()["detail"] and "整数" in year.json()["detail"]
    limit = api.get("/api/reports", params={"limit": 5000})
    assert "limit" in limit.json()["detail"] and "1000" in limit.json()["detail"]
    assert "缺少" in api.get("/api/search").json()["detail"]
    # a NUL byte would reach PostgreSQL as a driver error (a 500): refused up front
    assert_chinese_error(api.get("/api/search", params={"q": "\x00复议"}), 400, "search.control")
    assert_chinese_error(api.get("/api/reports", params={"issuer": "\x00x"}), 400, "query.control")
    assert_chinese_error(api.get("/api/findings", params={"rule": "\x00"}), 400, "query.control")
    assert api.get("/api/reports", params={"level": "county"}).status_code == 200
    assert_chinese_error(api.get("/api/nowhere"), 404)


def test_one_report(api: httpx.Client, loaded: list[dict], store: Store):
    first = loaded[0]
    report = api.get(f"/api/reports/{first['id']}").json()
    assert report["schema"] == "fazhi.report/1"
    assert report["id"] == first["id"]
    assert report["metadata"]["issuer"] == first["issuer"] == "扬州市江都区人民政府"
    assert report["review"]["score"] == first["score"]

    missing = max(r["id"] for r in loaded) + 1
    for path in (f"/api/reports/{missing}", f"/api/reports/{missing}/file"):
        assert_chinese_error(api.get(path), 404, "report.not_found")
    assert_chinese_error(api.get("/api/reports/0"), 404)
    assert_chinese_error(api.get(f"/api/reports/{10**12}"), 404)
    assert api.get("/api/reports/abc").status_code == 422


def test_original_file_download(api: httpx.Client):
    data = (EXAMPLES / "01_jiangdu_district_2023.docx").read_bytes()
    name = "江都区2023年法治政府建设报告.docx"
    (saved,) = upload(api, [(name, data)]).json()
    response = api.get(f"/api/reports/{saved['id']}/file")
    assert response.status_code == 200
    assert response.content == data
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(name)}" in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == name
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert response.headers["content-security-policy"] == "sandbox"


# -- search ---------------------------------------------------------------------------------


def test_search_finds_exactly_the_reports_with_the_word(
    api: httpx.Client, loaded: list[dict], store: Store
):
    ids = [r["id"] for r in loaded]
    expected = {i for i in ids if "复议" in (store.report_text(i) or "")}
    assert 0 < len(expected) < len(ids)

    response = api.get("/api/search", params={"q": "复议", "limit": 1000})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["total"] == len(expected)
    assert {item["id"] for item in result["items"]} == expected
    for item in result["items"]:
        text = store.report_text(item["id"])
        assert item["hits"] == text.count("复议") > 0
        assert item["snippets"]
        for snippet in item["snippets"]:
            assert "<mark>复议</mark>" in snippet["html"]
            for start, end in snippet["highlights"]:
                assert snippet["text"][start:end] == "复议"

    pages = [
        api.get("/api/search", params={"q": "复议", "limit": 2, "offset": offset}).json()
        for offset in range(0, len(expected), 2)
    ]
    assert [i["id"] for p in pages for i in p["items"]] == [i["id"] for i in result["items"]]

    in_2023 = api.get("/api/search", params={"q": "复议", "year": 2023}).json()
    assert {i["id"] for i in in_2023["items"]} == {
        i for i in expected if store.report(i)["metadata"]["report_year"] == 2023
    }
    both = api.get("/api/search", params={"q": "复议 江都区", "limit": 1000}).json()
    assert {i["id"] for i in both["items"]} == {
        i for i in expected if "江都区" in store.report_text(i)
    }


# -- statistics -----------------------------------------------------------------------------


def test_indicator(api: httpx.Client, loaded: list[dict], store: Store):
    code = "normdoc.reviewed"
    having = all_reports(api, indicator=code)
    assert having
    response = api.get(f"/api/indicators/{code}", params={"by": "county"})
    assert response.status_code == 200, response.text
    table = response.json()
    assert table["indicator"] == code and table["by"] == "county" and table["name"]
    assert sum(row["reports"] for row in table["rows"]) == len(having)
    for row in table["rows"]:
        assert row["min"] <= row["mean"] <= row["max"]
        assert len(row["group"]) == 3

    by_year = api.get(f"/api/indicators/{code}", params={"by": "year", "year": 2023}).json()
    assert [row["report_year"] for row in by_year["rows"]] == [2023]
    assert by_year["rows"][0]["reports"] == len(all_reports(api, indicator=code, year=2023))

    assert_chinese_error(api.get("/api/indicators/no.such_thing"), 404, "query.indicator")
    assert_chinese_error(api.get(f"/api/indicators/{code}", params={"by": "x"}), 400, "query.by")


def test_findings(api: httpx.Client, loaded: list[dict], store: Store):
    contracts = {r["id"]: store.report(r["id"]) for r in loaded}
    everything = [(i, f) for i, c in contracts.items() for f in c["findings"]]
    assert everything

    result = api.get("/api/findings", params={"limit": 1000}).json()
    assert result["total"] == len(result["items"]) == len(everything)
    assert {item["report_id"] for item in result["items"]} == {i for i, _ in everything}

    rule = everything[0][1]["rule"]
    ruled = api.get("/api/findings", params={"rule": rule}).json()
    assert ruled["total"] == sum(1 for _, f in everything if f["rule"] == rule) > 0
    assert all(item["rule"] == rule for item in ruled["items"])

    in_2021 = api.get("/api/findings", params={"year": 2021}).json()
    assert in_2021["total"] == sum(
        1 for i, _ in everything if contracts[i]["metadata"]["report_year"] == 2021
    )
    assert all(item["report_year"] == 2021 for item in in_2021["items"])

    family = rule.split(".")[0] + "."
    grouped = api.get("/api/findings", params={"rule": family, "limit": 1000}).json()
    assert grouped["total"] == sum(1 for _, f in everything if f["rule"].startswith(family))


def test_summary(api: httpx.Client, loaded: list[dict]):
    summary = api.get("/api/summary").json()
    assert summary["documents"] == len(loaded)
    assert summary["reports"] == sum(1 for r in loaded if r["is_report"])
    years: dict[str, int] = {}
    for r in loaded:
        years[str(r["report_year"])] = years.get(str(r["report_year"]), 0) + 1
    assert summary["years"] == years
    assert sum(row["reports"] for row in summary["by_region"]) == len(loaded)
    assert all(len(row["region"]) == 2 for row in summary["by_region"])

    county = api.get("/api/summary", params={"by": "county", "year": 2023}).json()
    assert county["documents"] == 5
    assert all(len(row["region"]) == 3 for row in county["by_region"])


# -- export -----------------------------------------------------------------------------------


def test_export_xlsx(api: httpx.Client, loaded: list[dict]):
    import openpyxl

    response = api.get("/api/export", params={"format": "xlsx"})
    assert response.status_code == 200, response.text
    assert "spreadsheetml" in response.headers["content-type"]
    assert response.headers["x-fazhi-reports"] == str(len(loaded))
    disposition = response.headers["content-disposition"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "法治政府建设年度报告.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet.title == "报告"
    rows = list(sheet.iter_rows(values_only=True))
    cells = [str(cell) for row in rows for cell in row if cell is not None]
    assert {r["issuer"] for r in loaded} <= set(cells)
    assert len(rows) > len(loaded)
    every_cell = [
        str(cell)
        for ws in workbook.worksheets
        for row in ws.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    assert any("139****5678" in cell for cell in every_cell)
    assert not any(PHONE in cell or PHONE_HEAD in cell for cell in every_cell)

    fewer = api.get("/api/export", params={"format": "xlsx", "year": 2023})
    assert fewer.headers["x-fazhi-reports"] == "5"
    sheet = openpyxl.load_workbook(io.BytesIO(fewer.content)).worksheets[0]
    assert sheet.max_row == len(rows) - (len(loaded) - 5)

    findings = api.get("/api/export", params={"format": "csv", "table": "findings"})
    assert findings.status_code == 200 and findings.headers["content-type"].startswith("text/csv")
    assert "_findings.csv" in unquote(findings.headers["content-disposition"])
    bad_format = api.get("/api/export", params={"format": "doc"})
    assert_chinese_error(bad_format, 422, "request.invalid")
    assert "format" in bad_format.json()["detail"] and "xlsx" in bad_format.json()["detail"]
    assert_chinese_error(
        api.get("/api/export", params={"format": "csv", "table": "x"}), 422, "request.invalid"
    )


# -- privacy ----------------------------------------------------------------------------------


def test_personal_data_is_masked_everywhere(api: httpx.Client, store: Store):
    response = upload(api, [(PHONE_NAME, synthetic_report())])
    assert response.status_code == 201
    answers = [response]
    (saved,) = response.json()
    # the store keeps the text masked (same length, so offsets hold)
    assert PHONE not in store.report_text(saved["id"])
    assert "139****5678" in store.report_text(saved["id"])
    assert PHONE in str(store.report(saved["id"]))  # the analysis itself saw the number
    report = api.get(f"/api/reports/{saved['id']}")
    assert "139****5678" in report.text
    answers += [
        report,
        api.get("/api/reports"),
        api.get("/api/search", params={"q": "复议"}),
        api.get("/api/search", params={"q": "专线"}),  # a passage ending inside the number
        api.get("/api/search", params={"q": "联系电话"}),
        api.get("/api/findings"),
        api.get("/api/summary"),
        api.get("/api/indicators/normdoc.reviewed", params={"by": "report"}),
    ]
    answers += [api.get("/api/export", params={"format": f}) for f in ("csv", "jsonl")]
    for answer in answers:
        assert answer.status_code in (200, 201), answer.text
        assert PHONE not in answer.text and PHONE_HEAD not in answer.text, answer.url
    hit = api.get("/api/search", params={"q": "专线"}).json()["items"][0]
    assert "<mark>专线</mark>" in hit["snippets"][0]["html"]
    assert "139*" in hit["snippets"][0]["text"]  # the passage reaches into the number
    privacy = [f for f in report.json()["findings"] if f["rule"] == "privacy.personal_data"]
    assert privacy and all(PHONE not in e for f in privacy for e in f["evidence"])
    # searching for the hidden digits must not tell which report holds the number
    for probe in (PHONE, PHONE[:7], PHONE[3:7], "1391234"):
        found = api.get("/api/search", params={"q": probe})
        assert found.status_code == 200 and found.json()["total"] == 0, probe


# -- the service ------------------------------------------------------------------------------


def test_health_docs_and_openapi(api: httpx.Client, loaded: list[dict]):
    import fazhi

    assert api.get("/api/health").json() == {
        "status": "ok",
        "documents": len(loaded),
        "version": fazhi.__version__,
    }
    docs = api.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    # an offline intranet reaches no CDN: every asset the page names is served here
    assets = re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", docs.text)
    assert assets and all(a.startswith("/") for a in assets), assets
    for asset in assets:
        assert api.get(asset).status_code == 200, asset
    assert "http://" not in docs.text and "https://" not in docs.text
    assert '"validatorUrl": null' in docs.text  # no badge fetched from validator.swagger.io
    schema = api.get("/openapi.json").json()
    for path in ("/api/reports", "/api/search", "/api/summary", "/api/export", "/api/health"):
        assert path in schema["paths"]
    assert schema["paths"]["/api/search"]["get"]["description"]
    from fazhi.store.export import MEDIA_TYPES

    documented = schema["paths"]["/api/export"]["get"]["responses"]["200"]["content"]
    assert set(documented) == set(MEDIA_TYPES.values())
    assert (
        "multipart/form-data" in schema["paths"]["/api/reports"]["post"]["requestBody"]["content"]
    )


def test_filters_match_the_store(api: httpx.Client, loaded: list[dict], store: Store):
    """What the API lists is what the store lists for the same filters."""
    for params, filters in (
        ({"level": "county"}, Filters(level="county")),
        (
            {"issuer": "人民政府", "reports_only": "true"},
            Filters(issuer="人民政府", reports_only=True),
        ),
        ({"rule": "timeliness."}, Filters(rule="timeliness.")),
    ):
        page = store.reports(filters, limit=1000)
        listed = all_reports(api, **params)
        assert listed, params
        assert [r["id"] for r in listed] == [r.id for r in page.items], params


# -- who may upload -----------------------------------------------------------------------


def test_upload_needs_the_administrator(serve, store: Store):
    anonymous = serve(login=False)
    report = examples()[0]
    refused = upload(anonymous, [report])
    assert_chinese_error(refused, 401, "auth.required")
    wrong = httpx.post(
        str(anonymous.base_url.join("/api/reports")),
        files=[("files", report)],
        auth=("admin", "not-the-password"),
    )
    assert_chinese_error(wrong, 401, "auth.required")
    assert store.count() == 0
    # reading stays open by default
    assert anonymous.get("/api/reports").status_code == 200


def test_without_an_administrator_nobody_uploads(serve, store: Store):
    client = serve(access=Access())
    assert_chinese_error(upload(client, examples()[:1]), 403, "auth.not_configured")
    assert "fazhi passwd" in upload(client, examples()[:1]).json()["detail"]
    assert store.count() == 0


def test_a_session_upload_needs_the_csrf_token(serve, store: Store):
    client = serve(login=False)
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    logged_in = client.post(
        "/login",
        data={"username": "admin", "password": ADMIN_PASSWORD, "csrf": token, "next": "/"},
    )
    assert logged_in.status_code == 303 and logged_in.headers["location"] == "/"
    # the cookie alone, as a page on another site could send it, is not enough
    assert_chinese_error(upload(client, examples()[:1]), 403, "auth.csrf")
    assert store.count() == 0
    # the token changes at login; the page shows the new one
    fresh = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)
    assert fresh != token
    accepted = client.post(
        "/api/reports",
        files=[("files", examples()[0])],
        headers={"X-CSRF-Token": fresh},
    )
    assert accepted.status_code == 201, accepted.text
    assert store.count() == 1


def test_closed_browsing_needs_a_login(serve):
    closed = Access(admin_user="admin", password_hash=ADMIN.password_hash, open_browsing=False)
    anonymous = serve(login=False, access=closed)
    assert_chinese_error(anonymous.get("/api/reports"), 401, "auth.required")
    page = anonymous.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login?next=")
    assert anonymous.get("/login").status_code == 200
    scripted = serve(access=closed)
    assert scripted.get("/api/reports").status_code == 200
