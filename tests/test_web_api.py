"""`pingcha serve`'s HTTP API, against the running server: the same JSON as the command line, byte for byte;
stable error bodies with JSON paths; limits on size and time; the token; nothing of a case in the log."""

from __future__ import annotations

import html
import io
import json
import socket
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import anyio
import docx
import httpx
import openpyxl
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT
from web_server import Server, running

from engine.casefile import casefile_json_schema
from engine.cli import main
from engine.rulebook import load_rulebook
from engine.web import Settings, create_app
from engine.web.limits import ApiError, run_limited
from engine.web.service import Engine

DRAFTS = ROOT / "casefiles" / "drafts"
EM03 = EXAMPLES / "em-03-discretion-and-deadlines.json"
DRAFT02 = DRAFTS / "draft-02-blocked.json"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(tmp_path_factory.mktemp("serve")) as started:
        yield started


def _cli(*args: str) -> str:
    return CliRunner().invoke(main, list(args)).stdout


def test_check_answers_what_check_format_json_prints(server: Server) -> None:
    answer = httpx.post(f"{server.url}/api/v1/check?as_of=2026-11-21", content=EM03.read_bytes())
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    expected = _cli("check", str(EM03), "--as-of", "2026-11-21", "--format", "json")
    # the same document; only the source differs (the request body, not a file)
    assert answer.text == expected.replace(json.dumps(str(EM03)), json.dumps("请求正文", ensure_ascii=False))
    document = answer.json()
    assert document["score"]["score"] == 88.0 and document["score"]["grade"] == "良好"
    assert [f["rule_id"] for f in document["findings"]] == [
        "decision-within-deadline",
        "decision-served-in-time",
        "level-matches-facts",
        "baseline-cited",
    ]


def test_review_answers_what_review_format_json_prints(server: Server) -> None:
    answer = httpx.post(f"{server.url}/api/v1/review?as_of=2026-10-08", content=DRAFT02.read_bytes())
    assert answer.status_code == 200
    expected = _cli("review", str(DRAFT02), "--as-of", "2026-10-08", "--format", "json")
    assert answer.text == expected.replace(json.dumps(str(DRAFT02)), json.dumps("请求正文", ensure_ascii=False))
    assert answer.json()["opinion"] == "不同意"


def test_explain_is_the_explain_document(server: Server) -> None:
    url = f"{server.url}/api/v1/check?as_of=2026-11-21&explain=decision-within-deadline"
    answer = httpx.post(url, content=EM03.read_bytes())
    rule = answer.json()["rules"][0]
    assert (rule["rule_id"], rule["outcome"], rule["message"]) == (
        "decision-within-deadline",
        "finding",
        "立案至作出决定用时 36 日，超过法定期限 30 日",
    )


def test_a_malformed_case_file_is_422_with_every_json_path(server: Server) -> None:
    body = (EXAMPLES / "malformed-10-fields.json").read_bytes()
    answer = httpx.post(f"{server.url}/api/v1/check?as_of=2026-11-21", content=body)
    assert answer.status_code == 422
    error = answer.json()
    assert (error["error"], error["file"], error["message"]) == (
        "casefile",
        "请求正文",
        "请求正文: 案卷不符合格式（4 处问题）",
    )
    assert [(p["json_path"], p["line"]) for p in error["problems"]] == [
        ("$.procedure", 8),
        ("$.party.kind", 15),
        ("$.events[1].date", 83),
        ("$.decision.penalty_amount", 252),
    ]
    assert error["problems"][1]["message"] == "缺少必填字段 kind（当事人类型）；应为 “个人” 或 “单位”"


def test_a_draft_sent_to_check_is_422_naming_the_status(server: Server) -> None:
    answer = httpx.post(f"{server.url}/api/v1/check?as_of=2026-10-08", content=DRAFT02.read_bytes())
    assert answer.status_code == 422
    assert answer.json()["error"] == "draft" and answer.json()["json_path"] == "$.decision.status"


def test_not_json_is_422_with_the_line(server: Server) -> None:
    answer = httpx.post(f"{server.url}/api/v1/check?as_of=2026-11-21", content=b'{"case_id": ')
    assert answer.status_code == 422
    (problem,) = answer.json()["problems"]
    assert (problem["json_path"], problem["code"]) == ("$", "invalid-json")
    assert problem["message"].startswith("不是有效的 JSON：文件没有写完（缺少结尾的 }、] 或引号）")


