import { expect } from "chai";
import { describe, it } from "mocha";
import { randomBytes } from "node:crypto";
import { ConfigError } from "../../agents/errors.js";
import { leaderLockKey, parseIndexerRole, postgresLeaderLock, soleLeader } from "../../agents/indexer/leader.js";
import { runAsLeader } from "../../agents/indexer/runAsLeader.js";

const DB = process.env.TEST_DATABASE_URL;
const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
};

/** A worker loop that only counts how many copies of it run at once. */
function counter() {
  const c = { running: 0, max: 0, started: 0 };
  const start = () => {
    c.running += 1;
    c.started += 1;
    c.max = Math.max(c.max, c.running);
    let end!: () => void;
    const done = new Promise<void>((r) => (end = r));
    return {
      done,
      async stop() {
        end();
        c.running -= 1;
      },
    };
  };
  return { c, start };
}

describe("indexer roles and leader lock", function () {
  this.timeout(30_000);

  it("one holder at a time on PostgreSQL: a second worker stands by and leads once the first is gone", async function () {
    if (!DB) this.skip(); // real PostgreSQL (CI sets TEST_DATABASE_URL)
    const key = leaderLockKey(`test-${randomBytes(6).toString("hex")}`);
    const [a, b] = [counter(), counter()];
    const states: string[] = [];
    const first = runAsLeader(postgresLeaderLock(DB!, key), a.start, { pollMs: 50, onChange: (s) => states.push(`a:${s}`) });
    expect(await until(() => a.c.running === 1)).to.equal(true);
    const second = runAsLeader(postgresLeaderLock(DB!, key), b.start, { pollMs: 50, onChange: (s) => states.push(`b:${s}`) });
    await new Promise((r) => setTimeout(r, 300));
    expect(b.c.started, "the standby never runs while the leader holds the lock").to.equal(0);
    await first.stop(); // closes its session: the lock is free
    expect(await until(() => b.c.running === 1)).to.equal(true);
    expect(a.c.running + b.c.running).to.equal(1);
    await second.stop();
    expect(states).to.deep.equal(["a:leader", "b:standby", "b:leader"]);
  });

  it("error: a worker whose lock connection cannot be made stays standby and never runs the loop", async () => {
    const { c, start } = counter();
    const states: string[] = [];
    const w = runAsLeader(postgresLeaderLock("postgres://nobody:x@127.0.0.1:1/none", 1n), start, { pollMs: 20, onChange: (s) => states.push(s) });
    await new Promise((r) => setTimeout(r, 300));
    await w.stop();
    expect(c.started).to.equal(0);
    expect(states).to.deep.equal(["standby"]);
  });

  it("runs both roles in one process on the embedded database, where it is the only leader", async () => {
    const { c, start } = counter();
    const w = runAsLeader(soleLeader, start, { pollMs: 20 });
    expect(await until(() => c.running === 1)).to.equal(true);
    await w.stop();
    expect(c.running).to.equal(0);
    expect(parseIndexerRole([], {})).to.equal("all");
    expect(parseIndexerRole(["worker"], { DATABASE_URL: "postgres://x@h/db" })).to.equal("worker");
  });

  it("error: api or worker without DATABASE_URL, a read replica without it, or an unknown role, is a ConfigError", () => {
    expect(() => parseIndexerRole(["api"], {})).to.throw(ConfigError, /needs DATABASE_URL/);
    expect(() => parseIndexerRole(["worker"], {})).to.throw(ConfigError, /needs DATABASE_URL/);
    expect(() => parseIndexerRole(["leader"], { DATABASE_URL: "postgres://x@h/db" })).to.throw(ConfigError, /expected all, api or worker/);
    // A replica of what? The embedded database has none.
    expect(() => parseIndexerRole(["all"], { DATABASE_READ_URL: "postgres://x@replica/db" })).to.throw(ConfigError, /DATABASE_READ_URL .* DATABASE_URL, which is not set/);
    expect(parseIndexerRole(["api"], { DATABASE_URL: "postgres://x@h/db", DATABASE_READ_URL: "postgres://x@replica/db" })).to.equal("api");
  });
});
