"""The OpenAPI 3.1 document of the HTTP API, read from the routes' `api(...)` declarations
(routing.py) and from the marshmallow schemas that validate the requests (shared/contracts/rpc.py):
the document cannot say something the code does not do. Served at /openapi.json, and as a plain
page at /api/docs.

Built with apispec's MarshmallowPlugin rather than a converter of our own: it already turns every
field and validator the contracts use (Length, Range, OneOf, Regexp, Nested, Dict keys and values,
load defaults, unknown fields refused) into JSON Schema, and for openapi_version 3.1.0 it writes a
nullable field as 3.1 wants it (`type: ["string", "null"]`, a nested one as anyOf with
{"type": "null"}, `null` among an enum's values) where 3.0's `nullable: true` would be wrong.
tests/unit/test_openapi_document.py checks the document against the OpenAPI 3.1 schema and those
nullable forms, so a release of apispec that changed them would be caught.
"""
import functools
from pathlib import Path

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from jinja2 import Environment, FileSystemLoader, select_autoescape
from marshmallow import Schema, fields
from werkzeug.wrappers import Response

from .errors import STATUS
from .routing import BODY_METHODS, Gateway, api, routes_of

TITLE = "Binôme"
VERSION = "1"
ERROR = {"$ref": "#/components/schemas/Error"}
ERROR_MEANINGS = {
    400: "Bad input: `fields` names each bad field; nothing was written.",
    401: "No bearer token or session, or one that names nobody.",
    403: "Not yours to see or change, or not allowed (operators only, a change signed by a "
         "session cookie from another site).",
    404: "No such object, or not one of yours.",
    409: "The object's state forbids it now (already accepted, taken, withdrawn...).",
    413: "The file (or the request carrying it) is over its limit: `fields` names it.",
    429: "Too many attempts: wait `Retry-After` seconds.",
    503: "A service running in this process has died (the message names it).",
    504: "A service did not answer in time.",
}
SIGNED_IN = [{"bearer": []}, {"session": []}]
OPERATORS_ONLY = "Operators only."
_page = Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=select_autoescape(
    default_for_string=True, default=True)).get_template("openapi_page.html")


class OpenApi(Gateway):
    """The document and its page; neither is in the document itself."""

    @api("GET", "/openapi.json", public=True, hidden=True)
    def openapi_document(self, request):
        return 200, document(type(self))

    @api("GET", "/api/docs", public=True, hidden=True)
    def openapi_page(self, request):
        return Response(page(type(self)), status=200, content_type="text/html; charset=utf-8")


@functools.cache
def document(service_class):
    """The OpenAPI 3.1 document of every documented route of the composed gateway."""
    spec = APISpec(TITLE, VERSION, "3.1.0", plugins=[MarshmallowPlugin()], info={
        "description": "JSON in, JSON out. Every error has one shape, "
                       '{"error": {"code", "message", "fields"}}. Lists answer a page at a time '
                       "(`?page=` from 1, `&page_size=`) as "
                       '{"items", "page", "page_size", "total"}.'})
    spec.components.security_scheme("bearer", {
        "type": "http", "scheme": "bearer",
        "description": "The token answered at registration or at sign-in."})
    spec.components.security_scheme("session", {
        "type": "apiKey", "in": "cookie", "name": "binome_session",
        "description": "The web pages' session; changes must come from Binôme's own pages."})
    spec.components.schema("Error", {
        "type": "object", "required": ["error"], "additionalProperties": False,
        "properties": {"error": {
            "type": "object", "required": ["code", "message", "fields"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "enum": sorted({code for _, code in STATUS.values()})},
                "message": {"type": "string"},
                "fields": {"type": "object", "description": "Each bad field and its messages."},
            }}}})
    by_path = {}
    for route in routes_of(service_class):
        if not route.hidden:
            by_path.setdefault(route.path, {})[route.method.lower()] = _operation(spec, route)
    for path, operations in by_path.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def _component(spec, name, schema):
    # Nested schemas are registered by the plugin itself, under their class names.
    if name not in spec.components.schemas:
        spec.components.schema(name, schema=schema)
    return {"$ref": f"#/components/schemas/{name}"}


def _schema_ref(spec, schema_class):
    return _component(spec, schema_class.__name__, schema_class)


def _envelope(spec, item_class):
    name = f"{item_class.__name__}Page"
    return _component(spec, name, Schema.from_dict({
        "items": fields.List(fields.Nested(item_class)), "page": fields.Integer(),
        "page_size": fields.Integer(), "total": fields.Integer()}, name=name))


def _request_body(spec, route):
    contract = route.contract
    excluded = tuple(name for name in route.fixed if name in contract.args._declared_fields)
    name = contract.args.__name__ + ("Body" if excluded or contract.partial else "")
    body = contract.args(exclude=excluded, partial=contract.partial or False)
    return {"required": not contract.partial and any(
                field.required for field in body.fields.values()),
            "content": {"application/json": {"schema": _component(spec, name, body)}}}


def _success(spec, route):
    if route.content_type != "application/json":
        return {route.content_type: {"schema": {"type": "string"}}}
    if route.paged and route.result is None and route.item_schema is not None:
        schema = _envelope(spec, route.item_schema)
    elif route.result is not None:
        schema = _schema_ref(spec, route.result)
    elif route.contract is not None and route.contract.result is not None:
        schema = _schema_ref(spec, route.contract.result)
        if route.contract.many:
            schema = {"type": "array", "items": schema}
    else:
        schema = {}  # a route that does not say what it answers: any JSON
    return {"application/json": {"schema": schema}}


