"""The workspace's own pages over HTTP (no browser): the corpus list, login, logout,
delete, the configuration file and the `fazhi passwd` command."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from fastapi.testclient import TestClient

from fazhi.errors import FazhiError
from fazhi.store import Store
from fazhi.web import create_app
from fazhi.web.access import Access, hash_password, load_access, save_password, verify_password

PASSWORD = "页面-test-1"
ADMIN = Access(admin_user="admin", password_hash=hash_password(PASSWORD))


def report(county: str, year: int, extra: str = "") -> bytes:
    return (
        f"{county}人民政府关于{year}年度法治政府建设情况的报告\n\n"
        "一、主要举措和成效\n"
        f"（一）行政复议。全年办理行政复议案件 {year - 1900} 件。{extra}\n"
        "二、存在的不足和原因\n执法培训不足，原因是经费有限。\n"
        "三、下一年度工作安排\n继续推进。\n"
        f"{county}人民政府\n{year + 1}年2月1日\n"
    ).encode()


@pytest.fixture
def client(store: Store) -> TestClient:
    return TestClient(create_app(store, access=ADMIN))


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def log_in(client: TestClient) -> str:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": "admin", "password": PASSWORD, "csrf": token, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return csrf_of(client.get("/").text)


def test_the_corpus_page_lists_filters_and_searches(client, store):
    for county, year in (("甲县", 2022), ("乙县", 2023), ("丙县", 2023)):
        store.add(
            report(county, year, "推进府院联动。" if county == "乙县" else ""), f"{county}.txt"
        )
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.text.count('href="/reports/') == 3
    only_2023 = client.get("/", params={"year": "2023"}).text
    assert "甲县" not in only_2023 and "乙县" in only_2023 and "丙县" in only_2023
    found = client.get("/", params={"q": "府院联动"}).text
    assert "1 份报告含有" in found and "<mark>府院联动</mark>" in found
    nothing = client.get("/", params={"q": "不存在的词语"}).text
    assert "没有报告含有" in nothing
    bad = client.get("/", params={"year": "去年"})
    assert bad.status_code == 400 and "应为整数" in bad.text and "<!doctype html>" in bad.text


def test_an_empty_corpus_says_what_to_do(client):
    page = client.get("/").text
    assert "报告库还是空的" in page and "fazhi ingest" in page
    assert "以管理员身份登录" in page  # and the upload box is not there for a stranger
    assert 'id="dropzone"' not in page


def test_login_logout_and_a_wrong_password(client):
    token = csrf_of(client.get("/login").text)
    wrong = client.post(
        "/login", data={"username": "admin", "password": "x", "csrf": token, "next": "/"}
    )
    assert wrong.status_code == 401 and "用户名或密码不对" in wrong.text
    no_token = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert no_token.status_code == 403 and "表单已过期" in no_token.text
    token = log_in(client)
    page = client.get("/").text
    assert "管理员：admin" in page and 'id="dropzone"' in page
    cookie = client.cookies.get("fazhi_session")
    assert cookie
    out = client.post("/logout", data={"csrf": token}, follow_redirects=False)
    assert out.status_code == 303
    assert "管理员：admin" not in client.get("/").text


def test_the_session_cookie_is_httponly_strict_and_secure_over_https(store):
    plain = TestClient(create_app(store, access=ADMIN))
    cookie = plain.get("/login").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
    tls = TestClient(create_app(store, access=ADMIN), base_url="https://testserver")
    assert "secure" in tls.get("/login").headers["set-cookie"].lower()


def test_a_next_address_never_leaves_the_site(client):
    token = csrf_of(client.get("/login").text)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(
            "/login",
            data={"username": "admin", "password": PASSWORD, "csrf": token, "next": target},
            follow_redirects=False,
        )
        assert response.headers["location"] == "/"
        token = csrf_of(client.get("/").text)


def test_delete_needs_the_administrator_and_the_token(client, store):
    saved = store.add(report("甲县", 2023), "甲县.txt")
    refused = client.post(f"/reports/{saved.document_id}/delete", data={"csrf": "x"})
    assert refused.status_code == 401 and store.count() == 1
    token = log_in(client)
    forged = client.post(f"/reports/{saved.document_id}/delete", data={"csrf": "forged"})
    assert forged.status_code == 403 and store.count() == 1
    done = client.post(
        f"/reports/{saved.document_id}/delete", data={"csrf": token}, follow_redirects=False
    )
    assert done.status_code == 303 and store.count() == 0
    assert "已删除编号为" in client.get(done.headers["location"]).text
    gone = client.post(f"/reports/{saved.document_id}/delete", data={"csrf": token})
    assert gone.status_code == 404 and "没有编号为" in gone.text


def test_plotly_is_served_by_the_app_with_a_long_cache(client):
    page = client.get("/compare").text
    src = re.search(r'<script src="(/static/vendor/plotly-[^"]+\.min\.js)"', page).group(1)
    script = client.get(src)
    assert script.status_code == 200 and len(script.content) > 1_000_000
    assert "immutable" in script.headers["cache-control"]
    assert script.headers["content-type"].startswith("text/javascript")


def test_configuration_file_round_trip(tmp_path):
    path = tmp_path / "conf" / "web.yaml"
    save_password("审查员", "a-long-password", path)
    access = load_access(path)
    assert access.admin_user == "审查员" and access.can_log_in and access.open_browsing
    assert access.check("审查员", "a-long-password") and not access.check("审查员", "wrong")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "a-long-password" not in path.read_text(encoding="utf-8")
    assert verify_password("a-long-password", data["password_hash"])
    # other settings survive a new password; the sessions of the old one end
    data["open_browsing"] = False
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    old = load_access(path)
    session = old.new_session("审查员")
    save_password("审查员", "another-password", path)
    new = load_access(path)
    assert new.open_browsing is False
    assert old.decode(old.encode(session)) is not None
    assert new.decode(old.encode(session)) is None


def test_a_broken_configuration_names_the_file(tmp_path):
    path = tmp_path / "web.yaml"
    path.write_text("open_browsing: maybe\n", encoding="utf-8")
    with pytest.raises(FazhiError, match=r"web\.yaml.*open_browsing"):
        load_access(path)
    path.write_text("passwrd: x\n", encoding="utf-8")
    with pytest.raises(FazhiError, match="无法识别的设置：passwrd"):
        load_access(path)
    with pytest.raises(FazhiError, match="找不到配置文件"):
        load_access(tmp_path / "missing.yaml")


def test_a_forged_or_expired_session_is_anonymous():
    session = ADMIN.new_session("admin")
    cookie = ADMIN.encode(session)
    assert ADMIN.decode(cookie).user == "admin"
    body, signature = cookie.rsplit(".", 1)
    assert ADMIN.decode(body + "." + signature[::-1]) is None
    other = Access(admin_user="admin", password_hash=ADMIN.password_hash)
    assert other.decode(cookie) is None  # another secret
    from dataclasses import replace

    expired = replace(session, expires=1)
    assert ADMIN.decode(ADMIN.encode(expired)) is None


def test_passwd_command(tmp_path):
    path = tmp_path / "web.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "fazhi.cli", "passwd", "--config", str(path), "--password-stdin"],
        input="long-enough-1\n",
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert load_access(path).check("admin", "long-enough-1")
    short = subprocess.run(
        [sys.executable, "-m", "fazhi.cli", "passwd", "--config", str(path), "--password-stdin"],
        input="short\n",
        capture_output=True,
        text=True,
    )
    assert short.returncode == 2 and "至少 8 个字符" in short.stderr


def test_non_ascii_tokens_and_names_are_refused_not_errors(client):
    token = csrf_of(client.get("/login").text)
    wrong_name = client.post(
        "/login", data={"username": "管理员", "password": PASSWORD, "csrf": token, "next": "/"}
    )
    assert wrong_name.status_code == 401
    forged = client.post("/login", data={"username": "admin", "csrf": "令牌"})
    assert forged.status_code == 403
    client.cookies.set("fazhi_session", "bm90LWpzb24.c2ln")
    assert client.get("/").status_code == 200


def test_download_names_have_an_ascii_fallback_with_the_suffix():
    from fazhi.web.api import content_disposition

    header = content_disposition("江安县人民政府_审查意见.docx")
    assert 'filename="download.docx"' in header
    assert "filename*=UTF-8''%E6%B1%9F" in header
    assert 'filename="report_1.pdf"' in content_disposition("report 1.pdf")


# -- found by the security review ----------------------------------------------------------


def test_the_corpus_page_masks_personal_data_in_names_and_titles(client, store):
    store.add("随便写点什么。".encode(), "联系人13812345678.txt")
    store.add("关于手机13812345678的报告\n\n正文".encode(), "b.txt")
    for page in (client.get("/"), client.get("/", params={"q": "正文"})):
        assert page.status_code == 200
        assert "13812345678" not in page.text
        assert "138****5678" in page.text


def test_a_wrong_basic_header_does_not_switch_off_the_csrf_check(client, store):
    import base64

    saved = store.add(report("甲县", 2023), "甲县.txt")
    log_in(client)
    bad = {"Authorization": "Basic " + base64.b64encode(b"nobody:wrong").decode()}
    refused = client.post(f"/reports/{saved.document_id}/delete", headers=bad)
    assert refused.status_code == 403 and store.count() == 1
    upload = client.post(
        "/api/reports", files={"files": ("x.txt", report("乙县", 2023))}, headers=bad
    )
    assert upload.status_code == 403 and store.count() == 1


def test_only_the_upload_may_send_a_large_body(client):
    token = csrf_of(client.get("/login").text)
    big = {"username": "admin", "password": "x" * 300_000, "csrf": token}
    response = client.post("/login", data=big)
    assert response.status_code == 413


def test_odd_filters_are_refused_in_chinese(client):
    assert client.get("/", params={"year": "9" * 30}).status_code == 400
    long = client.get("/", params={"issuer": "县" * 500})
    assert long.status_code == 400 and "过长" in long.text
    shown = client.get("/", params={"deleted": "伪造的消息"}).text
    assert "伪造的消息" not in shown


def test_closed_browsing_closes_the_api_documentation_too(store):
    closed = Access(admin_user="admin", password_hash=ADMIN.password_hash, open_browsing=False)
    client = TestClient(create_app(store, access=closed))
    assert client.get("/openapi.json").status_code == 401
    assert client.get("/docs/openapi-3.0.json").status_code == 401
    docs = client.get("/docs", follow_redirects=False)
    assert docs.status_code == 303 and docs.headers["location"].startswith("/login")


def test_logging_out_ends_the_session_for_every_copy_of_the_cookie(client):
    token = log_in(client)
    copied = client.cookies.get("fazhi_session")
    client.post("/logout", data={"csrf": token})
    thief = TestClient(client.app)
    thief.cookies.set("fazhi_session", copied)
    assert "管理员：admin" not in thief.get("/").text


def test_password_guessing_is_slowed_down(client):
    token = csrf_of(client.get("/login").text)
    form = {"username": "admin", "password": "wrong", "csrf": token, "next": "/"}
    for _ in range(5):
        assert client.post("/login", data=form).status_code == 401
    throttled = client.post("/login", data={**form, "password": PASSWORD})
    assert throttled.status_code == 429 and "次数过多" in throttled.text


def test_answers_are_not_cached_and_file_names_lose_bidi_controls(client):
    from fazhi.web.uploads import clean_name

    assert client.get("/api/reports").headers["cache-control"] == "no-store"
    assert client.get("/").headers["cache-control"] == "no-store"
    assert clean_name("报告\u202etxt.exe") == "报告txt.exe"