@pytest.mark.parametrize(
    ("query", "status", "error", "message"),
    [
        ("as_of=2026-13-01", 400, "parameter", "查询参数 as_of 应为 YYYY-MM-DD 格式的日期，实为“2026-13-01”"),
        ("as_of=2026-11-21&rulebook=../../etc", 400, "rulebook", "没有名为 ../../etc 的内置规则集"),
        ("as_of=2026-11-21&explain=no-such-rule", 422, "explain", None),
    ],
    ids=["bad-date", "rulebook-path-refused", "unknown-rule"],
)
def test_bad_requests_have_stable_bodies(
    server: Server, query: str, status: int, error: str, message: str | None
) -> None:
    answer = httpx.post(f"{server.url}/api/v1/check?{query}", content=EM03.read_bytes())
    assert (answer.status_code, answer.json()["error"]) == (status, error)
    if message:
        assert answer.json()["message"] == message


def test_a_body_over_the_limit_is_413(server: Server) -> None:
    answer = httpx.post(f"{server.url}/api/v1/check", content=b" " * (5 * 1024 * 1024 + 1))
    assert answer.status_code == 413
    assert answer.json() == {"error": "too-large", "limit_bytes": 5242880, "message": "请求超过大小上限 5242880 字节"}


def test_rulebooks_lists_the_bundled_profiles_compiled(server: Server) -> None:
    listing = httpx.get(f"{server.url}/api/v1/rulebooks").json()
    assert listing["default"] == "auto"
    names = [book["name"] for book in listing["rulebooks"]]
    assert names == [
        "ecology",
        "emergency",
        "jiangxi",
        "liaoning",
        "licensing",
        "market",
        "national",
        "public-security",
    ]
    emergency = listing["rulebooks"][1]
    assert emergency["content_hash"] == load_rulebook("emergency").content_hash
    assert emergency["domains"] == ["应急管理"]


def test_openapi_describes_the_api_with_the_case_file_schema(server: Server) -> None:
    document = httpx.get(f"{server.url}/api/v1/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert sorted(document["paths"]) == ["/api/v1/check", "/api/v1/review", "/api/v1/rulebooks"]
    assert document["components"]["schemas"]["CaseFile"] == casefile_json_schema()
    responses = document["paths"]["/api/v1/check"]["post"]["responses"]
    assert sorted(responses) == ["200", "400", "401", "413", "422", "504"]


def test_the_time_limit_answers_504() -> None:
    request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(settings=SimpleNamespace(time_limit=0.2))))

    async def slow() -> None:
        await run_limited(request, lambda: time.sleep(2))  # type: ignore[arg-type]

    with pytest.raises(ApiError) as raised:
        anyio.run(slow)
    assert raised.value.status == 504
    assert raised.value.body == {
        "error": "timeout",
        "limit_seconds": 0.2,
        "message": "评查未在 0.2 秒内完成（服务器的时间上限）",
    }


def test_the_opinion_docx_is_the_one_review_writes(server: Server, tmp_path: Path) -> None:
    written = tmp_path / "opinion.docx"
    CliRunner().invoke(main, ["review", str(DRAFT02), "--as-of", "2026-10-08", "--docx", str(written)])
    form = {"case_json": DRAFT02.read_text(encoding="utf-8"), "_as_of": "2026-10-08"}
    answer = httpx.post(f"{server.url}/opinion.docx", files={"x": ("", b"")}, data=form)
    assert answer.status_code == 200
    assert (
        "filename*=UTF-8''%E6%B3%95%E5%88%B6%E5%AE%A1%E6%A0%B8%E6%84%8F%E8%A7%81%E4%B9%A6"
        in answer.headers["content-disposition"]
    )
    assert answer.content == written.read_bytes()


def test_upload_of_a_decision_text_and_a_workbook(server: Server, tmp_path: Path) -> None:
    text = (ROOT / "casefiles" / "texts" / "mk-advert-2024.txt").read_bytes()
    page = httpx.post(f"{server.url}/upload", files={"file": ("决定书.txt", text)}, data={"_as_of": "2026-11-21"})
    assert page.status_code == 200
    assert "<h1>案卷评查结果</h1>" in page.text and "某区市监处罚〔2024〕18号" in page.text
    # a Word 决定书 whose agency level the text does not state: the form, the missing item listed and marked
    decision = docx.Document()
    for line in (ROOT / "casefiles" / "texts" / "eco-2022-confiscation.txt").read_text(encoding="utf-8").splitlines():
        decision.add_paragraph(line)
    saved = tmp_path / "决定书.docx"
    decision.save(str(saved))
    page = httpx.post(
        f"{server.url}/upload", files={"file": (saved.name, saved.read_bytes())}, data={"_as_of": "2026-11-21"}
    )
    assert page.status_code == 422
    assert "<li>行政执法机关层级（国家级、省级、设区的市级、县级、乡镇街道）</li>" in page.text
    marked = page.text.split('data-name="agency.level"', 1)[1].split("</div>", 1)[0]
    assert "缺少必填字段 level（层级）" in marked
    workbook = tmp_path / "cases.xlsx"
    CliRunner().invoke(main, ["export", str(EM03), str(EXAMPLES / "em-01-compliant.json"), "-o", str(workbook)])
    page = httpx.post(
        f"{server.url}/upload", files={"file": ("cases.xlsx", workbook.read_bytes())}, data={"_as_of": "2026-11-21"}
    )
    assert page.status_code == 200
    assert page.text.count("<h1>案卷评查结果</h1>") == 2
    # the 立案审批表 is not given: a range
    assert "开应急罚〔2025〕15号" in page.text and "得分 <strong>85—88</strong> / 100" in page.text


