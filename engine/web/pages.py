"""The workbench's case pages: upload a case file (JSON, workbook, 决定书) or fill in the form (problems beside
the fields), see the result or the draft review, download the 法制审核意见书 or the case file."""

from __future__ import annotations

import datetime as dt
import json
from functools import partial
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from ..errors import CaseFileError
from ..review.docx import opinion_document
from . import form
from .common import Options, attachment, engine_of, error_page, page, part_limit, problem_lines
from .limits import ApiError, run_limited
from .service import Engine, Upload, document_of, is_draft, read_upload
from .views import check_view, review_view

FORM_FIELDS = 20_000  # a case file with many events and documents has thousands of inputs
MAX_ROWS = 500  # rows of one repeat the form shows (a request cannot make the server build a huge form)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def index(request: Request) -> Response:
    engine = engine_of(request)
    return page(
        "index.html.j2",
        case_types=form.case_types(engine.schema),
        profiles=engine.listing(),
        today=dt.date.today().isoformat(),
    )


async def upload(request: Request) -> Response:
    """POST /upload: a case file, workbook or 决定书 → its result, its review, or the form with its problems."""
    async with request.form(max_files=1, max_fields=10) as values:
        options = Options(values)
        sent = values.get("file")
        if not isinstance(sent, UploadFile) or not sent.filename:
            return page("error.html.j2", 400, message="请选择要上传的文件", problems=[])
        name, data = sent.filename, await sent.read()
    try:
        uploaded = await run_limited(request, lambda: read_upload(name, data))
        return await _outcomes(request, uploaded, options)
    except ApiError as exc:
        return error_page(exc)


async def _outcomes(request: Request, uploaded: Upload, options: Options) -> Response:
    engine = engine_of(request)
    if len(uploaded.cases) == 1 and not uploaded.problems:
        source, text = uploaded.cases[0]
        return await _one(request, source, text, options, uploaded.missing)
    sections = []
    for source, text in uploaded.cases:
        try:
            sections.append(await run_limited(request, partial(_evaluate, engine, source, text, options)))
        except ApiError as exc:
            sections.append(
                {
                    "kind": "error",
                    "source": source,
                    "message": exc.body["message"],
                    "problems": problem_lines(exc.body),
                }
            )
    return page("results.html.j2", sections=sections, problems=uploaded.problems, options=options.hidden())


def _evaluate(engine: Engine, source: str, data: str | bytes, options: Options) -> dict[str, Any]:
    """One case file checked (decided) or reviewed (a draft): what the result or review page shows."""
    case = engine.parse(data, source, options.as_of)
    text = data if isinstance(data, str) else data.decode("utf-8-sig")  # read above: it is UTF-8
    if is_draft(case):
        result = engine.review(case, options.as_of, options.decision_date, source, options.rulebook)
        title = engine.rulebook_for(case, options.rulebook).title
        return {"kind": "review", "view": review_view(result, title), "case_json": text}
    outcome = engine.check(case, options.as_of, source, options.rulebook)
    explained = engine.explained(case, options.as_of, source, options.rulebook)
    return {"kind": "check", "view": check_view(outcome, explained), "case_json": text}


async def _one(request: Request, source: str, text: str | bytes, options: Options, missing: dict[str, str]) -> Response:
    """One case: its result page, or the form filled in with it and each problem beside its field."""
    engine = engine_of(request)
    try:
        outcome = await run_limited(request, lambda: _evaluate(engine, source, text, options))
    except ApiError as exc:
        document = document_of(text)
        if "problems" in exc.body and document and document.get("case_type") in form.case_types(engine.schema):
            problems = [(p["json_path"], p["message"]) for p in exc.body["problems"]]
            headline = str(exc.body["message"]).split(": ", 1)[-1]
            return _form_page(engine, document, form.rows_of(document), options, (headline, problems), missing, 422)
        return error_page(exc)
    return page("results.html.j2", sections=[outcome], problems=[], options=options.hidden())


