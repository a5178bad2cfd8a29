"""The workbench's batch pages: upload a zip of case files or a workbook, watch the progress, download the
report (engine.web.jobs runs `pingcha batch` and `pingcha report`)."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import jobs
from .common import Options, attachment, engine_of, error_page, page
from .limits import ApiError, run_limited


async def batch_start(request: Request) -> Response:
    settings = request.app.state.settings
    async with request.form(max_files=1, max_fields=10) as values:
        options = Options(values)
        sent = values.get("file")
        if not isinstance(sent, UploadFile) or not sent.filename:
            return page("error.html.j2", 400, message="请选择 .zip 或 .xlsx 文件", problems=[])
        name, data = sent.filename, await sent.read()
    engine = engine_of(request)
    jobs_of_server: jobs.Jobs = request.app.state.jobs

    def start() -> jobs.Job:
        if options.rulebook:
            engine.check_profile(options.rulebook)
        return jobs_of_server.start(name, data, options.as_of, options.rulebook or "auto", settings.upload_limit)

    try:
        job = await run_limited(request, start)
    except ApiError as exc:
        return error_page(exc)
    return RedirectResponse(f"/batch/{job.id}", 303)


async def batch_page(request: Request) -> Response:
    job = request.app.state.jobs.get(request.path_params["job"])
    if job is None:
        return page("error.html.j2", 404, message="没有这项批量评查（服务器重启后不再保留）", problems=[])
    return page("batch.html.j2", job=job, outputs=jobs.OUTPUTS)


async def batch_output(request: Request) -> Response:
    job = request.app.state.jobs.get(request.path_params["job"])
    name = request.path_params["name"]
    if job is None or name not in job.outputs:
        return page("error.html.j2", 404, message="没有这份报告", problems=[])
    return attachment(job.outputs[name], jobs.OUTPUTS[name], name)


routes = [
    Route("/batch", batch_start, methods=["POST"]),
    Route("/batch/{job}", batch_page),
    Route("/batch/{job}/{name}", batch_output),
]
