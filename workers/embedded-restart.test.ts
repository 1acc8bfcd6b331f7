/**
 * The embedded PostgreSQL killed with -9 under heartbeat load. The supervisor `npm start` runs
 * (server/db/embedded-supervisor.ts) owns a cluster of its own in a temp data directory; web
 * and worker only know its URL. After kill -9 of the postmaster:
 * - it is restarted on the same data directory and port, and the outage length is logged;
 * - heartbeats through the real route handlers resume by themselves within 30 s (the pool
 *   reconnects), and every acknowledged (2xx) heartbeat is stored: crash recovery kept them;
 * - while it is down /api/health answers 503 with db "down", and 200 with db "up" afterwards;
 * - the LISTEN connection for live updates reconnects (subscribers get a resync, then events);
 * - a real worker process keeps running and resumes its cycles.
 * Then a postmaster that hangs (SIGSTOP) instead of dying is restarted after missed probes.
 * With a production build in .next, a real `next start` gets half of the load as well.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { POST as heartbeatRoute } from "@/app/api/v1/agents/[id]/heartbeats/route";
import { GET as healthRoute } from "@/app/api/health/route";
import { prepareDatabase } from "../server/bootstrap";
import { closeDb, pool } from "../server/db/client";
import { EmbeddedPostgresSupervisor, readEmbeddedStatus } from "../server/db/embedded-supervisor";
import { liveListener } from "../server/live/listener";
import { call, makeAgents, makeKey } from "../test/http";
import { startWeb, type WebProcess } from "../test/app-process";
import { killWorker, sleep, spawnWorker, waitFor, type SpawnedWorker } from "../test/worker-process";

const AGENT = "pg-kill-load";
const testDatabaseUrl = process.env.DATABASE_URL;
const dir = mkdtempSync(path.join(os.tmpdir(), "vigil-pg-restart-"));
chmodSync(dir, 0o755); // when run as root, postgres runs as its own user and must reach the cluster
const logs: string[] = [];
// Probes as in production but quicker, so the hung-postmaster case fits a test.
const supervisor = new EmbeddedPostgresSupervisor(path.join(dir, "pg"), {
  log: (m) => logs.push(`${new Date().toISOString()} ${m}`),
  probeIntervalMs: 1_000,
  probeTimeoutMs: 2_000,
  hungAfterProbes: 3,
});
let key = "";
let firstUrl = "";
let worker: SpawnedWorker | undefined;
let web: WebProcess | undefined;
const stops: Array<() => void | Promise<void>> = [];

afterAll(async () => {
  for (const stop of stops) await stop();
  killWorker(worker);
  await web?.stop();
  await liveListener().close();
  await closeDb();
  await supervisor.stop().catch(() => undefined);
  process.env.DATABASE_URL = testDatabaseUrl;
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

interface Sent {
  seq: number;
  startedAt: number;
  status: number;
}

/** Heartbeats with a sequence number in their metadata, one after the other, until stopped. */
function startLoad(name: string, send: (seq: number) => Promise<number>, next: () => number) {
  const sent: Sent[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const seq = next();
      const startedAt = Date.now();
      const status = await send(seq).catch(() => 0);
      sent.push({ seq, startedAt, status });
      await sleep(status >= 200 && status < 300 ? 20 : 100);
    }
  })();
  const stop = async () => {
    running = false;
    await loop;
  };
  stops.push(stop);
  return { name, sent, stop };
}

