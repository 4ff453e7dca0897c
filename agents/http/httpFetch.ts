import { request, type Agent } from "node:http";

/**
 * A `fetch` for plain-HTTP peers over node:http and a keep-alive agent (idle sockets are closed
 * by the client before the A2A servers' 60 s keep-alive ends): the same answer as
 * the global fetch (status, headers, body as a Response) for the few requests an A2A client
 * makes (a JSON POST, a GET of a card), without undici's per-request streams and machinery,
 * which were most of a message's client-side cost. `https:` and anything else go to the global
 * fetch. The body is read whole before the Response is built (A2A answers are small JSON).
 *
 * @example
 * const fetchImpl = httpFetch(new Agent({ keepAlive: true }));
 * const client = await new ClientFactory({ transports: [new JsonRpcTransportFactory({ fetchImpl })] }).createFromUrl(url);
 */
export function httpFetch(agent: Agent): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== "http:" || input instanceof Request || (init?.body !== undefined && init.body !== null && typeof init.body !== "string")) return fetch(input, init);
    const headers = new Headers(init?.headers);
    const body = init?.body ?? undefined;
    if (body !== undefined) headers.set("content-length", String(Buffer.byteLength(body)));
    return new Promise<Response>((resolve, reject) => {
      const req = request(url, { method: init?.method ?? "GET", headers: Object.fromEntries(headers), agent, signal: init?.signal ?? undefined }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.once("error", reject);
        res.once("end", () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(", ") : v);
          const status = res.statusCode ?? 500;
          const nullBody = status === 204 || status === 304 || init?.method === "HEAD";
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? "", headers: h }));
        });
      });
      req.once("error", reject);
      req.end(body);
    });
  };
}
