"""Each endpoint declared once (STYLE.md, "The gateway").

A ``Route`` row names the method, the path, the RPC it calls, the request and response
schemas with their examples, the success status and the errors it can answer.
``register(blueprint, routes)`` makes the Flask views from the rows and
``build_spec(routes)`` the OpenAPI document, so the two cannot drift apart
(``tests/unit/test_gateway_routes.py`` holds them equal).

How a row's view calls its RPC, in this order: the caller's AuthContext, then the path
parameters in the order the path names them, then the JSON body as sent (after it passed
``body``), then the query dict as loaded by ``query``::

    Route("POST", "/logs/{log_id}/concerns", "logs.register_concern", "Register a concern",
          "logs", body=ConcernIn, out=ConcernOut, status=201, errors=(409,),
          rules=("concern.unknown_category",), example={...}, out_example={...})
    # -> logs.register_concern(auth, log_id, body), answered 201 with the result as JSON

A row with a hand-written ``view`` (a PDF, a raw upload, an RPC with other arguments) gets
the same checks and is called the same way, with a callable that makes the row's RPC in
place of the AuthContext: ``view(rpc, log_id, body)``. It returns a Flask response, or
data that is answered as any row's result is (status, ``many``, ``location``).

The statuses a row documents are those its checks imply (``Route.statuses``: 401/403/503
always, 404 with a path parameter, 400/413/415/422 with a body, 400/422 with a query) and
its own ``errors``; a 422 that is a business rule's names its code in ``rules``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import Blueprint, jsonify
from marshmallow import Schema, fields
from werkzeug.routing import BaseConverter
from werkzeug.wrappers import Response

from . import api
from .errors import RequestError

PARAM = re.compile(r"{(\w+)}")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True, init=False)
class Raw:
    """Content that is not JSON, by its media types: a PDF to print, a scan to upload."""

    media: tuple[str, ...]

    def __init__(self, *media: str):
        object.__setattr__(self, "media", media)


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # OpenAPI style, under /api/v1: "/logs/{log_id}/concerns"
    rpc: str  # "service.method"; also the operation's id
    summary: str
    tag: str
    body: type[Schema] | Raw | None = None  # JSON checked with it before the RPC
    out: type[Schema] | Raw | None = None  # the success response (of each item if many)
    status: int = 200
    errors: tuple[int, ...] = ()  # statuses beyond the ones the checks imply (see statuses)
    query: type[Schema] | None = None  # the query string, loaded with it
    example: Mapping | None = None  # a request body that works against the demo data
    out_example: Mapping | None = None
    location: str | None = None  # Location of a 201, formatted with the result
    view: Callable | None = None  # hand-written, for the odd case
    # The error codes of business rules a schema cannot express (answered 422): the
    # request was well formed, the rule said no. Listed in the document (x-rule-codes).
    rules: tuple[str, ...] = ()
    # {path parameter: runtime expression}: the result feeds every operation taking that
    # parameter (OpenAPI links), e.g. {"log_id": "$response.body#/id"}.
    links: Mapping[str, str] = field(default_factory=dict)
    many: bool = False  # the RPC answers a list of ``out``; the body is {"items": [...]}
    body_required: bool = True  # False: an empty body is the empty object
    description: str = ""

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"{self.rpc}: method {self.method!r} is not one of {METHODS}")
        if not self.path.startswith("/") or "." not in self.rpc:
            raise ValueError(f"{self.rpc}: give the path under /api/v1 and rpc as service.method")
        if self.view is None and (isinstance(self.body, Raw) or isinstance(self.out, Raw)):
            raise ValueError(f"{self.rpc}: raw content needs a hand-written view")

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(PARAM.findall(self.path))

    @property
    def statuses(self) -> tuple[int, ...]:
        """Every status the view can answer: what the checks imply, then the row's own."""
        found = {self.status, 401, 403, 503}  # the token check; a service may refuse; timeout
        if self.params:
            found.add(404)
        if self.body is not None:
            found |= {400, 413, 415} | ({422} if not isinstance(self.body, Raw) else set())
        if self.query is not None:
            found |= {400, 422}
        if self.rules:
            found.add(422)
        return tuple(sorted(found | set(self.errors)))


# ------------------------------------------------------------------------------ views


def register(blueprint: Blueprint, routes: Iterable[Route]) -> None:
    """One authenticated view per row on ``blueprint`` (whose prefix is /api/v1)."""
    routes = _unique(routes)
    reserved = _reserved(routes)
    blueprint.after_request(api.echo_correlation_id)
    blueprint.record_once(lambda state: state.app.url_map.converters.update(param=ParamConverter))
    for route in routes:
        rule = route.path
        for name in route.params:
            words = ", ".join(f'"{word}"' for word in reserved.get((route.rpc, name), ()))
            rule = rule.replace(f"{{{name}}}", f"<param({words}):{name}>" if words else f"<{name}>")
        blueprint.add_url_rule(
            rule,
            endpoint=route.rpc.replace(".", "__"),
            view_func=api.authenticated(_view(route)),
            methods=[route.method],
        )


