import { gzipSync } from "node:zlib";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import * as heartbeatRoute from "@/app/api/v1/agents/[id]/heartbeats/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import * as heartbeatsRoute from "@/app/api/v1/heartbeats/route";
import * as metricsRoute from "@/app/api/v1/metrics/route";
import type { PrismaClient } from "../db/client";
import { db } from "../db/client";
import { isForeignKeyViolation } from "./batch";
import { ingestMetrics, insertMetricRows } from "./metrics";
import { LIVE_CHANNEL } from "../live/channel";
import { call, makeAgents, makeKey } from "../../test/http";

let key = "";
beforeAll(async () => {
  key = await makeKey(["ingest", "read"]);
  await makeAgents(["ing-1", "ing-2", "pager"]);
});

/** Follows nextCursor until the end; returns every item. */
async function collect(handler: unknown, path: string, limit: number): Promise<{ id: string }[]> {
  const all: { id: string }[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const sep = path.includes("?") ? "&" : "?";
    const r = await call(handler, { key, path: `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}` });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.items.length).toBeLessThanOrEqual(limit);
    all.push(...r.body.items);
    cursor = r.body.nextCursor;
    if (!cursor) return all;
  }
  throw new Error("pagination did not end");
}

describe("POST /api/v1/metrics", () => {
  it("stores a fully valid batch (202) with every field", async () => {
    const ts = new Date(Date.now() - 60_000);
    const r = await call(metricsRoute.POST, {
      key,
      body: {
        metrics: [
          { agentId: "ing-1", name: "cpu_usage", value: 42.5, unit: "%", timestamp: ts.toISOString(), metadata: { host: "h1" } },
          { agentId: "ing-2", name: "cpu_usage", value: 7, timestamp: ts.getTime() },
          { agentId: "ing-2", name: "queue_depth", value: -3, unit: null, metadata: null },
        ],
      },
    });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ accepted: 3, rejected: [] });
    const rows = await db().metric.findMany({ where: { agentId: { in: ["ing-1", "ing-2"] } }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ agentId: "ing-1", name: "cpu_usage", value: 42.5, unit: "%", metadata: { host: "h1" } });
    expect(rows[0]!.timestamp.getTime()).toBe(ts.getTime());
    expect(rows[1]!.timestamp.getTime()).toBe(ts.getTime());
    expect(Math.abs(rows[2]!.timestamp.getTime() - Date.now())).toBeLessThan(10_000);
  });

  it("accepts a gzip-compressed body", async () => {
    const body = gzipSync(JSON.stringify({ metrics: [{ agentId: "ing-1", name: "gz", value: 1 }] }));
    const req = new Request("http://localhost/api/v1/metrics", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-encoding": "gzip" }, body });
    const res = await metricsRoute.POST(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(202);
    expect(await db().metric.count({ where: { name: "gz" } })).toBe(1);
  });

  it("an empty batch is a harmless no-op", async () => {
    const r = await call(metricsRoute.POST, { key, body: { metrics: [] } });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ accepted: 0, rejected: [] });
  });

  it("notifies live listeners after the write", async () => {
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    try {
      await listener.query(`LISTEN ${LIVE_CHANNEL}`);
      const got = new Promise<string>((resolve) => listener.on("notification", (n) => resolve(n.payload ?? "")));
      await call(metricsRoute.POST, { key, body: { metrics: [{ agentId: "ing-2", name: "live", value: 1 }] } });
      expect(JSON.parse(await got)).toEqual({ type: "metrics", agentIds: ["ing-2"] });
    } finally {
      await listener.end();
    }
  });
});

describe("POST /api/v1/events", () => {
  const batch = {
    events: [
      { id: "evt-1", type: "deploy", message: "v2 rolled out", severity: "info", agentId: "ing-1", metadata: { sha: "abc" } },
      { id: "evt-2", type: "crash", message: "worker died", severity: "error", agentId: "ing-1" },
      { id: 3, type: "deploy", message: "numeric client id", severity: "debug" },
    ],
  };

  it("is idempotent: the same batch posted twice is stored once, repeats counted as duplicates", async () => {
    const first = await call(eventsRoute.POST, { key, body: batch });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ accepted: 3, rejected: [], duplicates: 0 });
    const again = await call(eventsRoute.POST, { key, body: batch });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ accepted: 3, rejected: [], duplicates: 3 });
    const rows = await db().event.findMany({ where: { clientId: { in: ["evt-1", "evt-2", "3"] } } });
    expect(rows).toHaveLength(3);
  });

  it("a retry that adds new events stores only the new ones", async () => {
    const r = await call(eventsRoute.POST, { key, body: { events: [...batch.events, { id: "evt-4", type: "deploy", message: "new", severity: "info" }] } });
    expect(r.body).toEqual({ accepted: 4, rejected: [], duplicates: 3 });
    expect(await db().event.count({ where: { clientId: { startsWith: "evt-" } } })).toBe(3);
  });

  it("events without an id are not deduplicated", async () => {
    const body = { events: [{ type: "noid", message: "m", severity: "warning" }] };
    await call(eventsRoute.POST, { key, body });
    await call(eventsRoute.POST, { key, body });
    expect(await db().event.count({ where: { type: "noid" } })).toBe(2);
  });

  it("GET filters by severity list, type and agent", async () => {
    const bySeverity = await call(eventsRoute.GET, { key, path: "/api/v1/events?severity=error,critical" });
    expect(bySeverity.body.items.map((e: { clientId: string }) => e.clientId)).toEqual(["evt-2"]);
    const byType = await call(eventsRoute.GET, { key, path: "/api/v1/events?type=deploy&agentId=ing-1" });
    expect(byType.body.items).toHaveLength(1);
    expect(byType.body.items[0]).toMatchObject({ clientId: "evt-1", type: "deploy", severity: "info", agentId: "ing-1", metadata: { sha: "abc" } });
    expect(typeof byType.body.items[0].id).toBe("string");
    expect(byType.body.items[0].timestamp).toMatch(/Z$/);
  });
});

