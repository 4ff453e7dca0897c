import { expect } from "chai";
import { network } from "hardhat";
import { after, before, describe, it } from "mocha";
import { mkdir } from "node:fs/promises";
import type { Page } from "playwright-core";
import { keccak256, stringToHex, type Address, type Hex, type PublicClient } from "viem";
import { createEscrowClient } from "../../agents/chain/escrow.js";
import { taskEscrowAbi } from "../../agents/chain/taskEscrowAbi.js";
import { serveDemo, type DemoServers } from "../../agents/dashboard/serveDemo.js";
import { parseDemoArgs } from "../../agents/demo/args.js";
import { readChainReport } from "../../agents/demo/chainReport.js";
import { gini, swarmMetrics } from "../../agents/demo/metrics.js";
import { runDemo } from "../../agents/demo/runDemo.js";
import type { DemoSummary, LiveDemo } from "../../agents/demo/summary.js";
import { launchChromium } from "./support/browser.js";
import { startTamperProxy } from "./support/tamperProxy.js";

const SHOTS = "test-output/dashboard";
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

interface Setup {
  summary: DemoSummary;
  live: LiveDemo;
  servers: DemoServers;
  /** The review whose proof the proxy between dashboard and indexer alters. */
  target: Hex;
  tampered: () => number;
  /** Mines a block on the served chain; returns its number. */
  mine: () => Promise<bigint>;
}