def _view(route: Route) -> Callable:
    json_body = route.body is not None and not isinstance(route.body, Raw)

    def view(**path):
        args = [path[name] for name in route.params]
        for name, value in zip(route.params, args, strict=True):
            if api.NUL.search(value):  # no id holds one (PATH_PARAMETER says so)
                raise RequestError(404, "request.not_found", f"no such {name}", name)
        if json_body:
            args.append(api.json_body(route.body, required=route.body_required))
        if route.query is not None:
            args.append(api.query_args(route.query))
        if route.view is not None:
            result = route.view(partial(api.call, route.rpc), *args)
            if isinstance(result, Response):
                return result
        else:
            result = api.call(route.rpc, *args)
        headers = {"Location": route.location.format(**result)} if route.location else {}
        if route.out is None:  # the document promises no content
            return Response(status=route.status, headers=headers)
        return jsonify({"items": result} if route.many else result), route.status, headers

    view.__name__ = route.rpc.replace(".", "__")
    view.__doc__ = route.summary
    return view


class ParamConverter(BaseConverter):
    """A path parameter that gives way to literal segments of other rows in its place."""

    def __init__(self, url_map, *reserved: str):
        super().__init__(url_map)
        self.regex = "".join(f"(?!{re.escape(word)}(?:/|$))" for word in reserved) + "[^/]+"


def _reserved(routes: list[Route]) -> dict[tuple[str, str], tuple[str, ...]]:
    """{(rpc, parameter): the values it may not take}. Where another row has a literal
    segment in a parameter's place (``/logs/{log_id}/concerns/from-template`` beside
    ``/logs/{log_id}/concerns/{concern_id}``), the parameter gives way: one URL, one
    operation, and the ``Allow`` of a URL lists the methods the document gives it."""
    found: dict[tuple[str, str], set[str]] = {}
    split = {route.rpc: route.path.split("/") for route in routes}
    for route in routes:
        mine = split[route.rpc]
        for index, segment in enumerate(mine):
            if not PARAM.fullmatch(segment):
                continue
            for other in routes:
                theirs = split[other.rpc]
                if len(theirs) != len(mine) or PARAM.fullmatch(theirs[index]):
                    continue
                if all(
                    a == b or PARAM.fullmatch(a) or PARAM.fullmatch(b)
                    for at, (a, b) in enumerate(zip(mine, theirs, strict=True))
                    if at != index
                ):
                    found.setdefault((route.rpc, segment[1:-1]), set()).add(theirs[index])
    return {key: tuple(sorted(words)) for key, words in found.items()}


