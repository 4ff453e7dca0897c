// A worker written from docs/PROTOCOL.md, README ("What an agent must run to join") and the
// exported artefacts in docs/protocol (ABIs, EIP-712 types) only: plain JavaScript, viem and node: built-ins, nothing
// imported from this repository's code. It makes its own keys, registers in the ERC-8004
// identity registry, serves its registration file, its signed Agent Card and an A2A JSON-RPC
// endpoint (node:http, no SDK), checks every envelope against the sender's registered wallet,
// bids with an EIP-712 Bid, and on award writes its output, submits on chain and delivers it.
//
//   RPC_URL=… ESCROW_ADDRESS=… REGISTRY_ADDRESS=… SKILLS=haiku PRICE=3000000 node examples/plain-worker.mjs
//
// Optional: HOST (127.0.0.1), NAME, SUCCESS (claimed, 0.9), MISS=requiredTerm (deliver output
// that leaves out one required term: a worker that cuts a corner), PROTOCOL_DIR (docs/protocol).
// It prints one JSON line per event on stdout; the first one asks for gas for its two addresses.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { randomBytes, randomUUID } from "node:crypto";
import { createPublicClient, createWalletClient, defineChain, encodeAbiParameters, getAddress, http, isAddressEqual, keccak256, pad, parseEventLogs, recoverTypedDataAddress, stringToHex, verifyTypedData } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

const env = process.env;
const dir = env.PROTOCOL_DIR ?? new URL("../docs/protocol/", import.meta.url).pathname;
const abi = (name) => JSON.parse(readFileSync(`${dir}/abi/${name}.json`, "utf8"));
const registryAbi = abi("IdentityRegistry");
const escrowAbi = abi("TaskEscrow");
const eip712 = JSON.parse(readFileSync(`${dir}/eip712.json`, "utf8")).types;
const typesOf = (...names) => Object.fromEntries(names.map((n) => [n, eip712[n]]));
const escrow = getAddress(env.ESCROW_ADDRESS);
const registry = getAddress(env.REGISTRY_ADDRESS);
const skills = (env.SKILLS ?? "summarise").split(",").map((s) => s.trim().toLowerCase());
const price = BigInt(env.PRICE ?? "2000000");
const success = Number(env.SUCCESS ?? "0.9");
const host = env.HOST ?? "127.0.0.1";
const MEDIA = "application/vnd.agent-market.envelope+json";
const say = (event, fields = {}) => console.log(JSON.stringify({ event, ...fields }, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));

// PROTOCOL.md §3: canonical JSON (keys sorted by UTF-16 code units, no whitespace, absent keys left out).
const canonical = (v) =>
  Array.isArray(v) ? `[${v.map(canonical).join(",")}]`
  : v !== null && typeof v === "object" ? `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`
  : JSON.stringify(v);
const canonicalHash = (v) => keccak256(stringToHex(canonical(v)));

// Two fresh keys: the owner of the agent id, and the wallet that signs and is paid (bound with its proof).
const owner = privateKeyToAccount(generatePrivateKey());
const wallet = privateKeyToAccount(generatePrivateKey());
const transport = http(env.RPC_URL);
const pub = createPublicClient({ transport });
const chainId = await pub.getChainId();
const chain = defineChain({ id: chainId, name: "market", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [env.RPC_URL] } } });
const asOwner = createWalletClient({ account: owner, chain, transport });
const asWallet = createWalletClient({ account: wallet, chain, transport });
const send = async (client, address, abiOf, functionName, args) => {
  const hash = await client.writeContract({ address, abi: abiOf, functionName, args });
  const receipt = await pub.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
  return receipt;
};
const envelopeDomain = { name: "AgentMarketMessage", version: "1", chainId, verifyingContract: escrow, salt: pad(registry, { size: 32 }) };
const envelopeTypes = typesOf("Envelope");
const escrowDomain = { name: "TaskEscrow", version: "1", chainId, verifyingContract: escrow };