def error_statuses(route):
    """The error statuses a route can answer."""
    described = any(value is not None for value in (route.contract, route.result, route.items))
    statuses = set(route.errors)
    if route.query_schema or route.body_fields or route.path_params or \
            (not described and route.method in BODY_METHODS):
        statuses.add(400)
    if not route.public:
        statuses |= {401, 403}
    if route.contract is not None or not described:
        # A service may not know the person or the object (yet, or any more), and refuses a
        # change that the object's state no longer allows.
        statuses |= {404, 504} | ({409} if route.method != "GET" else set())
    elif route.path_params:
        statuses.add(404)
    if not route.public:
        statuses.add(504)  # who is asking is itself an RPC to profiles
    if route.rate_limit:
        statuses.add(429)
    return sorted(statuses)


def _operation(spec, route):
    parameters = [{"name": name, "in": "path", "required": True, "schema": _path_param(name)}
                  for name in route.path_params]
    if route.query_schema is not None:
        parameters.append({"in": "query", "schema": route.query_schema})
    responses = {str(route.status): {"description": route.summary,
                                     "content": _success(spec, route)}}
    for status in error_statuses(route):
        responses[str(status)] = {"description": ERROR_MEANINGS[status],
                                  "content": {"application/json": {"schema": ERROR}}}
        if status == 429:
            responses["429"]["headers"] = {"Retry-After": {
                "description": "Seconds until the next attempt is allowed.",
                "schema": {"type": "integer", "minimum": 1}}}
    operation = {
        "operationId": route.name, "summary": route.summary,
        "tags": [_tag(route)], "responses": responses,
        "security": [] if route.public else SIGNED_IN,
    }
    if route.operator:
        operation["description"] = OPERATORS_ONLY
    if parameters:
        operation["parameters"] = parameters
    if route.upload and route.body_fields:
        # JSON, or a form: the body's text fields beside an optional file in `upload`.
        operation["requestBody"] = _request_body(spec, route)
        declared = route.contract.args._declared_fields
        text = [name for name in route.body_fields if name != route.upload]
        operation["requestBody"]["content"]["multipart/form-data"] = {"schema": {
            "type": "object", "required": [name for name in text if declared[name].required],
            "properties": {**{name: {"type": "string"} for name in text},
                           route.upload: {"type": "string", "format": "binary"}}}}
    elif route.upload:
        operation["requestBody"] = {"required": True, "content": {"multipart/form-data": {
            "schema": {"type": "object", "required": [route.upload], "properties": {
                route.upload: {"type": "string", "format": "binary"}}}}}}
    elif route.body_fields:
        operation["requestBody"] = _request_body(spec, route)
    elif route.contract is None and route.method in BODY_METHODS:
        operation["requestBody"] = {"content": {"application/json": {"schema": {
            "type": "object"}}}}
    return operation


def _path_param(name):
    # Every object's id is a UUID; any other part of a path is a plain word.
    if name == "id" or name.endswith("_id"):
        return {"type": "string", "format": "uuid"}
    return {"type": "string", "pattern": "^[a-z_]+$"}


def _tag(route):
    parts = [part for part in route.path.split("/") if part and part != "api"]
    return parts[0] if parts and not parts[0].startswith("{") else "api"


# --- the browsable page ----------------------------------------------------------------------------

def page(service_class):
    return _page.render(title=TITLE, operations=operations(document(service_class)))


def operations(spec):
    """The document's operations as a reader wants them: grouped by tag, each with its fields."""
    schemas = spec["components"]["schemas"]
    groups = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            success = next(iter(operation["responses"].items()))
            answer = next(iter(success[1]["content"].values()))["schema"]
            groups.setdefault(operation["tags"][0], []).append({
                "method": method.upper(), "path": path, "summary": operation["summary"],
                "who": ("anyone" if not operation["security"] else
                        "operators" if operation.get("description") == OPERATORS_ONLY
                        else "signed in"),
                "parameters": [(p["name"], p["in"], _type(p["schema"], schemas),
                                p.get("required", False)) for p in operation.get("parameters", [])],
                "body": _fields(body["schema"], schemas) if body else [],
                "answer": (success[0], _name(answer)), "answer_fields": _fields(answer, schemas),
                "errors": [status for status in operation["responses"] if status != success[0]],
            })
    return sorted(groups.items())


def _resolve(schema, schemas):
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _fields(schema, schemas):
    schema = _resolve(schema, schemas)
    required = set(schema.get("required", ()))
    return [(name, _type(field, schemas), name in required)
            for name, field in schema.get("properties", {}).items()]


def _name(schema):
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"list of {_name(schema['items'])}"
    return schema.get("type", "any JSON")


def _type(schema, schemas):
    """A field's type in a few words: `integer 1..50`, `one of coffee, lunch`, `Window or null`."""
    if "anyOf" in schema:
        return " or ".join(_type(option, schemas) for option in schema["anyOf"])
    if "$ref" in schema:
        return _name(schema)
    kinds = schema.get("type", "any")
    words = " or ".join(kinds) if isinstance(kinds, list) else kinds
    if "enum" in schema:
        words = "one of " + ", ".join(str(value) for value in schema["enum"])
    if schema.get("format"):
        words += f" ({schema['format']})"
    if schema.get("type") == "array" or "array" in kinds:
        words += " of " + _type(schema.get("items", {}), schemas)
    low, high = (schema.get("minimum", schema.get("minLength")),
                 schema.get("maximum", schema.get("maxLength")))
    if low is not None or high is not None:
        words += f" {'' if low is None else low}..{'' if high is None else high}"
    return words