def _path_parameter(words: tuple[str, ...]) -> dict:
    """An id: no NUL, no slash, none of the literal segments beside it (``_reserved``)."""
    if not words:
        return PATH_PARAMETER
    ahead = "|".join(re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", word) for word in words)
    return PATH_PARAMETER | {"pattern": rf"^(?!(?:{ahead})$)[^\x00/]+$"}


def _unique(routes: Iterable[Route]) -> list[Route]:
    routes, seen = list(routes), {}
    for route in routes:
        for key in (route.rpc, (route.method, route.path)):
            if key in seen:
                raise ValueError(
                    f"{key} is declared twice: {seen[key].summary!r}, {route.summary!r}"
                )
            seen[key] = route
    return routes


# ------------------------------------------------------------------------------ document


class ErrorDetail(Schema):
    code = fields.String(required=True, metadata={"description": "stable machine code"})
    message = fields.String(required=True)
    field = fields.String(metadata={"description": "the field the error is about"})
    details = fields.Dict()


class Error(Schema):
    error = fields.Nested(ErrorDetail, required=True)


ERROR = {"$ref": "#/components/responses/Error"}
PATH_PARAMETER = {"type": "string", "pattern": r"^[^\x00/]+$"}  # an id: no NUL, no slash
BINARY = {"type": "string", "format": "binary"}


def _nullable_nested(converter, field, ret, **kwargs) -> dict:
    """A nested object that may be null: apispec writes it as "the object, or any object
    that may be null", which lets an empty ``{}`` pass for valid. Say "the object, or null"."""
    nullable_object = {"type": "object", "nullable": True}
    options = ret.get("anyOf")
    if isinstance(options, list) and len(options) == 2 and options[1] == nullable_object:
        del ret["anyOf"]  # the functions' answers are merged into ``ret``: remove it there
        return {"allOf": [options[0]], "nullable": True}
    return {}


def build_spec(routes: Iterable[Route]) -> dict:
    """The OpenAPI 3 document of the rows: every operation with its schemas, examples and
    every status its view can answer."""
    routes = _unique(routes)
    plugin = MarshmallowPlugin(schema_name_resolver=_class_name)
    spec = APISpec(
        title="Stafettlogg API",
        version="1",
        openapi_version="3.0.3",
        plugins=[plugin],
        info={"description": "The consent-based relay log around one child."},
    )
    inputs = _reachable(schema for route in routes for schema in (route.body, route.query))

    def plain_text(converter, field, ret, **kwargs):
        return _plain_text(field, ret, inputs=inputs)

    plugin.converter.add_attribute_function(plain_text)
    plugin.converter.add_attribute_function(_nullable_nested)
    spec.components.security_scheme(
        "idporten", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    )
    spec.components.schema("Error", schema=Error)
    spec.components.response(
        "Error",
        {
            "description": "A JSON error naming the field",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        },
    )
    for route in routes:  # the rows' own schemas by their short names: CreateLogIn -> CreateLog
        for schema in (route.body, route.out):
            if isinstance(schema, type) and schema not in _registered(spec):
                name = _short_name(schema)
                taken = name in spec.components.schemas
                spec.components.schema(schema.__name__ if taken else name, schema=schema)
    reserved = _reserved(routes)
    for route in routes:
        operation = _operation(route, routes, reserved)
        spec.path(f"{api.PREFIX}{route.path}", operations={route.method.lower(): operation})
    document = spec.to_dict()
    for item in document["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":  # api.query_args: empty is not given
                    parameter["allowEmptyValue"] = True
    return document


def _operation(route: Route, routes: list[Route], reserved: dict) -> dict:
    operation = {
        "operationId": route.rpc,
        "summary": route.summary,
        "tags": [route.tag],
        "security": [{"idporten": []}],
        "responses": {str(route.status): _success(route, routes)}
        | {str(status): ERROR for status in route.statuses if status != route.status},
    }
    description = route.description
    if route.rules:
        codes = ", ".join(f"`{code}`" for code in route.rules)
        description = f"{description}\n\nBusiness rules answered with 422: {codes}.".strip()
        operation["x-rule-codes"] = list(route.rules)
    if description:
        operation["description"] = description
    parameters = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": _path_parameter(reserved.get((route.rpc, name), ())),
        }
        for name in route.params
    ]
    if route.query is not None:
        parameters.append({"in": "query", "schema": route.query})
    if parameters:
        operation["parameters"] = parameters
    if isinstance(route.body, Raw):
        operation["requestBody"] = {
            "required": True,
            "content": {media: {"schema": BINARY} for media in route.body.media},
        }
    elif route.body is not None:
        content = {"schema": route.body}
        if route.example is not None:
            content["example"] = dict(route.example)
        operation["requestBody"] = {
            "required": route.body_required,
            "content": {"application/json": content},
        }
    return operation


def _success(route: Route, routes: list[Route]) -> dict:
    response = {"description": route.summary}
    if isinstance(route.out, Raw):
        response["content"] = {media: {"schema": BINARY} for media in route.out.media}
    elif route.out is not None:
        schema = route.out
        if route.many:
            schema = {
                "type": "object",
                "required": ["items"],
                "properties": {"items": {"type": "array", "items": route.out}},
            }
        content = {"schema": schema}
        if route.out_example is not None:
            content["example"] = dict(route.out_example)
        response["content"] = {"application/json": content}
    if route.location:
        response["headers"] = {
            "Location": {
                "description": "where the new resource is",
                "required": True,
                "schema": {"type": "string"},
            }
        }
    links = {
        target.rpc: {
            "operationId": target.rpc,
            "parameters": {
                name: route.links[name] for name in target.params if name in route.links
            },
        }
        for target in routes
        if target is not route and set(target.params) & set(route.links)
    }
    if links:
        response["links"] = links
    return response


def _plain_text(field, ret: dict, *, inputs: set) -> dict:
    """Text sent with a NUL in it is refused (api.json_body, api.query_args): say so in the
    request schemas, where nothing narrower does already."""
    owner = field
    while owner is not None and not isinstance(owner, Schema):
        owner = owner.parent
    if (
        type(owner) in inputs
        and isinstance(field, fields.String)
        and not {"pattern", "enum", "format"} & set(ret)
    ):
        return {"pattern": api.TEXT_PATTERN}
    return {}


def _reachable(schemas) -> set[type]:
    """The schema classes given, and every one nested in them."""
    found, pending = set(), [schema for schema in schemas if isinstance(schema, type)]
    while pending:
        schema = pending.pop()
        if schema is not None and schema not in found:
            found.add(schema)
            pending.extend(_nested(field) for field in schema().fields.values())
    return found


def _nested(field):
    while isinstance(field, fields.List):
        field = field.inner
    return type(field.schema) if isinstance(field, fields.Nested) else None


def _class_name(schema) -> str:
    return resolve_schema_cls(schema).__name__


def _short_name(schema: type[Schema]) -> str:
    return re.sub(r"(In|Out)$", "", schema.__name__) or schema.__name__


def _registered(spec: APISpec) -> set:
    plugin = next(p for p in spec.plugins if isinstance(p, MarshmallowPlugin))
    return {key[0] if isinstance(key, tuple) else key for key in plugin.converter.refs}
