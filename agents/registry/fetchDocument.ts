import { RegistryDocumentError } from "./errors.js";

export interface FetchDocumentOptions {
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Largest document accepted, in bytes (64 KiB). */
  maxBytes?: number;
  /** Whole request, headers and body (5 s). */
  timeoutMs?: number;
}

/** A JSON document as a data: URI (base64), so a registration needs no server. */
export function toDataUri(json: unknown): string {
  return `data:application/json;base64,${Buffer.from(JSON.stringify(json), "utf8").toString("base64")}`;
}

/**
 * Reads a JSON document (registration file or Agent Card) from an http(s) or data: URI with a
 * size bound and a timeout. Only JSON is returned; checking its shape is the caller's job.
 *
 * @throws RegistryDocumentError `REGISTRY_DOC_UNREACHABLE` (scheme, network, status, timeout),
 * `REGISTRY_DOC_TOO_LARGE` or `REGISTRY_DOC_NOT_JSON`.
 * @example const file = parseRegistrationFile(await fetchDocument(agentURI));
 */
export async function fetchDocument(uri: string, options: FetchDocumentOptions = {}): Promise<unknown> {
  const maxBytes = options.maxBytes ?? 65_536;
  const text = uri.startsWith("data:") ? decodeDataUri(uri, maxBytes) : await fetchHttp(uri, maxBytes, options);
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new RegistryDocumentError("REGISTRY_DOC_NOT_JSON", "the document is not JSON", { uri: short(uri) }, cause);
  }
}

function decodeDataUri(uri: string, maxBytes: number): string {
  const comma = uri.indexOf(",");
  if (comma < 0) throw new RegistryDocumentError("REGISTRY_DOC_UNREACHABLE", "malformed data: URI", { uri: short(uri) });
  const meta = uri.slice(5, comma);
  const payload = uri.slice(comma + 1);
  const bytes = meta.endsWith(";base64") ? Buffer.from(payload, "base64") : Buffer.from(decodeURIComponent(payload), "utf8");
  if (bytes.length > maxBytes) throw new RegistryDocumentError("REGISTRY_DOC_TOO_LARGE", "the document is too large", { bytes: bytes.length, maxBytes });
  return bytes.toString("utf8");
}

async function fetchHttp(uri: string, maxBytes: number, options: FetchDocumentOptions): Promise<string> {
  if (!/^https?:\/\//i.test(uri)) throw new RegistryDocumentError("REGISTRY_DOC_UNREACHABLE", "unsupported URI scheme", { uri: short(uri) });
  const signal = AbortSignal.timeout(options.timeoutMs ?? 5_000);
  try {
    const res = await (options.fetch ?? fetch)(uri, { signal, redirect: "follow", headers: { accept: "application/json" } });
    if (!res.ok) throw new RegistryDocumentError("REGISTRY_DOC_UNREACHABLE", `HTTP ${res.status}`, { uri: short(uri), status: res.status });
    const declared = Number(res.headers.get("content-length") ?? 0);
    if (declared > maxBytes) throw new RegistryDocumentError("REGISTRY_DOC_TOO_LARGE", "the document is too large", { bytes: declared, maxBytes });
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of res.body ?? []) {
      total += chunk.length;
      if (total > maxBytes) throw new RegistryDocumentError("REGISTRY_DOC_TOO_LARGE", "the document is too large", { bytes: total, maxBytes });
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString("utf8");
  } catch (cause) {
    if (cause instanceof RegistryDocumentError) throw cause;
    throw new RegistryDocumentError("REGISTRY_DOC_UNREACHABLE", "the document could not be fetched", { uri: short(uri) }, cause);
  }
}

/** data: URIs can be long; errors quote their start only. */
function short(uri: string): string {
  return uri.length > 120 ? `${uri.slice(0, 117)}...` : uri;
}