describe("dashboard (browser)", function () {
  this.timeout(180_000);
  let setup: Setup;
  let demo: Promise<unknown>;
  let release: () => void = () => {};
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    const { viem, ignition, networkName, networkHelpers, provider } = await network.create();
    const held = new Promise<void>((r) => (release = r));
    let ready!: (s: Setup) => void;
    const served = new Promise<Setup>((r) => (ready = r));
    // A short market run; the dashboard is served while it is still up (as `./run demo --serve`).
    demo = runDemo(
      { viem, ignition, networkName, increaseTime: (t) => networkHelpers.time.increase(t), planOnly: true },
      parseDemoArgs(["--tasks", "6", "--workers", "4", "--seed", "5"]),
      () => {},
      async (summary, live) => {
        const dataset = JSON.parse(await (await live.market.indexer!.app.request(`/epochs/${summary.epochs[0]!.epoch}/dataset`)).text()) as { leaves: { id: Hex }[] };
        const target = dataset.leaves[0]!.id;
        let tampered = () => 0;
        const servers = await serveDemo(live, provider, { DASHBOARD_PORT: "0" }, () => {}, async (url) => {
          const proxy = await startTamperProxy(url, target);
          tampered = proxy.tampered;
          return proxy;
        });
        const mine = async () => {
          await provider.request({ method: "evm_mine", params: [] });
          return live.market.publicClient.getBlockNumber({ cacheTime: 0 });
        };
        ready({ summary, live, servers, target, tampered: () => tampered(), mine });
        await held;
        await servers.close();
      },
    );
    setup = await Promise.race([served, demo.then(() => Promise.reject(new Error("the demo ended before serving")))]);
    await mkdir(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    release();
    await demo;
  });

  const open = async (view: string) => {
    await page.goto(`${setup.servers.dashboardUrl}#${view}`);
    await page.locator("[data-updated]:not([data-updated=''])").waitFor();
  };

  it("lists every task from its announcement and bid count, each funded one with the status the chain has, and says when it last updated", async () => {
    const { live } = setup;
    const client = live.market.publicClient as PublicClient;
    const funded = await client.getContractEvents({ address: live.contracts.escrow, abi: taskEscrowAbi, eventName: "TaskFunded", fromBlock: live.blocks.escrow });
    const escrow = createEscrowClient({ publicClient: client, walletClient: live.market.wallets.manager as never, address: live.contracts.escrow, fromBlock: live.blocks.escrow });
    const announced = live.market.manager.announced();
    await open("market");
    await page.locator("tr[data-task]").first().waitFor();
    // Every task the manager announced is a row, funded or not, and so is every task funded on chain
    // (the demo's team task is funded by the team's bid, not announced through the manager).
    const keys = new Set([...announced.map((a) => `${a.client}:${a.taskId}`.toLowerCase()), ...funded.map((l) => `${l.args.client}:${l.args.taskId}`.toLowerCase())]);
    expect(await page.locator("tr[data-task]").count()).to.equal(keys.size).and.to.be.at.least(funded.length);
    expect(funded.length).to.be.greaterThan(0);
    for (const log of funded) {
      const id = (log.args.taskId as Hex).toLowerCase();
      const { status } = await escrow.getTask({ client: log.args.client as Hex, taskId: id as Hex });
      const row = page.locator(`tr[data-task="${id}"]`);
      expect(await row.getAttribute("data-status"), id).to.equal(status);
      // The steps before funding come from the manager's list: announced, then the bids it received.
      const listed = announced.find((a) => a.taskId === id && a.client.toLowerCase() === (log.args.client as string).toLowerCase());
      if (!listed) {
        expect(await row.locator("[data-path]").innerText()).to.match(/^funded/);
        continue;
      }
      const bids = listed.bidsReceived;
      const signed = live.market.workers.filter((w) => w.record(id as Hex)?.bid).length;
      expect(bids, `${id}: bids counted vs workers that signed one`).to.be.within(1, signed);
      expect(await row.locator("[data-path]").innerText()).to.match(new RegExp(`^announced → ${bids} bids? received → funded`));
    }
    for (const a of announced.filter((x) => !funded.some((l) => (l.args.taskId as Hex).toLowerCase() === x.taskId))) {
      expect(await page.locator(`tr[data-task="${a.taskId}"]`).getAttribute("data-status"), a.taskId).to.equal("None");
    }
    expect(await page.locator(".updated").innerText()).to.match(/Last updated \d/);
    await page.screenshot({ path: `${SHOTS}/market.png`, fullPage: true });
  });

  it("updates live: a block mined and a task announced after the page loaded show up, with a newer last-updated time, without a reload", async () => {
    await open("market");
    const stamp = await page.locator("[data-updated]").getAttribute("data-updated");
    const block = await setup.mine();
    await page.locator(`[data-head="${block}"]`).waitFor({ timeout: 15_000 });
    expect(await page.locator("[data-updated]").getAttribute("data-updated")).to.not.equal(stamp);
    // A task announced now shows up before any funding, then closes unawarded (nobody has the skill).
    const { live } = setup;
    const now = Number((await live.market.publicClient.getBlock()).timestamp);
    const taskId = keccak256(stringToHex("dashboard-live-announcement"));
    await live.market.manager.announce({ taskId, title: "Juggle", description: "Nobody here can.", requiredSkills: ["juggling"], budget: "1000000", token: live.contracts.token, deadline: now + 3_600, reviewPeriod: 600, arbiter: live.market.accounts.arbiter });
    const row = page.locator(`tr[data-task="${taskId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute("data-status")).to.equal("None");
    expect(await row.locator("[data-path]").innerText()).to.equal("announced → 0 bids received");
    await page.locator(`tr[data-task="${taskId}"][data-phase="unawarded"]`).waitFor({ timeout: 15_000 });
    expect(await row.innerText()).to.include("not awarded");
  });

  it("marks a review proven only after checking its proof against the on-chain root, and a tampered proof failed with the reason", async () => {
    const anchored = setup.summary.epochs.reduce((n, e) => n + e.leafCount, 0);
    await open("agents");
    const target = page.locator(`[data-review="${setup.target}"]`);
    await target.waitFor({ state: "attached" });
    expect(setup.tampered(), "the proxy altered the target's proof").to.be.greaterThan(0);
    expect(await page.locator("[data-review]").count()).to.equal(anchored);
    expect(await target.locator("[data-badge]").getAttribute("data-badge")).to.equal("failed");
    expect(await target.locator("[data-reason]").textContent()).to.match(/proof does not lead to the on-chain root 0x[0-9a-f]{8}… of epoch \d+/);
    expect(await page.locator('[data-badge="proven"]').count()).to.equal(anchored - 1);
    // Agents are named from the identity registry the indexer mirrors (GET /agents), by wallet.
    for (const w of setup.summary.workers) {
      expect(await page.locator(`article[data-agent="${w.address}"] h3`).innerText(), w.name).to.match(new RegExp(`^${w.name} #${w.agentId}\\b`));
    }
    // Open the reviews of the agent with the tampered one, for the screenshot.
    await page.locator("article", { has: target }).locator("summary").click();
    await target.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/agents.png` });
  });

  it("charts the run's success rate, dispute rate, Gini and throughput", async () => {
    const { live } = setup;
    const chain = await readChainReport(live.market.publicClient as PublicClient, live.contracts.escrow, live.blocks.escrow);
    const funded = await (live.market.publicClient as PublicClient).getContractEvents({ address: live.contracts.escrow, abi: taskEscrowAbi, eventName: "TaskFunded", fromBlock: live.blocks.escrow });
    const workers = [...new Set(funded.map((l) => (l.args.worker as Address).toLowerCase()))];
    const earnings = new Map([...chain.earnings].map(([a, v]) => [a.toLowerCase(), v]));
    const m = swarmMetrics({ outcomes: [...chain.outcomes.values()], earningsByWorker: workers.map((w) => earnings.get(w) ?? 0n), coordinationMs: 0, workMs: 0 });
    await open("metrics");
    expect(await page.locator('[data-metric="successRate"]').innerText()).to.equal(pct(m.successRate));
    expect(await page.locator('[data-metric="disputeRate"]').innerText()).to.equal(pct(m.disputeRate));
    expect(await page.locator('[data-metric="gini"]').innerText()).to.equal(gini(workers.map((w) => earnings.get(w) ?? 0n)).toFixed(3));
    for (const id of ["rates", "gini", "throughput"]) {
      const fig = page.locator(`[data-chart="${id}"]`);
      const box = await fig.locator("canvas").boundingBox();
      expect(box && box.width > 200 && box.height > 100, `${id} chart drawn`).to.equal(true);
    }
    expect(Number(await page.locator('[data-chart="rates"]').getAttribute("data-points"))).to.equal(chain.outcomes.size);
    expect(await page.locator('[data-chart="rates"] [data-caption]').innerText()).to.include(`${pct(m.successRate)} success, ${pct(m.disputeRate)} disputes after ${chain.outcomes.size} settlements`);
    await page.screenshot({ path: `${SHOTS}/metrics.png`, fullPage: true });
  });

  it("rebuilds an anchored epoch's root from its downloaded dataset in the page", async () => {
    await open("epochs");
    const first = setup.summary.epochs[0]!;
    const row = page.locator(`tr[data-epoch="${first.epoch}"]`);
    await row.getByRole("button", { name: /recompute root/ }).click();
    await row.locator("[data-recompute]").waitFor();
    expect(await row.locator("[data-recompute]").getAttribute("data-recompute")).to.equal("match");
    expect(await row.innerText()).to.include(`${first.leafCount} leaves rebuild the anchored root ${first.root.slice(0, 10)}`);
    await page.screenshot({ path: `${SHOTS}/epochs.png`, fullPage: true });
  });

  it("can be driven from the keyboard: the view links are reachable with Tab and open with Enter", async () => {
    await open("market");
    let focused = "";
    for (let i = 0; i < 12 && focused !== "Metrics"; i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate<string>("document.activeElement?.innerText ?? ''");
    }
    expect(focused).to.equal("Metrics");
    await page.keyboard.press("Enter");
    await page.locator("#metrics-h").waitFor();
    expect(pageErrors, "no script errors in the page").to.deep.equal([]);
  });
});
