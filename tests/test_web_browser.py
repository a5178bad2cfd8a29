"""The workbench in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright's Python API
pointed at that executable (never `playwright install`, which downloads). Upload → result → print to A4;
a draft → review → the 法制审核意见书 downloaded; the form with a deliberate error shown beside its field;
a batch from a zip to the downloaded report."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pypdfium2
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT
from web_server import Server, running

from engine.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian package `chromium` is not installed (apt-get install chromium)"
)
EM03 = EXAMPLES / "em-03-discretion-and-deadlines.json"
DRAFT02 = ROOT / "casefiles" / "drafts" / "draft-02-blocked.json"
# what an official must never read: rule ids, JSON paths, fact and parameter names
TECHNICAL = re.compile(r"\b[a-z]+(?:-[a-z]+){2,}\b|\$\.|\b(?:derived|param|date|decision|case)\.[\w\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(tmp_path_factory.mktemp("serve")) as started:
        yield started


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--lang=zh-CN"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()


def _upload(page: Any, server: Server, path: Path, as_of: str) -> None:
    page.goto(server.url + "/")
    page.set_input_files("#upload input[type=file]", str(path))
    page.fill("#upload input[name=_as_of]", as_of)
    page.click("#upload button[type=submit]")
    page.wait_for_load_state()


def test_upload_shows_the_result_by_family_in_officials_words(page: Any, server: Server, tmp_path: Path) -> None:
    _upload(page, server, EM03, "2026-11-21")
    assert page.title() == "评查结果 · pingcha"
    assert [line for line in page.inner_text("#score").splitlines() if line][:2] == ["得分 85—88 / 100", "等次：良好"]
    assert page.locator("section.family h3").all_inner_texts() == ["时限（2 项）", "裁量基准（2 项）"]
    first = page.locator("li.finding").first.inner_text()
    assert "超过办案期限作出处罚决定 扣 5 分（内容）" in first
    assert "立案至作出决定用时 36 日，超过法定期限 30 日" in first
    assert "依据：《行政处罚法》（2021）第60条；《安全生产违法行为行政处罚办法》（2015）第31条" in first
    assert "立案日期（首次）：2025-03-11" in first  # the facts the rule read
    text = page.inner_text("main")
    assert TECHNICAL.findall(text) == []
    pdf = tmp_path / "result.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)  # the page's own @page size
    printed = pypdfium2.PdfDocument(pdf)
    assert {tuple(round(x) for x in p.get_size()) for p in printed} == {(595, 842)}
    assert 1 <= len(printed) <= 4
    words = "".join(re.sub(r"\s+", "", p.get_textpage().get_text_range()) for p in printed)
    assert "得分85—88/100" in words and "在表单中修改" not in words  # buttons are not printed


def test_undetermined_items_say_what_would_decide_them(page: Any, server: Server) -> None:
    _upload(page, server, EXAMPLES / "em-06-open-2026.json", "2026-11-21")
    assert "得分 90—100 / 100" in page.inner_text("#score")
    first = page.locator("li.undetermined").first.inner_text()
    assert "超过办案期限作出处罚决定" in first
    assert "缺少数据：适用的办案期限（日）" in first and "derived." not in first
    assert "需查明：办案期限（日，自立案之日起）、应急管理部令第18号的办案期限（日）" in first


def test_a_draft_is_reviewed_and_its_opinion_downloaded(page: Any, server: Server, tmp_path: Path) -> None:
    _upload(page, server, DRAFT02, "2026-10-08")
    assert page.title() == "法制审核 · pingcha"
    assert page.inner_text("#opinion").startswith("审核意见：不同意")
    assert "市场监督管理行政处罚案卷评查规则集（2026.11.0）" in page.inner_text("table.facts")
    assert "market" not in page.inner_text("main")
    assert "一、不得作出决定的障碍（5 项）" in page.inner_text("main")
    assert "听证申请期限：自告知听证权利日期 2026-09-30 起 5 个工作日，届满日 2026-10-13，剩余 5 日" in page.inner_text(
        "main"
    )
    assert page.inner_text("#fit").startswith("草案：一般，罚款 20000 元")
    assert TECHNICAL.findall(page.inner_text("main")) == []
    with page.expect_download() as caught:
        page.click("text=下载法制审核意见书（Word）")
    download = caught.value
    assert download.suggested_filename == "法制审核意见书-沈和市监罚〔2026〕35号.docx"
    written = tmp_path / "cli.docx"
    CliRunner().invoke(main, ["review", str(DRAFT02), "--as-of", "2026-10-08", "--docx", str(written)])
    assert Path(download.path()).read_bytes() == written.read_bytes()
    paragraphs = [p.text for p in docx.Document(download.path()).paragraphs]
    assert paragraphs[0] == "法制审核意见书" and "二、审核意见：不同意" in paragraphs


def test_the_form_shows_a_problem_beside_its_field_then_checks(page: Any, server: Server) -> None:
    page.goto(server.url + "/form?case_type=行政处罚")
    assert page.title() == "填写案卷 · pingcha"
    page.fill("input[name=_as_of]", "2026-11-21")
    page.fill("[name=case_id]", "测试罚〔2026〕1号")
    page.fill('[name="agency.name"]', "某县应急管理局")
    page.fill('[name="agency.domain"]', "应急管理")
    page.select_option('[name="agency.level"]', "县级")
    page.fill('[name="party.name"]', "某有限公司")  # the deliberate error: 当事人类型 left empty
    page.fill('[name="violation.description"]', "未如实记录安全生产教育和培训情况")
    page.click("text=增加一项程序环节")
    page.select_option('[name="events[0].type"]', "立案")
    assert page.get_attribute('[name="events[0].date"]', "type") == "date"
    page.fill('[name="events[0].date"]', "2026-03-02")
    page.click("button[value=check]")
    page.wait_for_load_state()
    assert page.inner_text("#problems").startswith("案卷不符合格式（1 处问题），已在相应栏目旁标出。")
    beside = page.locator('[data-name="party.kind"] .field-error').inner_text()
    assert beside == "缺少必填字段 kind（当事人类型）；应为 “个人” 或 “单位”"
    assert page.input_value('[name="events[0].date"]') == "2026-03-02"  # what was typed is kept
    page.select_option('[name="party.kind"]', "单位")
    page.click("button[value=check]")
    page.wait_for_load_state()
    assert page.title() == "评查结果 · pingcha"
    assert "测试罚〔2026〕1号" in page.inner_text("table.facts")
    assert "未发现问题。" in page.inner_text("main")


def test_a_date_after_the_review_date_is_shown_beside_the_date(page: Any, server: Server) -> None:
    _upload(page, server, EM03, "2025-04-15")
    assert page.title() == "填写案卷 · pingcha"
    assert page.inner_text("#problems").startswith("案卷中有 11 个日期晚于评查基准日 2025-04-15（")
    beside = page.locator('[data-name="events[5].date"] .field-error').inner_text()
    assert beside.startswith("“决定”日期晚于评查基准日；应为 不晚于评查基准日 2025-04-15 的日期")


def test_a_batch_runs_with_progress_to_the_report(page: Any, server: Server, tmp_path: Path) -> None:
    packed = tmp_path / "cases.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        for name in ("em-01-compliant.json", "em-03-discretion-and-deadlines.json"):
            archive.write(EXAMPLES / name, name)
    page.goto(server.url + "/")
    page.set_input_files("#batch input[type=file]", str(packed))
    page.fill("#batch input[name=_as_of]", "2026-11-21")
    page.click("#batch button[type=submit]")
    page.wait_for_selector("text=已完成：2 件，无法评分 0 件。", timeout=60_000)
    with page.expect_download() as caught:
        page.click("text=整改台账（XLSX）")
    workbook = openpyxl.load_workbook(io.BytesIO(Path(caught.value.path()).read_bytes()))
    assert "整改台账" in workbook.sheetnames