def _form_page(
    engine: Engine,
    document: dict[str, Any],
    rows: dict[str, int],
    options: Options | None,
    problems: tuple[str, list[tuple[str, str]]] | None = None,
    missing: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    root = form.build(engine.schema, str(document["case_type"]), rows)
    known = set(form.names(root))
    errors: dict[str, list[str]] = {}
    headline, found = problems or ("", [])
    for json_path, message in found:
        name = json_path.removeprefix("$").removeprefix(".")
        if name in known:
            errors.setdefault(name, []).append(message)
        else:
            errors.setdefault("$", []).append(f"{json_path}：{message}")  # no field of the form: listed on top
    return page(
        "form.html.j2",
        status,
        root=root,
        document=document,
        errors=errors,
        headline=headline,
        missing=missing or {},
        shown=form.shown,
        filled=form.filled,
        options=options.hidden()
        if options
        else {"_as_of": dt.date.today().isoformat(), "_decision_date": "", "_rulebook": ""},
        profiles=engine.listing(),
        case_types=form.case_types(engine.schema),
    )


async def form_new(request: Request) -> Response:
    engine = engine_of(request)
    case_type = request.query_params.get("case_type") or form.case_types(engine.schema)[0]
    if case_type not in form.case_types(engine.schema):
        return page("error.html.j2", 404, message=f"没有“{case_type}”这种案卷", problems=[])
    document = {"case_type": case_type}
    return _form_page(engine, document, {}, None)


async def form_submit(request: Request) -> Response:
    """POST /form: add a row, or check the case the form makes (problems shown beside their fields)."""
    engine = engine_of(request)
    async with request.form(max_files=0, max_fields=FORM_FIELDS, max_part_size=part_limit(request)) as values:
        options = Options(values)  # a bad date: ApiError, the error page (engine.web.app)
        given = {key: [str(v) for v in values.getlist(key)] for key in values}
    case_type = (given.get("case_type") or [""])[0]
    if case_type not in form.case_types(engine.schema):
        return page("error.html.j2", 400, message="表单缺少案件类型", problems=[])
    rows = {
        key.removeprefix("_rows."): min(int(v[0]), MAX_ROWS)
        for key, v in given.items()
        if key.startswith("_rows.") and v[0].isdigit()
    }
    document = form.read(form.build(engine.schema, case_type, rows), given)
    action = (given.get("_action") or ["check"])[0]
    if action.startswith("add:"):
        rows = form.rows_of(document)
        rows[action[4:]] = min(rows.get(action[4:], 0) + 1, MAX_ROWS)
        return _form_page(engine, document, rows, options)
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return await _one(request, "表单", text, options, {})


async def form_edit(request: Request) -> Response:
    """POST /form/edit: a case file's JSON (from a result page) in the form."""
    engine = engine_of(request)
    async with request.form(max_files=0, max_fields=10, max_part_size=part_limit(request)) as values:
        options = Options(values)
        document = document_of(str(values.get("case_json") or ""))
    if not document or document.get("case_type") not in form.case_types(engine.schema):
        return page("error.html.j2", 400, message="不是可以在表单中修改的案卷", problems=[])
    return _form_page(engine, document, form.rows_of(document), options)


async def opinion(request: Request) -> Response:
    """POST /opinion.docx: the 法制审核意见书 of the draft on the review page."""
    engine = engine_of(request)
    async with request.form(max_files=0, max_fields=10, max_part_size=part_limit(request)) as values:
        options = Options(values)
        text = str(values.get("case_json") or "")

    def work() -> tuple[str, bytes]:
        case = engine.parse(text, "草案", options.as_of)
        result = engine.review(case, options.as_of, options.decision_date, "草案", options.rulebook)
        return result.case_id, opinion_document(result)

    try:
        case_id, data = await run_limited(request, work)
    except ApiError as exc:
        return error_page(exc)
    return attachment(data, DOCX, f"法制审核意见书-{case_id}.docx")


async def case_download(request: Request) -> Response:
    """POST /case.json: the case file a page shows (a form filled in, a 决定书 extracted) to keep."""
    async with request.form(max_files=0, max_fields=10, max_part_size=part_limit(request)) as values:
        text = str(values.get("case_json") or "")
    engine = engine_of(request)
    try:
        case = engine.parse(text, "案卷", dt.date.max)
    except CaseFileError as exc:
        return page("error.html.j2", 422, message=exc.headline(), problems=[p.render() for p in exc.problems])
    return attachment((text.rstrip("\n") + "\n").encode(), "application/json", f"{case.case_id}.json")


routes = [
    Route("/", index),
    Route("/upload", upload, methods=["POST"]),
    Route("/form", form_new, methods=["GET"]),
    Route("/form", form_submit, methods=["POST"]),
    Route("/form/edit", form_edit, methods=["POST"]),
    Route("/opinion.docx", opinion, methods=["POST"]),
    Route("/case.json", case_download, methods=["POST"]),
]