describe("list pagination", () => {
  it("metrics: every row exactly once across pages, newest first, ties broken by id", async () => {
    const base = Date.now() - 30 * 60_000;
    // 10 rows share each timestamp so pages split inside a tie.
    const metrics = Array.from({ length: 253 }, (_, i) => ({ agentId: "pager", name: "paged", value: i, timestamp: base + Math.floor(i / 10) * 1000 }));
    expect((await call(metricsRoute.POST, { key, body: { metrics } })).status).toBe(202);
    const items = (await collect(metricsRoute.GET, "/api/v1/metrics?agentId=pager&name=paged", 17)) as unknown as { id: string; timestamp: string }[];
    expect(items).toHaveLength(253);
    expect(new Set(items.map((i) => i.id)).size).toBe(253);
    const keys = items.map((i) => [Date.parse(i.timestamp), BigInt(i.id)] as const);
    for (let i = 1; i < keys.length; i++) {
      const [t0, id0] = keys[i - 1]!;
      const [t1, id1] = keys[i]!;
      expect(t0 > t1 || (t0 === t1 && id0 > id1)).toBe(true);
    }
  });

  it("metrics: the minutes/hours window applies", async () => {
    await call(metricsRoute.POST, { key, body: { metrics: [{ agentId: "pager", name: "old", value: 1, timestamp: Date.now() - 3 * 3600_000 }] } });
    expect((await call(metricsRoute.GET, { key, path: "/api/v1/metrics?name=old" })).body.items).toHaveLength(0);
    expect((await call(metricsRoute.GET, { key, path: "/api/v1/metrics?name=old&hours=4" })).body.items).toHaveLength(1);
    expect((await call(metricsRoute.GET, { key, path: "/api/v1/metrics?name=old&minutes=170" })).body.items).toHaveLength(0);
  });

  it("events: every row exactly once across pages", async () => {
    const ts = Date.now() - 60_000;
    const events = Array.from({ length: 120 }, (_, i) => ({ id: `pg-${i}`, type: "paged", message: `#${i}`, severity: "info", timestamp: ts + (i % 7) }));
    expect((await call(eventsRoute.POST, { key, body: { events } })).status).toBe(202);
    const items = await collect(eventsRoute.GET, "/api/v1/events?type=paged", 11);
    expect(items).toHaveLength(120);
    expect(new Set(items.map((i) => i.id)).size).toBe(120);
  });

  it("heartbeats: every row exactly once across pages, filtered by agent", async () => {
    for (let i = 0; i < 23; i++) {
      const r = await call(heartbeatRoute.POST, { key, params: { id: "pager" }, body: { status: `n${i}`, metrics: { cpu_usage: i } } });
      expect(r.status).toBe(200);
    }
    await call(heartbeatRoute.POST, { key, params: { id: "ing-1" } });
    const items = (await collect(heartbeatsRoute.GET, "/api/v1/heartbeats?agentId=pager&minutes=5", 5)) as unknown as { id: string; status: string; agentId: string }[];
    expect(items).toHaveLength(23);
    expect(new Set(items.map((i) => i.id)).size).toBe(23);
    expect(items[0]!.status).toBe("n22");
    expect(items.every((i) => i.agentId === "pager")).toBe(true);
  });
});

describe("agent deleted between the check and the INSERT", () => {
  it("the raw INSERT reports a foreign-key violation we recognise", async () => {
    const err = await insertMetricRows(db(), [{ agentId: "no-such", name: "fk", value: 1, unit: null, timestamp: new Date(), metadata: null }]).catch((e: unknown) => e);
    expect(isForeignKeyViolation(err)).toBe(true);
  });

  it("re-checks once and still stores the good items", async () => {
    const real = db();
    let first = true;
    // The first agent lookup wrongly reports "vanished" as existing, as if deleted right after.
    const racing = new Proxy(real, {
      get(target, prop) {
        if (prop !== "agent") return Reflect.get(target, prop);
        return {
          findMany: async (args: Parameters<PrismaClient["agent"]["findMany"]>[0]) => {
            const rows = await real.agent.findMany(args);
            if (!first) return rows;
            first = false;
            return [...rows, { id: "vanished" }];
          },
        };
      },
    }) as PrismaClient;
    const batch = await ingestMetrics(racing, { metrics: [{ agentId: "ing-1", name: "race", value: 1 }, { agentId: "vanished", name: "race", value: 2 }] });
    expect(batch.valid.map((v) => v.index)).toEqual([0]);
    expect(batch.rejected).toEqual([{ index: 1, path: "agentId", message: expect.stringMatching(/unknown agent 'vanished'/) }]);
    expect(await db().metric.count({ where: { name: "race" } })).toBe(1);
  });
});
