import { describe, it } from "mocha";
import { expect } from "chai";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fetchDocument, RegistryDocumentError, toDataUri } from "../../agents/registry/index.js";

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function code(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => expect.fail("expected a RegistryDocumentError"),
    (e: unknown) => e,
  );
  expect(err).to.be.instanceOf(RegistryDocumentError);
  return (err as RegistryDocumentError).code;
}

describe("fetchDocument", () => {
  it("reads JSON from base64 and percent-encoded data: URIs, so the embedded demo needs no server", async () => {
    expect(await fetchDocument(toDataUri({ a: "ü" }))).to.deep.equal({ a: "ü" });
    expect(await fetchDocument(`data:application/json,${encodeURIComponent('{"b":2}')}`)).to.deep.equal({ b: 2 });
  });

  it("reads JSON over HTTP", async () => {
    const { url, server } = await serve((_req, res) => res.end('{"ok":true}'));
    try {
      expect(await fetchDocument(`${url}/card.json`)).to.deep.equal({ ok: true });
    } finally {
      server.close();
    }
  });

  it("error: oversize, slow, failing, non-JSON and unsupported documents are typed errors", async () => {
    const { url, server } = await serve((req, res) => {
      if (req.url === "/big") return res.end(JSON.stringify({ pad: "x".repeat(5_000) }));
      if (req.url === "/slow") return void setTimeout(() => res.end("{}"), 2_000);
      if (req.url === "/404") return res.writeHead(404).end();
      res.end("<html>");
    });
    try {
      expect(await code(fetchDocument(`${url}/big`, { maxBytes: 1_000 }))).to.equal("REGISTRY_DOC_TOO_LARGE");
      expect(await code(fetchDocument(`${url}/slow`, { timeoutMs: 100 }))).to.equal("REGISTRY_DOC_UNREACHABLE");
      expect(await code(fetchDocument(`${url}/404`))).to.equal("REGISTRY_DOC_UNREACHABLE");
      expect(await code(fetchDocument(`${url}/html`))).to.equal("REGISTRY_DOC_NOT_JSON");
      expect(await code(fetchDocument("file:///etc/passwd"))).to.equal("REGISTRY_DOC_UNREACHABLE");
      expect(await code(fetchDocument(toDataUri({ pad: "x".repeat(2_000) }), { maxBytes: 1_000 }))).to.equal("REGISTRY_DOC_TOO_LARGE");
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
