/**
 * Dashboard figures: the tRPC queries the overview page and the agent-detail page make
 * on load, called over HTTP on the running `next start` with a real session cookie (admin user
 * created for the bench, signed in through /api/auth), as one batched GET per page like the
 * browser's httpBatchLink. Sequential requests; p95 of N page loads on the seeded dataset.
 * Reference: GET /api/health (one trivial query through the same web process) in the same loop.
 */
import { createUser } from "../../server/users/service";
import { db } from "../../server/db/client";
import { figure, stats, type BenchContext, type Figure } from "../lib";

type Call = [procedure: string, input?: unknown];

const OVERVIEW: Call[] = [
  ["health.system"],
  ["agents.stateCounts"],
  ["agents.heartbeatRate", { minutes: 60 }],
  ["health.history", { range: "6h" }],
  ["incidents.counts"],
  ["anomalies.counts"],
];

const detail = (id: string): Call[] => [
  ["agents.byId", { id }],
  ["agents.healthHistory", { id, range: "6h" }],
  ["agents.metrics", { id, range: "1h" }],
  ["agents.heartbeats", { id, limit: 15 }],
  ["agents.cycles", { id, limit: 15 }],
  ["agents.stateChanges", { id, limit: 20 }],
];

function batchUrl(base: string, calls: Call[]): string {
  const input: Record<string, unknown> = {};
  calls.forEach(([, v], i) => {
    if (v !== undefined) input[String(i)] = v;
  });
  return `${base}/api/trpc/${calls.map(([p]) => p).join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
}

async function signInCookie(ctx: BenchContext): Promise<string> {
  const email = `bench-${Date.now()}@vigil.test`;
  const password = `bench-password-${Math.random().toString(36).slice(2)}`;
  await createUser(db(), { email, password, role: "admin" }, null);
  const res = await fetch(`${ctx.webUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ctx.webUrl },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.includes("session_token="))?.split(";")[0];
  if (res.status !== 200 || !cookie) throw new Error(`bench sign-in failed: HTTP ${res.status} ${await res.text()}`);
  return cookie;
}

async function timed(url: string, cookie: string | null): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  const body = await res.text();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`${url.slice(0, 120)} → HTTP ${res.status}: ${body.slice(0, 300)}`);
  return ms;
}

export async function dashboardSection(ctx: BenchContext): Promise<Figure[]> {
  const cookie = await signInCookie(ctx);
  const n = ctx.quick ? 20 : 60;
  const overview = batchUrl(ctx.webUrl, OVERVIEW);
  const health = `${ctx.webUrl}/api/health`;
  for (let i = 0; i < 3; i++) await timed(overview, cookie); // warm-up
  ctx.log(`dashboard: ${n} overview and agent-detail page loads`);
  const o: number[] = [];
  const d: number[] = [];
  const h: number[] = [];
  for (let i = 0; i < n; i++) {
    o.push(await timed(overview, cookie));
    d.push(await timed(batchUrl(ctx.webUrl, detail(`bench-${String((i % ctx.agents) + 1).padStart(4, "0")}`)), cookie));
    h.push(await timed(health, null));
  }
  // Profile: each procedure of both pages alone (p50 of a few calls), printed as the figures' note.
  const profile: string[] = [];
  for (const call of [...OVERVIEW, ...detail("bench-0001")]) {
    const t: number[] = [];
    for (let i = 0; i < 5; i++) t.push(await timed(batchUrl(ctx.webUrl, [call]), cookie));
    profile.push(`${call[0]} ${Math.round(stats(t).p50)}`);
  }
  ctx.log(`per-procedure p50 (ms): ${profile.join(", ")}`);
  const ref = { name: "GET /api/health p95", value: stats(h).p95, unit: "ms" };
  return [
    figure({ name: "overview page queries p95 (tRPC, 6 procs)", value: stats(o).p95, unit: "ms", reference: ref, target: { op: "<", value: 100 }, note: `per procedure p50 ms: ${profile.slice(0, OVERVIEW.length).join(", ")}` }),
    figure({ name: "agent-detail page queries p95 (tRPC, 6 procs)", value: stats(d).p95, unit: "ms", reference: ref, target: { op: "<", value: 100 }, note: `per procedure p50 ms: ${profile.slice(OVERVIEW.length).join(", ")}` }),
  ];
}
