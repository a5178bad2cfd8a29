"""The API's OpenAPI 3.1 description, built from the case-file JSON Schema the engine exports (so a new case
type or field appears here by itself)."""

from __future__ import annotations

from typing import Any

from .. import __version__

_JSON = "application/json"

_ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {
            "type": "string",
            "description": "机器可读的错误类别：casefile、draft、review、explain、rulebook、parameter、token、"
            "too-large、timeout、internal",
        },
        "message": {"type": "string", "description": "中文说明"},
        "file": {"type": "string"},
        "json_path": {"type": "string", "description": "问题所在的 JSON 路径（如 $.decision.status）"},
        "problems": {
            "type": "array",
            "description": "案卷不符合格式时的每一处问题",
            "items": {
                "type": "object",
                "required": ["json_path", "code", "message"],
                "properties": {
                    "json_path": {"type": "string"},
                    "line": {"type": ["integer", "null"]},
                    "code": {"type": "string"},
                    "expected": {"type": "string"},
                    "found": {"type": ["string", "null"]},
                    "help": {"type": ["string", "null"]},
                    "message": {"type": "string"},
                },
            },
        },
    },
}

_RESPONSES = {
    "400": "查询参数有误，或请求指定的规则集不存在",
    "401": "设置了访问令牌而请求未携带或不符",
    "413": "请求超过大小上限",
    "422": "案卷不符合格式（problems 逐项给出 JSON 路径）、决定草案送评查、案卷不能审核等",
    "504": "评查超过服务器的时间上限",
}


def _parameter(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


_DATE = {"type": "string", "format": "date"}
_AS_OF = _parameter("as_of", "评查基准日（审核日），默认服务器的今天；请固定以得到可重复的结果", _DATE)
_RULEBOOK = _parameter(
    "rulebook", "内置规则集名称（见 /api/v1/rulebooks）；默认服务器启动时的规则集", {"type": "string"}
)
_EXPLAIN = _parameter("explain", "规则编号或 all：返回 --explain 的说明文档", {"type": "string"})


def _operation(summary: str, description: str, parameters: list[dict[str, Any]], result: str) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": result, "content": {_JSON: {"schema": {"type": "object"}}}}}
    for status, text in _RESPONSES.items():
        responses[status] = {
            "description": text,
            "content": {_JSON: {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    return {
        "summary": summary,
        "description": description,
        "parameters": parameters,
        "requestBody": {"required": True, "content": {_JSON: {"schema": {"$ref": "#/components/schemas/CaseFile"}}}},
        "responses": responses,
        "security": [{}, {"token": []}],
    }


def openapi_document(casefile_schema: dict[str, Any]) -> dict[str, Any]:
    check = _operation(
        "评查一份已作出决定的案卷",
        "返回与 pingcha check --format json 相同的结果文档；决定草案（decision.status 为“拟作出”）返回 422 draft。",
        [_AS_OF, _RULEBOOK, _EXPLAIN],
        "评查结果（问题、无法判定、得分区间与等次）",
    )
    review = _operation(
        "法制审核一份决定草案",
        "返回与 pingcha review --format json 相同的审核文档：障碍、期限、裁量、审核意见。",
        [
            _AS_OF,
            _parameter("decision_date", "拟作出决定的日期（默认草案载明的日期，否则审核日）", _DATE),
            _RULEBOOK,
            _EXPLAIN,
        ],
        "审核结果",
    )
    listing = {
        "summary": "内置规则集",
        "responses": {
            "200": {"description": "名称、版本、内容哈希、执法领域", "content": {_JSON: {"schema": {"type": "object"}}}}
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "pingcha 评查 API",
            "version": __version__,
            "description": "行政执法案卷评查与决定草案法制审核。",
        },
        "paths": {
            "/api/v1/check": {"post": check},
            "/api/v1/review": {"post": review},
            "/api/v1/rulebooks": {"get": listing},
        },
        "components": {
            "schemas": {"CaseFile": casefile_schema, "Error": _ERROR},
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
    }
