#!/usr/bin/python3
"""check.py: hold the API to its OpenAPI reference (htdocs/openapi.yaml).

    /usr/bin/python3 tests/openapi/check.py [--no-coverage] [-v] SPEC EXCHANGES
    /usr/bin/python3 tests/openapi/check.py --selftest SPEC

First checks the document itself (OpenAPI 3.1 structure: every $ref
resolves, every operation has responses, every path parameter is declared,
every schema is a valid JSON Schema 2020-12 and every example fits it).
Then, for each exchange the API tests recorded (tests/api/client.c writes
one JSON line per request when RISE_TEST_RECORD names a file), finds the
operation, checks that the status is documented, validates the JSON body
against the documented schema and checks the required headers. A request
no operation matches must get one of the document's x-unmatched-responses
(404, or 405 with an Allow header naming the path's methods), or for an
OPTIONS to a documented path its x-cors-preflight (a 204 naming the same
methods). Requests are routed on their path as the web server routes it
(%2F, %2E and unreserved characters decoded, dot segments removed); paths
outside /v1 that the document does not name are the web UI's
(docs/web.md), and a 4xx without X-Request-ID and JSON is the web server
refusing a request before any program saw it: both are counted, not
checked. Last, every operation must have been answered with a success at
least once (coverage; --no-coverage when only some suites ran).

One line per failure: "METHOD path status: /json/pointer: message", then
a count. Exits 1 on any failure, 2 on bad usage or unreadable input.

--selftest runs the checker on the real document with broken copies of it
and made-up exchanges, and fails unless each kind of fault is caught.
"""
import argparse
import copy
import datetime
import json
import re
import sys
import urllib.parse

import yaml
from jsonschema import Draft202012Validator, FormatChecker, RefResolver
from jsonschema.exceptions import SchemaError, best_match

API_PREFIX = "/v1"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PATH_ITEM_KEYS = set(METHODS) | {"$ref", "summary", "description", "servers",
                                 "parameters"}
STATUS_RE = re.compile(r"^([1-5][0-9]{2}|[1-5]XX|default)$")
RFC3339_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:"
                        r"[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$")

FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _is_datetime(s):
    if not isinstance(s, str):
        return True
    datetime.datetime.fromisoformat(s)
    return RFC3339_RE.match(s) is not None


@FORMATS.checks("uri")
def _is_uri(s):
    if not isinstance(s, str):
        return True
    u = urllib.parse.urlsplit(s)
    return bool(u.scheme and u.netloc) and " " not in s


