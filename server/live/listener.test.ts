import { afterAll, describe, expect, it } from "vitest";
import { storeHeartbeat } from "../agents/heartbeats";
import { db, pool } from "../db/client";
import { registerRoster } from "../../workers/agents/coordinator";
import { notifyLive } from "./channel";
import { liveBatches, liveListener, type LiveBatch } from "./listener";

async function next(it: AsyncIterator<LiveBatch>, ms = 5_000): Promise<LiveBatch> {
  const r = await Promise.race([it.next(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error("no batch in time")), ms))]);
  if (r.done) throw new Error("stream ended");
  return r.value;
}

async function untilListening(it: AsyncIterator<LiveBatch>): Promise<void> {
  for (;;) if ((await next(it)).feed === "listening") return;
}

describe("live listener", () => {
  afterAll(async () => {
    await liveListener().close();
  });

  it("fans one LISTEN connection out to every subscriber and coalesces bursts", async () => {
    const a = new AbortController();
    const b = new AbortController();
    const s1 = liveBatches(a.signal, 200)[Symbol.asyncIterator]();
    const s2 = liveBatches(b.signal, 200)[Symbol.asyncIterator]();
    await untilListening(s1);
    await untilListening(s2);
    expect(liveListener().subscriberCount).toBe(2);

    await notifyLive({ type: "heartbeat", agentId: "alpha" }, pool());
    const first = await next(s1);
    expect(first.topics).toEqual(["heartbeat"]);
    expect(first.agentIds).toEqual(["alpha"]);
    expect((await next(s2)).agentIds).toEqual(["alpha"]);

    // A burst inside the throttle window arrives as one batch.
    await notifyLive({ type: "heartbeat", agentId: "beta" }, pool());
    await notifyLive({ type: "events", agentIds: ["gamma"] }, pool());
    await notifyLive({ type: "heartbeat", agentId: "beta" }, pool());
    await new Promise((r) => setTimeout(r, 300));
    const burst = await next(s1);
    expect(burst.topics.sort()).toEqual(["events", "heartbeat"]);
    expect(burst.agentIds.sort()).toEqual(["beta", "gamma"]);

    a.abort();
    b.abort();
    await s1.return?.(undefined);
    await s2.return?.(undefined);
    expect(liveListener().subscriberCount).toBe(0);
  });

  it("reconnects after the connection is killed and tells subscribers to resync", async () => {
    const ac = new AbortController();
    const s = liveBatches(ac.signal, 50)[Symbol.asyncIterator]();
    await untilListening(s);
    // Kill the listener's backend from another session.
    await pool().query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN vigil_live' AND pid <> pg_backend_pid()");
    let sawResync = false;
    for (let i = 0; i < 10 && !sawResync; i++) {
      const b = await next(s, 10_000);
      if (b.topics.includes("resync")) sawResync = true;
    }
    expect(sawResync).toBe(true);
    expect(liveListener().state).toBe("listening");
    await notifyLive({ type: "agent", agentId: "delta" }, pool());
    let got: LiveBatch;
    do got = await next(s); while (!got.topics.includes("agent"));
    expect(got.agentIds).toContain("delta");
    ac.abort();
    await s.return?.(undefined);
  });

  it("delivers the live event a stored heartbeat carries, and none for an unknown agent", async () => {
    await registerRoster(db());
    const ac = new AbortController();
    const s = liveBatches(ac.signal, 50)[Symbol.asyncIterator]();
    await untilListening(s);
    expect(await storeHeartbeat(db(), "no-such-agent", {}, new Date(), { notify: { type: "heartbeat", agentId: "no-such-agent" } })).toBeNull();
    expect(await storeHeartbeat(db(), "agent_coordinator", {}, new Date(), { notify: { type: "heartbeat", agentId: "agent_coordinator" } })).not.toBeNull();
    let got: LiveBatch;
    do got = await next(s); while (!got.topics.includes("heartbeat"));
    expect(got.agentIds).toEqual(["agent_coordinator"]);
    ac.abort();
    await s.return?.(undefined);
  });

  it("a change naming no agent (empty list) makes the whole batch concern every agent", async () => {
    const ac = new AbortController();
    const s = liveBatches(ac.signal, 200)[Symbol.asyncIterator]();
    await untilListening(s);
    await notifyLive({ type: "heartbeat", agentId: "alpha" }, pool());
    let first: LiveBatch;
    do first = await next(s); while (!first.topics.includes("heartbeat"));
    expect(first.allAgents).toBe(false);
    // Inside the throttle window: coalesced with a change that names no agent.
    await notifyLive({ type: "heartbeat", agentId: "beta" }, pool());
    await notifyLive({ type: "incidents", agentIds: [] }, pool());
    let got: LiveBatch;
    do got = await next(s); while (!got.topics.includes("incidents"));
    expect(got.allAgents).toBe(true);
    expect(got.agentIds).toEqual([]);
    ac.abort();
    await s.return?.(undefined);
  });
});