def test_batch_of_a_zip_gives_the_report(server: Server) -> None:
    chosen = ["em-01-compliant.json", "em-03-discretion-and-deadlines.json", "malformed-10-fields.json"]
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        for name in chosen:
            archive.write(EXAMPLES / name, f"案卷/{name}")
        archive.writestr("../../../outside.json", b"{}")  # never written outside the temporary folder
    started = httpx.post(
        f"{server.url}/batch", files={"file": ("cases.zip", packed.getvalue())}, data={"_as_of": "2026-11-21"}
    )
    assert started.status_code == 303
    job = started.headers["location"]
    for _ in range(600):
        page = httpx.get(f"{server.url}{job}")
        if "已完成" in page.text:
            break
        time.sleep(0.1)
    assert "已完成：4 件，无法评分 2 件。" in page.text
    workbook = openpyxl.load_workbook(io.BytesIO(httpx.get(f"{server.url}{job}/report.xlsx").content))
    assert "整改台账" in workbook.sheetnames
    html = httpx.get(f"{server.url}{job}/report.html").text
    assert "开应急罚〔2025〕15号" in html and "/tmp" not in html and str(server.tmp) not in html
    bulletin = docx.Document(io.BytesIO(httpx.get(f"{server.url}{job}/report.docx").content))
    assert bulletin.paragraphs[0].text.startswith("关于")
    assert list(server.tmp.iterdir()) == [] and not (server.tmp.parent / "outside.json").exists()


def test_uploads_leave_nothing_and_the_log_holds_no_case_data(server: Server) -> None:
    httpx.post(f"{server.url}/api/v1/check?as_of=2026-11-21", content=EM03.read_bytes())
    text = (ROOT / "casefiles" / "texts" / "mk-advert-2024.txt").read_bytes()
    httpx.post(f"{server.url}/upload", files={"file": ("决定书.txt", text)}, data={"_as_of": "2026-11-21"})
    time.sleep(0.5)
    assert list(server.tmp.iterdir()) == []
    log = server.log_text()
    assert 'POST /api/v1/check?as_of=2026-11-21 HTTP/1.1" 200' in log
    for private in ("开应急罚", "开原市某机械制造有限公司", "沈阳市某食品贸易有限公司", "case_id"):
        assert private not in log


def test_the_token_guards_the_api(tmp_path: Path) -> None:
    with running(tmp_path, "--token", "s3cret", "--rulebook", "emergency") as guarded:
        url = f"{guarded.url}/api/v1/check?as_of=2026-11-21"
        refused = httpx.post(url, content=EM03.read_bytes())
        assert refused.status_code == 401 and refused.json()["error"] == "token"
        wrong = httpx.post(url, content=EM03.read_bytes(), headers={"Authorization": "Bearer other"})
        assert wrong.status_code == 401
        allowed = httpx.post(url, content=EM03.read_bytes(), headers={"Authorization": "Bearer s3cret"})
        assert allowed.status_code == 200
        assert httpx.get(f"{guarded.url}/").status_code == 200  # the pages on this machine need no token


def test_serving_beyond_localhost_needs_a_token() -> None:
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "1"])
    assert result.exit_code == 2
    assert result.stderr == "在 0.0.0.0 上监听会让其他计算机访问：请同时用 --token 设置 API 访问令牌\n"


class _BrokenEngine(Engine):
    """An engine with a bug whose message carries case data."""

    def check(self, case, as_of, source, name=None):  # type: ignore[no-untyped-def]
        raise ValueError(f"bug while checking {case.party.name}")


@pytest.fixture(scope="module")
def broken() -> object:
    return create_app(Settings(rulebook="emergency"), _BrokenEngine("emergency"))


def _call(app: object, method: str, path: str, **kwargs: object) -> httpx.Response:
    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.request(method, path, **kwargs)  # type: ignore[arg-type]

    return anyio.run(call)


