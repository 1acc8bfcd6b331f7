/**
 * Horizontal deployment (docs/scaling.md): two `next start` web processes and two worker processes
 * against one Postgres. Checks what a load balancer in front of the webs relies on:
 * - requests spread over both webs see one state (register on A, heartbeat on B, read on A);
 * - API keys and dashboard sessions are valid on both (they live in Postgres, not in a process);
 * - a live update produced by a write on web A reaches an SSE subscriber connected to web B
 *   (LISTEN/NOTIFY fans out through Postgres);
 * - both workers run, /api/health on each web sees them;
 * - the per-key rate limit is per web process (documented): the limit is reached on A while B
 *   still accepts the same key.
 * Needs the production build (`npx next build`; npm test builds before this).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "../db/client";
import { startWeb, type WebProcess } from "../../test/app-process";
import { userWithSession } from "../../test/sessions";
import { killWorker, spawnWorker, waitFor, type SpawnedWorker } from "../../test/worker-process";
import { makeKey } from "../../test/http";

const RATE_LIMIT = 40;
const webs: WebProcess[] = [];
const workers: SpawnedWorker[] = [];
let key = "";

beforeAll(async () => {
  key = await makeKey(["ingest", "read"]);
  const env = { DATABASE_URL: process.env.DATABASE_URL!, VIGIL_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) };
  const wenv = { VIGIL_HEALTH_CHECK_SECONDS: "1", VIGIL_LEASE_SECONDS: "3", VIGIL_WORKER_HEARTBEAT_SECONDS: "1" };
  workers.push(spawnWorker(wenv), spawnWorker(wenv));
  webs.push(...(await Promise.all([startWeb(env), startWeb(env)])));
}, 120_000);

afterAll(async () => {
  workers.forEach((w) => killWorker(w, "SIGTERM"));
  await Promise.all(webs.map((w) => w.stop()));
});

const api = (web: WebProcess, path: string, init: RequestInit = {}) =>
  fetch(`${web.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...init.headers } });

/** Reads an SSE stream until `match` appears in the text, or the timeout. */
async function sseUntil(res: Response, match: (text: string) => boolean, timeoutMs: number): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
      if (!chunk || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
      if (match(text)) return text;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  throw new Error(`no matching SSE event within ${timeoutMs} ms; got:\n${text.slice(0, 2000)}`);
}

describe("two web processes and two workers on one Postgres", () => {
  it("share state, keys, sessions and live updates; both workers run", async () => {
    const [a, b] = webs as [WebProcess, WebProcess];
    expect(a.baseUrl).not.toBe(b.baseUrl);

    // One state across webs.
    expect((await api(a, "/api/v1/agents", { method: "POST", body: JSON.stringify({ id: "mn-agent", name: "Multi node" }) })).status).toBeLessThan(300);
    const hb = await api(b, "/api/v1/agents/mn-agent/heartbeats", { method: "POST", body: JSON.stringify({ status: "ok" }) });
    expect(hb.status).toBe(200);
    const seen = await (await api(a, "/api/v1/agents/mn-agent")).json();
    expect(seen.lastHeartbeatAt).not.toBeNull();

    // A dashboard session made once works on both webs.
    const user = await userWithSession("viewer");
    for (const web of webs) {
      const r = await fetch(`${web.baseUrl}/api/trpc/agents.byId?input=${encodeURIComponent(JSON.stringify({ id: "mn-agent" }))}`, { headers: { cookie: user.cookie } });
      expect(r.status, web.baseUrl).toBe(200);
      expect((await r.json()).result.data.id).toBe("mn-agent");
    }

    // Live: subscribe on B, write on A.
    const sub = await fetch(`${b.baseUrl}/api/trpc/live.changes`, { headers: { cookie: user.cookie, accept: "text/event-stream" } });
    expect(sub.status).toBe(200);
    const received = sseUntil(sub, (t) => t.includes("mn-agent"), 15_000);
    await new Promise((r) => setTimeout(r, 500)); // the subscription is registered before the write
    expect((await api(a, "/api/v1/agents/mn-agent/heartbeats", { method: "POST", body: "{}" })).status).toBe(200);
    expect(await received).toContain("heartbeat");

    // Both workers registered and seen by both webs.
    await waitFor("two live workers", async () => (await pool().query("SELECT count(*)::int AS n FROM worker_processes WHERE stopped_at IS NULL")).rows[0].n === 2, 60_000);
    for (const web of webs) {
      const h = await waitFor("worker up", async () => {
        const body = await (await fetch(`${web.baseUrl}/api/health`)).json();
        return body.worker === "up" ? body : null;
      }, 30_000);
      expect(h).toMatchObject({ status: "ok", db: "up", worker: "up" });
    }

    // Per-process rate limit: exhaust the key on A; B still answers it.
    let limited: Response | null = null;
    for (let i = 0; i < RATE_LIMIT + 5 && !limited; i++) {
      const r = await api(a, "/api/v1/agents/mn-agent");
      if (r.status === 429) limited = r;
      else await r.arrayBuffer();
    }
    expect(limited?.status).toBe(429);
    expect(limited?.headers.get("retry-after")).toBeTruthy();
    expect((await api(b, "/api/v1/agents/mn-agent")).status).toBe(200);
  }, 180_000);
});
