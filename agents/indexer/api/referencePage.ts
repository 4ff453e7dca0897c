/**
 * The indexer's API reference page (`GET /docs`): one self-contained HTML page rendered from the
 * OpenAPI document itself, so it can never disagree with `/openapi.json` (no script, no CDN).
 */

interface Doc {
  info: { title: string; version: string; description?: string };
  paths?: object;
}
interface Operation {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const code = (v: unknown) => `<pre><code>${esc(JSON.stringify(v, null, 2))}</code></pre>`;

function operation(method: string, path: string, op: Operation): string {
  const id = `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, "-");
  const params = (op.parameters ?? []).map((p) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ", required" : ""}) ${code(p.schema)}</li>`).join("");
  const body = op.requestBody?.content?.["application/json"]?.schema;
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => {
      const schema = r.content?.["application/json"]?.schema;
      return `<li><strong>${esc(status)}</strong> ${esc(r.description ?? "")}${schema && status.startsWith("2") ? code(schema) : ""}</li>`;
    })
    .join("");
  return [
    `<section id="${id}"><h2><span class="m">${method.toUpperCase()}</span> <code>${esc(path)}</code></h2>`,
    op.summary ? `<p>${esc(op.summary)}</p>` : "",
    op.description ? `<p>${esc(op.description)}</p>` : "",
    params ? `<h3>Parameters</h3><ul>${params}</ul>` : "",
    body ? `<h3>Request body (application/json)</h3>${code(body)}` : "",
    `<h3>Responses</h3><ul>${responses}</ul></section>`,
  ].join("\n");
}

/**
 * Renders the reference page of an OpenAPI 3.1 document.
 *
 * @example
 * app.get("/docs", (c) => c.html(referencePage(app.getOpenAPI31Document(OPENAPI_INFO))));
 */
export function referencePage(doc: Doc): string {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Operation> | undefined>;
  const ops = Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item ?? {}).map(([method, op]) => ({ method, path, op })),
  );
  const toc = ops.map(({ method, path }) => `<li><a href="#${`${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, "-")}">${method.toUpperCase()} ${esc(path)}</a></li>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)} API reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}pre{background:#f4f4f4;padding:.5rem;overflow:auto;max-height:24rem}.m{font-family:monospace;color:#05a}section{border-top:1px solid #ccc;margin-top:1.5rem}</style>
</head><body>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description ?? "")}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<nav><ul>${toc}</ul></nav>
${ops.map(({ method, path, op }) => operation(method, path, op)).join("\n")}
</body></html>`;
}
