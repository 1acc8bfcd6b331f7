/**
 * Database down: ingestion answers 503 + Retry-After quickly, never a hang or 500;
 * /api/health answers 503 with db "down". Points this file's pool at a closed port, then back.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as healthRoute from "@/app/api/health/route";
import * as heartbeatRoute from "@/app/api/v1/agents/[id]/heartbeats/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import * as metricsRoute from "@/app/api/v1/metrics/route";
import { closeDb, db } from "../db/client";
import { clearAuthCache } from "./auth";
import { isDatabaseUnavailable } from "./db-errors";
import { call, makeAgents, makeKey } from "../../test/http";

let key = "";
const realUrl = process.env.DATABASE_URL!;

async function closedPortUrl(): Promise<string> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  const u = new URL(realUrl);
  u.hostname = "127.0.0.1";
  u.port = String(port);
  return u.toString();
}

beforeAll(async () => {
  key = await makeKey(["admin"]);
  await makeAgents(["down-1"]);
});

afterAll(async () => {
  await closeDb();
  process.env.DATABASE_URL = realUrl;
});

describe("health while the database is up", () => {
  it("reports db up; worker down without a fresh worker row, up with one", async () => {
    let r = await call(healthRoute.GET);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "degraded", db: "up", worker: "down", version: expect.any(String) });
    await db().workerProcess.create({ data: { id: "w-stale", hostname: "h", pid: 1, lastSeenAt: new Date(Date.now() - 120_000) } });
    await db().workerProcess.create({ data: { id: "w-stopped", hostname: "h", pid: 2, stoppedAt: new Date() } });
    expect((await call(healthRoute.GET)).body.worker).toBe("down");
    await db().workerProcess.create({ data: { id: "w-live", hostname: "h", pid: 3 } });
    r = await call(healthRoute.GET);
    expect(r.body).toMatchObject({ status: "ok", db: "up", worker: "up" });
  });
});

describe("database down", () => {
  beforeAll(async () => {
    // Warm the auth cache first so the failures below come from the ingest queries themselves.
    expect((await call(metricsRoute.GET, { key })).status).toBe(200);
    await closeDb();
    process.env.DATABASE_URL = await closedPortUrl();
  });

  afterAll(async () => {
    await closeDb();
    process.env.DATABASE_URL = realUrl;
  });

  it.each([
    ["metrics", metricsRoute.POST, { body: { metrics: [{ agentId: "down-1", name: "x", value: 1 }] } }],
    ["events", eventsRoute.POST, { body: { events: [{ type: "x", message: "m", severity: "info" }] } }],
    ["heartbeat", heartbeatRoute.POST, { params: { id: "down-1" }, body: {} }],
    ["metrics read", metricsRoute.GET, {}],
  ] as const)("%s → 503 + Retry-After, fast", async (_n, handler, opts) => {
    const t0 = Date.now();
    const r = await call(handler, { key, ...opts });
    expect(Date.now() - t0).toBeLessThan(6_000);
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("5");
    expect(r.body).toEqual({ error: expect.stringMatching(/database unavailable/), issues: [] });
  });

  it("/api/health → 503 with db down", async () => {
    const r = await call(healthRoute.GET);
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ status: "degraded", db: "down", worker: "down" });
  });

  it("an uncached key lookup failing is a 503 too, not a 401", async () => {
    clearAuthCache();
    const r = await call(metricsRoute.GET, { key });
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("5");
  });

  it("a missing key is still a 401 (no database needed to know that)", async () => {
    expect((await call(metricsRoute.POST, { body: "{" })).status).toBe(401);
  });
});

describe("isDatabaseUnavailable", () => {
  it("recognises errors from each layer and not ordinary ones", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("wrapped"), { cause: { kind: "DatabaseNotReachable" } }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("pool"), { code: "P2024" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Unique constraint failed"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code: "23505" }))).toBe(false);
  });
});