describe("embedded PostgreSQL killed with -9 under heartbeat load", () => {
  it("is restarted by the supervisor; writes resume within 30 s, every acknowledged heartbeat is stored", async () => {
    const url = await supervisor.start();
    firstUrl = url;
    await closeDb();
    process.env.DATABASE_URL = url;
    await prepareDatabase(url);
    key = await makeKey(["ingest"]);
    await makeAgents([AGENT]);

    worker = spawnWorker({ DATABASE_URL: url, VIGIL_HEALTH_CHECK_SECONDS: "1", VIGIL_CYCLE_SECONDS: "1", VIGIL_LEASE_SECONDS: "3", VIGIL_WORKER_HEARTBEAT_SECONDS: "1" });
    const cyclesSince = async (since: Date) =>
      (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM agent_cycles WHERE agent_id = 'agent_coordinator' AND status = 'succeeded' AND started_at > $1", [since])).rows[0]!.n;
    await waitFor("worker cycles before the kill", async () => (await cyclesSince(new Date(0))) >= 1, 30_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n${worker!.output()}`);
    });

    if (existsSync(path.join(".next", "BUILD_ID"))) web = await startWeb({ DATABASE_URL: url, VIGIL_DB_POOL_SIZE: "4" });
    else console.log("embedded restart: no production build in .next (run `npx next build`), so only the route handlers carry the load, no `next start`");

    // Live updates: the shared LISTEN connection must come back after the restart.
    const live: string[] = [];
    stops.push(liveListener().subscribe((m) => live.push(m.type)));
    await waitFor("LISTEN connection", async () => liveListener().state === "listening", 10_000);

    let seq = 0;
    const loads = [
      startLoad("route handlers", async (n) => (await call(heartbeatRoute, { key, params: { id: AGENT }, body: { status: "ok", metadata: { seq: n } } })).status, () => seq++),
    ];
    if (web) {
      const base = web.baseUrl;
      loads.push(
        startLoad(
          "next start",
          async (n) =>
            (
              await fetch(`${base}/api/v1/agents/${AGENT}/heartbeats`, {
                method: "POST",
                headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
                body: JSON.stringify({ status: "ok", metadata: { seq: n } }),
                signal: AbortSignal.timeout(10_000),
              })
            ).status,
          () => seq++,
        ),
      );
    }
    // Health as a load balancer sees it, throughout.
    const health: Array<{ at: number; status: number; db: string }> = [];
    let probing = true;
    const healthLoop = (async () => {
      while (probing) {
        const r = await call(healthRoute, { path: "/api/health" });
        health.push({ at: Date.now(), status: r.status, db: r.body?.db });
        await sleep(250);
      }
    })();
    stops.push(async () => {
      probing = false;
      await healthLoop;
    });

    await waitFor("heartbeats before the kill", async () => loads.every((l) => l.sent.some((s) => s.status === 200)), 15_000);
    await sleep(2_000);

    const pid = supervisor.postmasterPid!;
    const killedAt = Date.now();
    process.kill(pid, "SIGKILL");

    // Writes resume on their own: a 2xx after the failures the kill caused, on every load.
    const resumedAt = await waitFor(
      "heartbeats acknowledged again after the kill",
      async () => {
        const times = loads.map((l) => {
          const firstFailure = l.sent.find((s) => s.startedAt >= killedAt && s.status !== 200);
          return firstFailure ? l.sent.find((s) => s.startedAt > firstFailure.startedAt && s.status === 200)?.startedAt : undefined;
        });
        return times.every((t) => t !== undefined) ? Math.max(...(times as number[])) : null;
      },
      45_000,
    ).catch((e) => {
      throw new Error(`${(e as Error).message}\n${logs.join("\n")}`);
    });
    const back = new Date();
    await sleep(3_000); // more load after the restart
    for (const l of loads) await l.stop();

    const resumeSeconds = (resumedAt - killedAt) / 1000;
    const outageLine = logs.find((l) => /database back after [\d.]+ s/.test(l));
    const acked = loads.flatMap((l) => l.sent.filter((s) => s.status >= 200 && s.status < 300).map((s) => s.seq));
    const stored = new Set(
      (await pool().query<{ seq: number }>("SELECT (metadata->>'seq')::int AS seq FROM heartbeats WHERE agent_id = $1", [AGENT])).rows.map((r) => r.seq),
    );
    const lost = acked.filter((s) => !stored.has(s));
    const statuses = [...new Set(loads.flatMap((l) => l.sent.map((s) => s.status)))].sort((a, b) => a - b);
    console.log(
      `embedded PostgreSQL kill -9: supervisor outage ${supervisor.lastOutageMs! / 1000} s, writes acknowledged again ${resumeSeconds.toFixed(1)} s after the kill; ` +
        `${loads.map((l) => `${l.name}: ${l.sent.length} sent`).join(", ")}; ${acked.length} acknowledged, ${stored.size} stored, ${lost.length} lost; statuses ${statuses.join(", ")}`,
    );
    console.log(logs.join("\n"));

    expect(supervisor.restarts).toBe(1);
    expect(supervisor.postmasterPid).not.toBe(pid);
    expect(supervisor.url).toBe(url); // same port: nobody needed a new URL
    expect(outageLine, logs.join("\n")).toBeDefined();
    expect(readEmbeddedStatus(path.join(dir, "pg"))).toMatchObject({ state: "up", restarts: 1 });
    expect(resumeSeconds).toBeLessThan(30);
    expect(lost).toEqual([]);
    expect(acked.length).toBeGreaterThan(0);
    // During the outage clients are told to retry (503), never a 500.
    expect(statuses.filter((s) => s !== 200 && s !== 503 && s !== 0)).toEqual([]);

    // Health said "down" while it was down and "up" afterwards.
    expect(health.some((h) => h.at > killedAt && h.status === 503 && h.db === "down")).toBe(true);
    await waitFor("health up again", async () => health.at(-1)?.db === "up" && health.at(-1)?.status === 200, 10_000);

    // Live updates: resync after the reconnect, then new events flow again.
    await waitFor("LISTEN reconnected", async () => live.includes("resync"), 35_000);
    const before = live.length;
    expect((await call(heartbeatRoute, { key, params: { id: AGENT }, body: { status: "ok", metadata: { seq: -1 } } })).status).toBe(200);
    await waitFor("a live event after the restart", async () => live.slice(before).includes("heartbeat"), 10_000);

    // The worker rode it out and works again.
    expect(worker.child.exitCode, worker.output()).toBeNull();
    await waitFor("worker cycles after the restart", async () => (await cyclesSince(back)) >= 1, 30_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n${worker!.output()}`);
    });
    if (web) {
      const r = await fetch(`${web.baseUrl}/api/health`);
      expect(r.status).toBe(200);
      expect(web.child.exitCode).toBeNull();
    }
  }, 180_000);

  it("a postmaster that stops answering (SIGSTOP) is restarted after missed probes, nothing acknowledged is lost", async () => {
    expect(supervisor.restarts, "the kill -9 case ran first").toBe(1);
    const pid = supervisor.postmasterPid!;
    let seq = 1_000_000;
    const load = startLoad("route handlers", async (n) => (await call(heartbeatRoute, { key, params: { id: AGENT }, body: { status: "ok", metadata: { seq: n } } })).status, () => seq++);
    await waitFor("heartbeats before the hang", async () => load.sent.some((s) => s.status === 200), 15_000);
    const stoppedAt = Date.now();
    process.kill(pid, "SIGSTOP");
    stops.unshift(() => {
      // Never leave a suspended postgres behind if the supervisor did not deal with it.
      for (const sig of ["SIGCONT", "SIGKILL"] as const) {
        try {
          process.kill(pid, sig);
        } catch {
          // already gone
        }
      }
    });
    await waitFor("the supervisor restarting the hung postmaster", async () => supervisor.restarts === 2, 45_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n${logs.join("\n")}`);
    });
    const restartedAt = Date.now();
    await waitFor("heartbeats acknowledged after the restart", async () => load.sent.some((s) => s.startedAt > restartedAt && s.status === 200), 15_000);
    await load.stop();

    const acked = load.sent.filter((s) => s.status >= 200 && s.status < 300).map((s) => s.seq);
    const stored = new Set(
      (await pool().query<{ seq: number }>("SELECT (metadata->>'seq')::int AS seq FROM heartbeats WHERE agent_id = $1 AND (metadata->>'seq')::int >= 1000000", [AGENT])).rows.map((r) => r.seq),
    );
    const lost = acked.filter((s) => !stored.has(s));
    console.log(
      `embedded PostgreSQL hung (SIGSTOP): restarted ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s after the hang began (supervisor outage ${supervisor.lastOutageMs! / 1000} s); ` +
        `${load.sent.length} sent, ${acked.length} acknowledged, ${lost.length} lost`,
    );
    expect(logs.some((l) => /has not answered 3 probes in a row/.test(l)), logs.join("\n")).toBe(true);
    expect(supervisor.postmasterPid).not.toBe(pid);
    expect(supervisor.url).toBe(firstUrl);
    expect(lost).toEqual([]);
    expect(worker?.child.exitCode, worker?.output()).toBeNull();
  }, 90_000);
});