def test_a_bug_is_answered_in_chinese_and_logged_without_case_data(
    broken: object, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("ERROR", logger="pingcha.web"):
        answer = _call(broken, "POST", "/api/v1/check?as_of=2026-11-21", content=EM03.read_bytes())
        page = _call(
            broken, "POST", "/upload", files={"file": ("a.json", EM03.read_bytes())}, data={"_as_of": "2026-11-21"}
        )
    assert answer.status_code == 500
    assert answer.json() == {"error": "internal", "message": "服务器内部错误（已记录错误类型，未记录案卷内容）"}
    assert page.status_code == 500 and "服务器内部错误（已记录错误类型，未记录案卷内容）" in page.text
    assert page.headers["content-type"].startswith("text/html")
    assert [r.getMessage() for r in caplog.records] == [
        "内部错误 ValueError 于 POST /api/v1/check",
        "内部错误 ValueError 于 POST /upload",
    ]


def test_unknown_addresses_are_refused_in_chinese(broken: object) -> None:
    page = _call(broken, "GET", "/nowhere")
    assert page.status_code == 404 and "没有这个页面或接口" in page.text
    answer = _call(broken, "GET", "/api/v1/check")
    assert answer.status_code == 405
    assert answer.json() == {"error": "request", "message": "该地址不接受这种请求方法"}


def test_a_bad_date_on_a_page_is_named_in_chinese(broken: object) -> None:
    page = _call(broken, "POST", "/upload", files={"file": ("a.json", b"{}")}, data={"_as_of": "2026-02-30"})
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert "评查基准日（审核日）应为 YYYY-MM-DD 格式的日期，实为“2026-02-30”" in page.text


def test_an_upload_in_another_encoding_gets_the_command_line_message(server: Server, tmp_path: Path) -> None:
    legacy = tmp_path / "gbk.json"
    legacy.write_bytes(EM03.read_text(encoding="utf-8").encode("gbk"))
    printed = CliRunner().invoke(main, ["check", str(legacy), "--as-of", "2026-11-21"]).stderr
    problem = printed.splitlines()[1].strip()  # the line under the file's headline
    page = httpx.post(
        f"{server.url}/upload", files={"file": ("gbk.json", legacy.read_bytes())}, data={"_as_of": "2026-11-21"}
    )
    assert page.status_code == 422
    assert html.escape(problem, quote=False) in page.text


def test_the_rulebooks_are_compiled_once_when_the_server_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(Settings())

    def compile_again(name: str, problems: object = None) -> None:
        raise AssertionError(f"rulebook {name} compiled again")

    monkeypatch.setattr("engine.rulebook.load_rulebook", compile_again)
    for path in (EM03, EXAMPLES / "env-01-compliant-extension-2024.json", EXAMPLES / "em-01-compliant.json"):
        answer = _call(app, "POST", "/api/v1/check?as_of=2026-11-21", content=path.read_bytes())
        assert answer.status_code == 200, answer.text
    assert (
        _call(app, "POST", "/api/v1/check?as_of=2026-11-21&rulebook=national", content=EM03.read_bytes()).json()[
            "rulebook"
        ]["name"]
        == "national"
    )


@pytest.mark.parametrize(
    ("case_type", "title", "field"),
    [
        ("行政处罚", "填写行政处罚案卷", 'name="violation.description"'),
        ("行政检查", "填写行政检查案卷", 'name="matter"'),
        ("行政强制执行", "填写行政强制执行案卷", 'name="executed_decision.obligation"'),
    ],
)
def test_the_form_of_every_case_type(server: Server, case_type: str, title: str, field: str) -> None:
    page = httpx.get(f"{server.url}/form", params={"case_type": case_type})
    assert page.status_code == 200
    assert f"<h1>{title}</h1>" in page.text and field in page.text


def test_a_decided_case_sent_to_review_is_422(server: Server) -> None:
    answer = httpx.post(f"{server.url}/api/v1/review?as_of=2026-11-21", content=EM03.read_bytes())
    assert answer.status_code == 422 and answer.json()["error"] == "review"


def test_pages_and_assets_fetch_nothing_from_the_internet() -> None:
    shipped = [*(ROOT / "engine" / "web" / "templates").iterdir(), *(ROOT / "engine" / "web" / "static").iterdir()]
    assert len(shipped) >= 10
    for path in shipped:
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, path.name


def test_a_port_in_use_is_said_in_chinese() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port), "--rulebook", "emergency"])
    assert result.exit_code == 2
    assert result.stderr == f"无法在 127.0.0.1:{port} 上监听：端口 {port} 已被占用（请用 --port 换一个端口）\n"