def pointer(parts):
    """A JSON pointer ("/a/0/b~1c") from a sequence of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1")
                   for p in parts) or "/"


def unpointer(ref):
    return [p.replace("~1", "/").replace("~0", "~")
            for p in ref.lstrip("#").split("/")[1:]]


def normalize(path):
    """path as the web server routes it: %2F, %2E and the unreserved
    characters decoded, then dot segments removed (RFC 3986, 5.2.4)."""
    def dec(m):
        c = chr(int(m.group(1), 16))
        return c if c == "/" or c.isascii() and (c.isalnum() or c in "-._~") else m.group(0)
    segs, out = re.sub(r"%([0-9A-Fa-f]{2})", dec, path).split("/")[1:], []
    for i, seg in enumerate(segs):
        if seg == "..":
            if out:
                out.pop()
        elif seg != ".":
            out.append(seg)
            continue
        if i == len(segs) - 1:
            out.append("")
    return "/" + "/".join(out)


def media_type(ct):
    return ct.split(";")[0].strip().lower() if ct else ""


def is_json(mt):
    return mt == "application/json" or mt.endswith("+json")


class Spec:
    """The document, with $ref resolution and one validator per schema."""

    def __init__(self, doc):
        self.doc = doc
        self.resolver = RefResolver(base_uri="", referrer=doc)
        self._validators = {}
        self._faults = None

    def faults(self):
        """check_spec(self), computed once."""
        if self._faults is None:
            self._faults = check_spec(self)
        return self._faults

    def deref(self, node):
        """node with $refs followed (to a non-ref node); KeyError if dangling."""
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/"):
                raise KeyError(f"only local references are used: {ref!r}")
            node = self.doc
            for p in unpointer(ref):
                if isinstance(node, list) and p.isdigit() and int(p) < len(node):
                    node = node[int(p)]
                elif isinstance(node, dict) and p in node:
                    node = node[p]
                else:
                    raise KeyError(f"$ref {ref} does not resolve")
            seen += 1
            if seen > 32:
                raise KeyError(f"$ref {ref} loops")
        return node

    def validate(self, schema, value):
        """Errors of value against schema, each (pointer, message)."""
        key = id(schema)
        if key not in self._validators:
            self._validators[key] = Draft202012Validator(
                schema, resolver=self.resolver, format_checker=FORMATS)
        out = []
        for e in self._validators[key].iter_errors(value):
            e = best_match([e])  # the most telling error inside oneOf/anyOf
            msg = e.message if len(e.message) <= 200 else e.message[:197] + "..."
            out.append((pointer(e.absolute_path), msg))
        return sorted(set(out))


# --- the document ----------------------------------------------------------

def check_spec(spec):
    """Structural faults of the document, each "spec: /pointer: message"."""
    doc, fails = spec.doc, []

    def fail(parts, msg):
        fails.append(f"spec: {pointer(parts)}: {msg}")

    def walk_refs(node, parts):
        if isinstance(node, dict):
            if "$ref" in node:
                try:
                    spec.deref(node)
                except KeyError as e:
                    fail(parts, str(e).strip("'\""))
            for k, v in node.items():
                walk_refs(v, parts + [k])
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk_refs(v, parts + [i])

    def deref(node, parts):
        try:
            return spec.deref(node)
        except KeyError:
            return None  # reported by walk_refs

    def check_schema(schema, parts):
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as e:
            fail(parts + list(e.absolute_path), f"not a valid schema: {e.message}")
            return False
        return True

    def check_media(content, parts):
        if not isinstance(content, dict) or not content:
            fail(parts, "content must map media types to media type objects")
            return
        for mt, m in content.items():
            if not isinstance(m, dict) or "schema" not in m:
                fail(parts + [mt], "media type without a schema")
                continue
            if check_schema(m["schema"], parts + [mt, "schema"]) and "example" in m:
                for p, msg in spec.validate(m["schema"], m["example"]):
                    fail(parts + [mt, "example"], f"{p}: {msg}")

    if not isinstance(doc, dict):
        return ["spec: /: not a mapping"]
    walk_refs(doc, [])
    if not re.match(r"^3\.1\.[0-9]+$", str(doc.get("openapi", ""))):
        fail(["openapi"], "must be 3.1.x")
    info = doc.get("info")
    if not isinstance(info, dict) or not all(
            isinstance(info.get(k), str) for k in ("title", "version")):
        fail(["info"], "needs title and version strings")
    schemes = (doc.get("components") or {}).get("securitySchemes") or {}
    for name, s in ((doc.get("components") or {}).get("schemas") or {}).items():
        check_schema(s, ["components", "schemas", name])
    for code in ("404", "405"):
        if code not in (doc.get("x-unmatched-responses") or {}):
            fail(["x-unmatched-responses"], f"must document {code}")

    def check_security(reqs, parts):
        if not isinstance(reqs, list):
            fail(parts, "must be a list of security requirements")
            return
        for i, req in enumerate(reqs):
            for name in req or {}:
                if name not in schemes:
                    fail(parts + [i, name], "no such security scheme")

    check_security(doc.get("security", []), ["security"])
    paths = doc.get("paths")
    if not isinstance(paths, dict) or not paths:
        fail(["paths"], "must map paths to path items")
        return fails
    op_ids = {}
    for path, item in paths.items():
        pp = ["paths", path]
        if not isinstance(path, str) or not path.startswith("/"):
            fail(pp, "a path must start with /")
            continue
        item = deref(item, pp) or {}
        for k in item:
            if k not in PATH_ITEM_KEYS and not str(k).startswith("x-"):
                fail(pp + [k], "not a path item field")
        templated = re.findall(r"\{([^}/]+)\}", path)
        common = [deref(p, pp + ["parameters", i]) or {}
                  for i, p in enumerate(item.get("parameters", []))]
        ops = [m for m in METHODS if m in item]
        if not ops:
            fail(pp, "no operation")
        for m in ops:
            op, op_parts = item[m], pp + [m]
            opid = op.get("operationId")
            if not isinstance(opid, str):
                fail(op_parts, "no operationId")
            elif opid in op_ids:
                fail(op_parts + ["operationId"], f"{opid} also names {op_ids[opid]}")
            else:
                op_ids[opid] = f"{m.upper()} {path}"
            if "security" in op:
                check_security(op["security"], op_parts + ["security"])
            own = [deref(p, op_parts + ["parameters", i]) or {}
                   for i, p in enumerate(op.get("parameters", []))]
            params = {(p.get("in"), p.get("name")): p for p in common}
            params.update({(p.get("in"), p.get("name")): p for p in own})
            for (where, name), p in params.items():
                if where not in ("query", "header", "path", "cookie") or \
                        not isinstance(name, str):
                    fail(op_parts + ["parameters"], f"bad parameter {name!r} in {where!r}")
                elif "schema" in p:
                    check_schema(p["schema"], op_parts + ["parameters", name])
                if where == "path" and p.get("required") is not True:
                    fail(op_parts + ["parameters", name], "a path parameter must be required")
            declared = {n for (w, n) in params if w == "path"}
            for name in templated:
                if name not in declared:
                    fail(op_parts, f"path parameter {{{name}}} is not declared")
            for name in declared - set(templated):
                fail(op_parts, f"parameter {name} is not in the path")
            if "requestBody" in op:
                body = deref(op["requestBody"], op_parts + ["requestBody"]) or {}
                check_media(body.get("content"), op_parts + ["requestBody", "content"])
            responses = op.get("responses")
            if not isinstance(responses, dict) or not responses:
                fail(op_parts, "no responses")
                continue
            for code, r in responses.items():
                rp = op_parts + ["responses", code]
                if not isinstance(code, str) or not STATUS_RE.match(code):
                    fail(rp, "not a status code (quote it in YAML)")
                r = deref(r, rp)
                if r is None:
                    continue
                if not isinstance(r.get("description"), str):
                    fail(rp, "a response needs a description")
                for h, hv in (r.get("headers") or {}).items():
                    hv = deref(hv, rp + ["headers", h]) or {}
                    if "schema" not in hv or not check_schema(hv["schema"], rp + ["headers", h]):
                        fail(rp + ["headers", h], "a header needs a schema")
                if "content" in r:
                    check_media(r["content"], rp + ["content"])
    return fails


# --- the exchanges ---------------------------------------------------------

class Checker:
    def __init__(self, spec):
        self.spec = spec
        self.routes = []        # (regex, template, path item), literal first
        for path, item in spec.doc["paths"].items():
            segs = path.strip("/").split("/")
            rx = "^/" + "/".join("[^/]+" if re.fullmatch(r"\{[^}/]+\}", s)
                                 else re.escape(s) for s in segs) + "$"
            nparams = sum(s.startswith("{") for s in segs)
            self.routes.append((nparams, re.compile(rx), path, spec.deref(item)))
        self.routes.sort(key=lambda r: r[0])
        self.fails = {}         # failure line -> count
        self.ok = set()         # (METHOD, template) answered with a 2xx
        self.seen = set()       # (METHOD, template, status)
        self.count = 0
        self.web = 0            # exchanges with the web UI, not checked
        self.refused = 0        # refused by the web server itself

    def fail(self, ex, where, msg):
        line = f"{ex.get('method')} {ex.get('path')} {ex.get('status')}: {where}: {msg}"
        self.fails[line] = self.fails.get(line, 0) + 1

    def route(self, path):
        for _, rx, template, item in self.routes:
            if rx.match(path):
                return template, item
        return None, None

    def check(self, ex):
        self.count += 1
        method, path, status = str(ex.get("method", "")), ex.get("path"), ex.get("status")
        if not isinstance(path, str) or not isinstance(status, int):
            self.fail(ex, "/", "not an exchange record")
            return
        headers = ex.get("headers") or {}
        if 400 <= status < 500 and "x-request-id" not in headers and \
                not is_json(media_type(ex.get("contentType"))):
            self.refused += 1
            return
        path = normalize(path)
        template, item = self.route(path)
        if item is None and path != API_PREFIX and not path.startswith(API_PREFIX + "/"):
            self.web += 1
            return
        op = item.get(method.lower()) if item is not None else None
        if op is None and method == "HEAD" and item is not None:
            op = item.get("get")        # answered as GET, without the body
        if op is None:
            return self.check_unmatched(ex, item)
        ex = dict(ex, path=template)    # one line for a fault of many ids
        self.seen.add((method, template, str(status)))
        responses = op["responses"]
        r = responses.get(str(status), responses.get(f"{status // 100}XX",
                                                     responses.get("default")))
        if r is None:
            self.fail(ex, "/", f"status {status} is not documented for "
                      f"{op.get('operationId')} (documented: {', '.join(responses)})")
            return
        if 200 <= status < 300:
            self.ok.add((method, template))
        self.check_query(ex, item, op)
        self.check_response(ex, self.spec.deref(r))

    def check_unmatched(self, ex, item):
        """404 for an unknown path, 405 (or a CORS preflight's 204) for a
        known path with another method."""
        doc, want, methods = self.spec.doc, "404", None
        r = doc.get("x-unmatched-responses", {}).get("404")
        if item is not None:
            want, methods = "405", "allow"
            r = doc.get("x-unmatched-responses", {}).get("405")
            if ex["method"] == "OPTIONS" and ex["status"] == 204 and \
                    "x-cors-preflight" in doc:
                want, methods = "204", "access-control-allow-methods"
                r = doc["x-cors-preflight"]
        if str(ex["status"]) != want or r is None:
            what = "no such path" if item is None else "no such method for this path"
            self.fail(ex, "/", f"{what} in the document, so the answer must be {want}")
            return
        self.check_response(ex, self.spec.deref(r))
        if methods is not None:
            value = (ex.get("headers") or {}).get(methods, "")
            got = sorted(m.strip().lower() for m in value.split(",") if m.strip())
            documented = sorted(m for m in METHODS if m in item)
            if got != documented:
                self.fail(ex, f"header {methods}", f"{value!r} but the document has "
                          f"{', '.join(m.upper() for m in documented)}")

    def check_query(self, ex, item, op):
        names = {p.get("name") for p in map(self.spec.deref,
                 item.get("parameters", []) + op.get("parameters", []))
                 if p.get("in") == "query"}
        for key, _ in urllib.parse.parse_qsl(ex.get("query") or "", keep_blank_values=True):
            if key not in names:
                self.fail(ex, "query", f"parameter {key!r} is not documented")

    def check_response(self, ex, r):
        headers = {k.lower(): v for k, v in (ex.get("headers") or {}).items()}
        for name, h in (r.get("headers") or {}).items():
            h = self.spec.deref(h)
            value = headers.get(name.lower())
            if value is None:
                if h.get("required"):
                    self.fail(ex, f"header {name}", "required but absent")
                continue
            schema = h.get("schema", {})
            if schema.get("type") == "integer":
                if not re.fullmatch(r"-?[0-9]+", value):
                    self.fail(ex, f"header {name}", f"{value!r} is not an integer")
                    continue
                value = int(value)
            for p, msg in self.spec.validate(schema, value):
                self.fail(ex, f"header {name}", msg)
        content = r.get("content") or {}
        size = ex.get("bodyBytes", 0)
        mt = media_type(ex.get("contentType"))
        if not content:
            if size:
                self.fail(ex, "/", f"a body of {size} bytes where the document has none")
            return
        if ex.get("method") == "HEAD":
            return
        if mt not in content:
            self.fail(ex, "/", f"Content-Type {ex.get('contentType')!r}, documented: "
                      f"{', '.join(content)}")
            return
        if not size:
            self.fail(ex, "/", "no body")
            return
        if not is_json(mt):
            return          # a PDF, this document: the type is what we check
        if "body" not in ex:
            self.fail(ex, "/", "the body is not JSON")
            return
        for p, msg in self.spec.validate(content[mt]["schema"], ex["body"]):
            self.fail(ex, p, msg)

    def coverage(self):
        """Operations never answered with a success."""
        out = []
        for _, _, template, item in self.routes:
            for m in METHODS:
                if m in item and (m.upper(), template) not in self.ok:
                    out.append(f"{m.upper()} {template}: coverage: "
                               f"{item[m].get('operationId')} was never answered "
                               f"with a success by the tests")
        return out

    def unseen(self):
        """Documented (operation, status) pairs no exchange produced."""
        out = []
        for _, _, template, item in self.routes:
            for m in METHODS:
                for code in (item.get(m) or {}).get("responses", {}):
                    if (m.upper(), template, code) not in self.seen:
                        out.append(f"{m.upper()} {template} {code}")
        return out


def read_exchanges(path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as e:
                    raise ValueError(f"{path}:{n}: not JSON: {e}") from e


def run(spec, exchanges, coverage=True):
    """All failure lines (with repeat counts) and the checker."""
    if spec.faults():
        return list(spec.faults()), None
    c = Checker(spec)
    for ex in exchanges:
        c.check(ex)
    fails = [f"{line} (x{n})" if n > 1 else line for line, n in c.fails.items()]
    if coverage:
        fails += c.coverage()
    return fails, c


def load(path):
    with open(path, encoding="utf-8") as f:
        return Spec(yaml.safe_load(f))


# --- self-test -------------------------------------------------------------

def selftest(path):
    """Each kind of fault must be caught, and good input must pass."""
    spec = load(path)
    problems = []

    def expect(what, fails, needle):
        if not any(needle in f for f in fails):
            problems.append(f"selftest: {what}: no failure mentioning {needle!r} "
                            f"in {fails[:5]}")

    def clean(what, fails):
        if fails:
            problems.append(f"selftest: {what}: unexpected failures {fails[:5]}")

    clean("the document", spec.faults())

    bad = copy.deepcopy(spec.doc)
    bad["components"]["schemas"]["Dangling"] = {"$ref": "#/components/schemas/Nope"}
    bad["paths"]["/v1/x/{y}"] = {"get": {"operationId": "x", "responses": {}}}
    bad["paths"]["/v1/health"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"]["properties"]["status"] = {"type": "nonsense"}
    fails = check_spec(Spec(bad))
    expect("a dangling $ref", fails, "$ref #/components/schemas/Nope does not resolve")
    expect("an operation without responses", fails, "no responses")
    expect("an undeclared path parameter", fails, "path parameter {y} is not declared")
    expect("an invalid schema", fails, "not a valid schema")

    good_h = {"x-request-id": "abc", "content-type": "application/json"}
    rl_h = dict(good_h, **{"x-ratelimit-limit": "100", "x-ratelimit-remaining": "99",
                           "x-ratelimit-reset": "2000000000"})
    ex = lambda method, p, status, body=None, h=good_h: dict(
        {"method": method, "path": p, "query": None, "status": status,
         "contentType": "application/json", "headers": h,
         "bodyBytes": 0 if body is None else len(json.dumps(body))},
        **({} if body is None else {"body": body}))
    health = {"status": "ok", "database": "ok"}
    nf = {"error": {"code": "NOT_FOUND", "message": "Resource not found"}}
    ma = {"error": {"code": "METHOD_NOT_ALLOWED", "message": "Method not allowed"}}

    cors = dict(rl_h, **{
        "access-control-allow-origin": "https://app.example.test",
        "access-control-allow-methods": "GET", "access-control-max-age": "600",
        "access-control-allow-headers":
            "Authorization, Content-Type, X-Assessment-Token, X-Request-ID"})
    fails, c = run(spec, [ex("GET", "/v1/health", 200, health),
                          ex("GET", "/v1/nope", 404, nf, rl_h),
                          ex("POST", "/v1/health", 405, ma, dict(rl_h, allow="GET")),
                          ex("OPTIONS", "/v1/health", 204, None, cors),
                          ex("GET", "/login", 200, None, {}),
                          ex("GET", "/v1/assessments/..%2F..%2Fx", 404, None, {}),
                          ex("GET", "/v1/x/%2e%2e/%2E%2E/v1/health", 200, health),
                          dict(ex("GET", "/v1/health", 400, None, {}),
                               contentType="text/html", bodyBytes=9)],
                   coverage=False)
    clean("good exchanges", fails)
    if c is None or (c.web, c.refused) != (2, 1):
        problems.append("selftest: web UI and web server exchanges are not told apart")
    for raw, want in [("/a/b/../c/./d", "/a/c/d"), ("/a/%2E%2e", "/"), ("/a/b/..", "/a/"),
                      ("/a/..%2f..%2fb", "/b"), ("/a/%41%27%2F", "/a/A%27/")]:
        if normalize(raw) != want:
            problems.append(f"selftest: normalize({raw!r}) is {normalize(raw)!r}, not {want!r}")

    for what, e, needle in [
            ("a wrong body", ex("GET", "/v1/health", 200, {"status": "ok"}),
             "'database' is a required property"),
            ("a wrong value", ex("GET", "/v1/health", 200, dict(health, database="no")),
             "/database: 'ok' was expected"),
            ("an extra property", ex("GET", "/v1/health", 200, dict(health, x=1)),
             "Additional properties are not allowed"),
            ("an undocumented status", ex("GET", "/v1/health", 418, health),
             "status 418 is not documented"),
            ("a missing header", ex("GET", "/v1/health", 200, health, {}),
             "header X-Request-ID: required but absent"),
            ("a JSON error without X-Request-ID", ex("GET", "/v1/nope", 404, nf, {}),
             "header X-Request-ID: required but absent"),
            ("a body that is not JSON", dict(ex("GET", "/v1/health", 200), bodyBytes=3),
             "the body is not JSON"),
            ("an unknown path answered", ex("GET", "/v1/nope", 200, health),
             "no such path in the document"),
            ("a wrong Allow header", ex("POST", "/v1/health", 405, ma, dict(rl_h, allow="PUT")),
             "header allow: 'PUT' but the document has GET"),
            ("a wrong preflight", ex("OPTIONS", "/v1/health", 204, None,
                                     dict(cors, **{"access-control-allow-methods": "GET, PUT"})),
             "header access-control-allow-methods"),
            ("a body where none is documented",
             ex("OPTIONS", "/v1/health", 204, {"a": 1}, cors), "where the document has none"),
            ("an undocumented query parameter",
             dict(ex("GET", "/v1/health", 200, health), query="x=1"),
             "parameter 'x' is not documented")]:
        fails, _ = run(spec, [e], coverage=False)
        expect(what, fails, needle)

    un = {"error": {"code": "UNAUTHORIZED", "message": "Invalid or expired access token"}}
    fails, _ = run(spec, [ex("GET", "/v1/health", 200, health),
                          ex("GET", "/v1/questions", 401, un, rl_h)])
    clean("a documented error", [f for f in fails if "coverage" not in f])
    expect("an operation answered only with an error", fails,
           "listQuestions was never answered")
    if any("health was never" in f for f in fails):
        problems.append("selftest: coverage counts GET /v1/health as unexercised")

    for p in problems:
        print(p)
    print(f"selftest: {'failed' if problems else 'every kind of fault is caught'}")
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("--no-coverage", action="store_true",
                    help="do not require every operation to be exercised")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="also list documented responses no exchange produced")
    ap.add_argument("spec")
    ap.add_argument("exchanges", nargs="?")
    a = ap.parse_args()
    try:
        if a.selftest:
            return selftest(a.spec)
        if a.exchanges is None:
            ap.error("EXCHANGES is required")
        spec = load(a.spec)
        fails, c = run(spec, list(read_exchanges(a.exchanges)), not a.no_coverage)
    except (OSError, ValueError, yaml.YAMLError) as e:
        print(f"check.py: {e}", file=sys.stderr)
        return 2
    for f in fails:
        print(f)
    if c is not None and a.verbose:
        for u in c.unseen():
            print(f"never seen: {u}")
    if c is None:
        print(f"openapi: the document is faulty, {len(fails)} failures")
    else:
        print(f"openapi: {c.count} exchanges ({c.web} with the web UI and {c.refused} "
              f"refused by the web server, not checked), {len(c.ok)} operations "
              f"answered with a success, {len(fails)} failures")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