// The endpoint first, so the card can name its URL.
const docs = {};
const handlers = { rpc: async () => ({ receipt: { accepted: false, error: { code: "NOT_READY", message: "starting" } } }) };
const server = createServer(async (req, res) => {
  const reply = (status, body) => (res.writeHead(status, { "content-type": "application/json" }), res.end(JSON.stringify(body)));
  if (req.method === "GET" && docs[req.url]) return reply(200, docs[req.url]);
  if (req.method !== "POST" || req.url !== "/a2a") return reply(404, { error: { code: "NOT_FOUND", message: req.url } });
  let body = "";
  for await (const chunk of req) body += chunk;
  let rpc;
  try {
    rpc = JSON.parse(body);
  } catch {
    return reply(200, { jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse error" } });
  }
  if (rpc.method !== "SendMessage") return reply(200, { jsonrpc: "2.0", id: rpc.id ?? null, error: { code: -32601, message: `method not found: ${rpc.method}` } });
  const envelope = rpc.params?.message?.parts?.find((p) => p.data !== undefined)?.data;
  const contextId = rpc.params?.message?.contextId ?? "";
  const answer = (receipt, taskId) => ({ messageId: randomUUID(), contextId, ...(taskId ? { taskId } : {}), role: "ROLE_AGENT", parts: [{ data: receipt, mediaType: MEDIA }] });
  const { receipt, task } = await handlers.rpc(envelope, rpc.params?.configuration ?? {}).catch((e) => ({ receipt: { accepted: false, error: { code: "RECEIVER_FAULT", message: String(e) } } }));
  // An accepted award opens an A2A task (PROTOCOL.md §2, "On A2A"); every other answer is a message.
  const result = task ? { task: { id: task, contextId, status: { state: "TASK_STATE_WORKING", timestamp: new Date().toISOString(), message: answer(receipt, task) } } } : { message: answer(receipt) };
  reply(200, { jsonrpc: "2.0", id: rpc.id, result });
});
await new Promise((r) => server.listen(0, host, r));
const base = `http://${host}:${server.address().port}`;

say("fund-me", { owner: owner.address, wallet: wallet.address });
while ((await pub.getBalance({ address: owner.address })) === 0n || (await pub.getBalance({ address: wallet.address })) === 0n) await new Promise((r) => setTimeout(r, 100));

// Registration (PROTOCOL.md §1 step 1, README "What an agent must run to join").
const minted = await send(asOwner, registry, registryAbi, "register", [""]);
const agentId = parseEventLogs({ abi: registryAbi, eventName: "Registered", logs: minted.logs })[0].args.agentId;
const deadline = (await pub.getBlock()).timestamp + 240n;
const proof = await wallet.signTypedData({
  domain: { name: "ERC8004IdentityRegistry", version: "1", chainId, verifyingContract: registry },
  types: typesOf("AgentWalletSet"),
  primaryType: "AgentWalletSet",
  message: { agentId, newWallet: wallet.address, owner: owner.address, deadline },
});
await send(asOwner, registry, registryAbi, "setAgentWallet", [agentId, wallet.address, deadline, proof]);
const name = env.NAME ?? "plain-js";
const card = {
  name, description: "a worker written from the protocol docs", url: base, supportedInterfaces: [{ url: `${base}/a2a`, protocolBinding: "JSONRPC", protocolVersion: "1.0" }], version: "1.0.0",
  capabilities: { streaming: false, pushNotifications: true, extensions: [{ uri: "urn:agent-market:card:v1", required: false, params: { chainId, registry, agentId: agentId.toString(), wallet: wallet.address, costPerStep: Number(price), maxSteps: 1 } }] },
  defaultInputModes: [MEDIA], defaultOutputModes: [MEDIA],
  skills: skills.map((s) => ({ id: s, name: s, description: `${s} tasks`, tags: [s] })),
};
const cardTypes = typesOf("AgentCard");
const cardDomain = (registryAddress) => ({ name: "AgentCard", version: "1", chainId, verifyingContract: registryAddress });
card.capabilities.extensions[0].params.signature = await wallet.signTypedData({ domain: cardDomain(registry), types: cardTypes, primaryType: "AgentCard", message: { agentId, wallet: wallet.address, cardHash: canonicalHash(card) } });
docs["/card.json"] = card;
docs["/registration.json"] = {
  type: "https://eips.ethereum.org/EIPS/eip-8004#registration-v1", name, description: card.description,
  services: [{ name: "A2A", endpoint: `${base}/card.json`, version: "1.0" }], active: true,
  registrations: [{ agentId: agentId.toString(), agentRegistry: `eip155:${chainId}:${registry}` }], supportedTrust: ["reputation"],
};
docs["/.well-known/agent-card.json"] = {
  name, description: card.description, version: "1", supportedInterfaces: [{ url: `${base}/a2a`, protocolBinding: "JSONRPC", protocolVersion: "1.0" }],
  capabilities: { streaming: false, pushNotifications: false }, defaultInputModes: [MEDIA], defaultOutputModes: [MEDIA], skills: [],
};
await send(asOwner, registry, registryAbi, "setAgentURI", [agentId, `${base}/registration.json`]);
say("registered", { agentId, wallet: wallet.address, url: base });

// Peers: agent id -> registered wallet, and wallet -> A2A URL from its checked card.
const walletOf = (id) => pub.readContract({ address: registry, abi: registryAbi, functionName: "getAgentWallet", args: [BigInt(id)] });
const peerUrls = new Map();
async function urlOfAgent(id) {
  if (peerUrls.has(id)) return peerUrls.get(id);
  const file = await (await fetch(await pub.readContract({ address: registry, abi: registryAbi, functionName: "tokenURI", args: [BigInt(id)] }))).json();
  const peerCard = await (await fetch(file.services.find((s) => s.name.toLowerCase() === "a2a").endpoint)).json();
  const ext = peerCard.capabilities.extensions.find((e) => e.uri === "urn:agent-market:card:v1").params;
  const { signature, ...unsignedParams } = ext;
  const unsigned = { ...peerCard, capabilities: { ...peerCard.capabilities, extensions: peerCard.capabilities.extensions.map((e) => (e.params === ext ? { ...e, params: unsignedParams } : e)) } };
  const registered = await walletOf(id);
  const ok = BigInt(ext.agentId) === BigInt(id) && isAddressEqual(ext.wallet, registered) && (await verifyTypedData({ address: registered, domain: cardDomain(registry), types: cardTypes, primaryType: "AgentCard", message: { agentId: BigInt(id), wallet: registered, cardHash: canonicalHash(unsigned) }, signature }));
  if (!ok) throw new Error(`agent ${id}'s card is not signed by its registered wallet`);
  const transportCard = await (await fetch(`${peerCard.url}/.well-known/agent-card.json`)).json();
  const rpcUrl = transportCard.supportedInterfaces.find((i) => i.protocolBinding === "JSONRPC").url;
  peerUrls.set(id, { wallet: registered, rpcUrl, base: peerCard.url });
  return peerUrls.get(id);
}

// Envelopes (PROTOCOL.md §2): seal for one recipient, open and check against the registry.
const seen = new Set();
async function open(env) {
  const no = (code, message) => ({ ok: false, error: { name: "EnvelopeError", code, message } });
  if (!env || typeof env !== "object" || !/^0x[0-9a-fA-F]{130}$/.test(env.signature ?? "")) return no("ENVELOPE_INVALID", "not a signed envelope");
  if (!isAddressEqual(env.to, wallet.address)) return no("ENVELOPE_WRONG_RECIPIENT", `addressed to ${env.to}`);
  const now = BigInt(Math.floor(Date.now() / 1000));
  if (BigInt(env.expiry) <= now) return no("ENVELOPE_EXPIRED", "expired");
  if (BigInt(env.expiry) > now + 600n) return no("ENVELOPE_EXPIRY_TOO_FAR", "expiry too far");
  if (canonicalHash(env.payload) !== env.payloadHash.toLowerCase()) return no("ENVELOPE_PAYLOAD_MISMATCH", "payload hash");
  const p = env.payload;
  if ((p.type === "announce" ? p.spec?.taskId : p.taskId)?.toLowerCase() !== env.taskId.toLowerCase()) return no("ENVELOPE_TASK_MISMATCH", "task id");
  const message = { from: BigInt(env.from), to: getAddress(env.to), taskId: env.taskId, expiry: BigInt(env.expiry), nonce: BigInt(env.nonce), payloadHash: env.payloadHash };
  const registered = await walletOf(env.from).catch(() => undefined);
  if (!registered || BigInt(registered) === 0n) return no("ENVELOPE_UNREGISTERED_SENDER", `agent ${env.from} has no wallet`);
  const signer = await recoverTypedDataAddress({ domain: envelopeDomain, types: envelopeTypes, primaryType: "Envelope", message, signature: env.signature }).catch(() => undefined);
  if (!signer || !isAddressEqual(signer, registered)) return no("ENVELOPE_BAD_SIGNATURE", "not signed by the sender's registered wallet");
  if (seen.has(`${signer}|${env.nonce}`)) return no("ENVELOPE_REPLAYED", "replayed");
  seen.add(`${signer}|${env.nonce}`);
  return { ok: true, sender: { agentId: env.from, wallet: registered }, payload: p };
}
async function seal(agentIdTo, payload) {
  const peer = await urlOfAgent(agentIdTo);
  const message = { from: agentId, to: peer.wallet, taskId: payload.taskId, expiry: BigInt(Math.floor(Date.now() / 1000) + 120), nonce: BigInt(`0x${randomBytes(16).toString("hex")}`), payloadHash: canonicalHash(payload) };
  const signature = await wallet.signTypedData({ domain: envelopeDomain, types: envelopeTypes, primaryType: "Envelope", message });
  return { peer, envelope: { ...message, from: agentId.toString(), expiry: message.expiry.toString(), nonce: message.nonce.toString(), signature, payload } };
}
const post = async (url, headers, body) => (await fetch(url, { method: "POST", headers, body: JSON.stringify(body) })).json();
async function tell(agentIdTo, payload) {
  const { peer, envelope } = await seal(agentIdTo, payload);
  const body = { jsonrpc: "2.0", id: randomUUID(), method: "SendMessage", params: { message: { messageId: randomUUID(), contextId: payload.taskId, role: "ROLE_USER", parts: [{ data: envelope, mediaType: MEDIA }] } } };
  const res = await post(peer.rpcUrl, { "content-type": "application/json", "a2a-version": "1.0" }, body);
  const receipt = res.result?.message?.parts?.find((p) => p.data !== undefined)?.data;
  say("sent", { type: payload.type, taskId: payload.taskId, accepted: receipt?.accepted === true, error: receipt?.error?.code ?? res.error?.message });
}
// The result is the artifact of the A2A task the award opened, pushed to the client's registered endpoint only.
async function pushResult(t, payload) {
  const { peer, envelope } = await seal(t.manager.agentId, payload);
  if (t.push?.url !== `${peer.base}/a2a/push`) return say("error", { step: "push", message: `push URL ${t.push?.url} is not the client's registered ${peer.base}/a2a/push` });
  const artifact = { artifactId: "result", name: "result", description: "signed result envelope for the client", parts: [{ mediaType: MEDIA, data: envelope }] };
  const receipt = await post(t.push.url, { "content-type": "application/a2a+json", "x-a2a-notification-token": t.push.token }, { artifactUpdate: { taskId: t.a2aTask, contextId: payload.taskId, lastChunk: true, artifact } });
  say("sent", { type: payload.type, taskId: payload.taskId, via: "push", accepted: receipt?.accepted === true, error: receipt?.error?.code });
}

// The contract net (PROTOCOL.md §1 steps 2-5).
const tasks = new Map();
handlers.rpc = async (envelope, configuration) => {
  const r = await open(envelope);
  if (!r.ok) return { receipt: { accepted: false, error: r.error } };
  const m = r.payload;
  say("received", { type: m.type, taskId: m.type === "announce" ? m.spec.taskId : m.taskId, from: r.sender.agentId, code: m.code });
  if (m.type === "announce" && isAddressEqual(m.manager, r.sender.wallet)) setImmediate(() => bid(m, r.sender).catch((e) => say("error", { step: "bid", message: String(e) })));
  const t = tasks.get((m.type === "announce" ? m.spec.taskId : m.taskId).toLowerCase());
  if (m.type === "award" && t && isAddressEqual(r.sender.wallet, t.terms.client) && !t.a2aTask) {
    t.a2aTask = randomUUID();
    t.push = configuration.taskPushNotificationConfig;
    setImmediate(() => work(t).catch((e) => say("error", { step: "work", message: String(e) })));
    return { receipt: { accepted: true }, task: t.a2aTask };
  }
  if (m.type === "report" && m.outcome === "disputed" && t?.delivered && isAddressEqual(r.sender.wallet, t.terms.client)) setImmediate(() => defend(t).catch((e) => say("error", { step: "evidence", message: String(e) })));
  return { receipt: { accepted: true } };
};

async function bid(a, manager) {
  const spec = a.spec;
  if (a.chainId !== chainId || !isAddressEqual(a.escrow, escrow) || canonicalHash(spec) !== a.specHash.toLowerCase()) return say("ignored", { taskId: spec.taskId, why: "other market or spec hash" });
  if (!spec.requiredSkills.every((s) => skills.includes(s.toLowerCase())) || price > BigInt(spec.budget)) return say("ignored", { taskId: spec.taskId, why: "skills or budget" });
  const terms = {
    taskId: spec.taskId, specHash: a.specHash, client: getAddress(a.manager), worker: wallet.address, token: getAddress(spec.token), amount: price, arbiter: getAddress(spec.arbiter),
    deadline: BigInt(spec.deadline), reviewPeriod: BigInt(spec.reviewPeriod), expiry: (await pub.getBlock()).timestamp + 600n, nonce: BigInt(`0x${randomBytes(8).toString("hex")}`), claimedSuccessBps: Math.round(success * 10_000),
  };
  const signature = await wallet.signTypedData({ domain: escrowDomain, types: typesOf("Bid"), primaryType: "Bid", message: terms });
  tasks.set(spec.taskId.toLowerCase(), { spec, manager, terms });
  const wire = Object.fromEntries(Object.entries(terms).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]));
  await tell(manager.agentId, { type: "bid", taskId: spec.taskId, agentId: agentId.toString(), terms: wire, signature, estimate: { price: price.toString(), estimatedSteps: 1, estimatedSeconds: 5, successProbability: success, rationale: "fixed price, written by a plain script" } });
}

