"""The OpenAPI 3 document and its page. ``create_app`` builds the document once from the
same rows the views are made from (``endpoints.build_spec``)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

docs = Blueprint("docs", __name__)


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Stafettlogg API</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
.op{border:1px solid #ccc;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}
.m{font-weight:bold;text-transform:uppercase;margin-right:.5rem}
pre{background:#f5f5f5;padding:.5rem;overflow:auto;font-size:.85rem}
</style></head><body>
<h1>Stafettlogg API</h1>
<p>The machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
Every call needs <code>Authorization: Bearer &lt;ID-porten token&gt;</code>.</p>
<div id="ops">Loading…</div>
<script>
fetch('/api/v1/openapi.json').then(r => r.json()).then(spec => {
  const root = document.getElementById('ops'); root.textContent = '';
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const div = document.createElement('div'); div.className = 'op';
      const h = document.createElement('h3');
      const m = document.createElement('span'); m.className = 'm'; m.textContent = method;
      h.append(m, document.createTextNode(path)); div.append(h);
      const p = document.createElement('p'); p.textContent = op.summary || ''; div.append(p);
      const json = op.requestBody && op.requestBody.content['application/json'];
      const ref = json && json.schema.$ref;
      if (ref) {
        const name = ref.split('/').pop();
        const pre = document.createElement('pre');
        pre.textContent = name + ' ' + JSON.stringify(spec.components.schemas[name], null, 2);
        div.append(pre);
      }
      const codes = document.createElement('p');
      codes.textContent = 'Responses: ' + Object.keys(op.responses).join(', ');
      div.append(codes); root.append(div);
    }
  }
});
</script></body></html>"""


@docs.get("/api/v1/openapi.json")
def openapi_json():
    return jsonify(current_app.extensions["openapi"])


@docs.get("/api/v1/docs")
def docs_page():
    return Response(PAGE, mimetype="text/html")
