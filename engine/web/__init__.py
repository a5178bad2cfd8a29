"""`pingcha serve`: a local web workbench for reviewers (upload or fill in a case file, see the result or the
draft review, download the 法制审核意见书, run a batch) and an HTTP API for 办案系统 (`/api/v1/check`,
`/api/v1/review`), on Starlette and uvicorn. Every page and asset ships in the package: nothing is fetched
from the internet."""

from .app import Settings, create_app

__all__ = ["Settings", "create_app"]