// Honest output meets every machine check it can read from the spec's criteria; MISS leaves one out.
function produce(spec) {
  const c = spec.criteria ?? {};
  let terms = c.requiredTerms ?? [];
  if (env.MISS === "requiredTerm") terms = terms.slice(0, -1);
  const prefix = /^\^[\w ]+$/.test(c.pattern ?? "") ? c.pattern.slice(1) : "";
  let out = `${prefix}${spec.title}. ${terms.map((t) => `This covers ${t}.`).join(" ")}`;
  while (out.length < (c.minLength ?? 0)) out += " The work follows the description.";
  return out.slice(0, c.maxLength ?? out.length);
}

async function work(t) {
  const taskId = t.spec.taskId.toLowerCase();
  // The award message is only a hint: act on TaskFunded naming this wallet with exactly the signed terms.
  let funded;
  for (let tries = 0; !funded && tries < 100; tries++) {
    const logs = await pub.getContractEvents({ address: escrow, abi: escrowAbi, eventName: "TaskFunded", args: { taskId, worker: wallet.address }, fromBlock: 0n, strict: true });
    funded = logs.map((l) => l.args).find((f) => isAddressEqual(f.client, t.terms.client) && f.amount === t.terms.amount && f.specHash.toLowerCase() === t.terms.specHash.toLowerCase());
    if (!funded) await new Promise((r) => setTimeout(r, 100));
  }
  if (!funded) return say("error", { step: "work", message: `no TaskFunded for ${taskId}` });
  const output = produce(t.spec);
  const resultHash = keccak256(stringToHex(output));
  const s = funded.settings;
  const bits = (from, width) => (s >> BigInt(from)) & ((1n << BigInt(width)) - 1n);
  const coldHash = keccak256(encodeAbiParameters(
    [{ type: "address" }, { type: "uint16" }, { type: "uint16" }, { type: "uint32" }, { type: "address" }, { type: "address" }],
    [funded.arbiter, Number(bits(16, 16)), Number(bits(32, 16)), Number(bits(48, 32)), getAddress(`0x${bits(80, 160).toString(16).padStart(40, "0")}`), funded.referrer],
  ));
  const hot = { client: funded.client, worker: funded.worker, token: funded.token, amount: funded.amount, deadline: funded.deadline, reviewPeriod: funded.reviewPeriod, feeBps: Number(bits(0, 16)) };
  await send(asWallet, escrow, escrowAbi, "submit", [taskId, hot, coldHash, resultHash]);
  const signature = await wallet.signTypedData({ domain: escrowDomain, types: typesOf("Result"), primaryType: "Result", message: { taskId, resultHash } });
  say("submitted", { taskId, resultHash });
  t.delivered = { worker: wallet.address, output, resultHash, signature };
  await pushResult(t, { type: "result", taskId, ...t.delivered });
}

// Disputed: the spec and the signed result go to the task's arbiter only (PROTOCOL.md §2 evidence).
// The registry maps ids to wallets, not back: find the arbiter's id among the Registered agents.
async function defend(t) {
  const registered = await pub.getContractEvents({ address: registry, abi: registryAbi, eventName: "Registered", fromBlock: 0n, strict: true });
  let arbiterId;
  for (const log of registered) if (isAddressEqual(await walletOf(log.args.agentId), t.terms.arbiter)) arbiterId = log.args.agentId;
  if (arbiterId === undefined) return say("error", { step: "evidence", message: `arbiter ${t.terms.arbiter} is not registered` });
  await tell(arbiterId, { type: "evidence", taskId: t.spec.taskId, client: t.terms.client, spec: t.spec, result: t.delivered, reason: "the worker's delivered result" });
}

say("waiting for tasks", { skills });
process.on("SIGTERM", () => server.close(() => process.exit(0)));
