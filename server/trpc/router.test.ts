import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { recordHeartbeat } from "../agents/heartbeats";
import { callerAs } from "@/test/sessions";
import { db } from "../db/client";

// Reads need a signed-in user; a viewer is enough.
const { caller } = await callerAs("viewer");

describe("dashboard tRPC routers", () => {
  beforeAll(async () => {
    const prisma = db();
    await prisma.agent.create({ data: { id: "router-a", name: "Router A", capabilities: ["x", "y"], heartbeatIntervalSeconds: 30 } });
    await recordHeartbeat(prisma, "router-a", { status: "ok", metrics: { cpu_usage: 40 } });
    const now = Date.now();
    await prisma.metric.createMany({
      data: Array.from({ length: 10 }, (_, i) => ({ agentId: "router-a", name: "response_time", value: 100 + i, unit: "ms", timestamp: new Date(now - i * 60_000) })),
    });
    await prisma.event.createMany({
      data: Array.from({ length: 7 }, (_, i) => ({
        type: i % 2 ? "job.failed" : "job.done",
        message: `event ${i}`,
        severity: i % 2 ? ("error" as const) : ("info" as const),
        agentId: "router-a",
        timestamp: new Date(now - i * 1000),
      })),
    });
  });

  it("lists agents with JSON-safe fields", async () => {
    const list = await caller.agents.list();
    const a = list.find((x) => x.id === "router-a")!;
    expect(a.state).toBe("active");
    expect(typeof a.lastHeartbeatAt).toBe("string");
    expect(a.capabilities).toEqual(["x", "y"]);
    expect(() => JSON.stringify(list)).not.toThrow();
  });

  it("returns one agent or NOT_FOUND", async () => {
    const a = await caller.agents.byId({ id: "router-a" });
    expect(a.name).toBe("Router A");
    expect(a.health).toBeNull();
    await expect(caller.agents.byId({ id: "nope" })).rejects.toSatisfy((e) => e instanceof TRPCError && e.code === "NOT_FOUND");
  });

  it("buckets metrics per series", async () => {
    const m = await caller.agents.metrics({ id: "router-a", range: "1h" });
    const names = m.series.map((s) => s.name).sort();
    expect(names).toEqual(["cpu_usage", "response_time"]);
    const rt = m.series.find((s) => s.name === "response_time")!;
    expect(rt.unit).toBe("ms");
    expect(rt.samples).toBe(10);
    expect(rt.points.every((p) => typeof p.t === "number" && Number.isFinite(p.value))).toBe(true);
  });

  it("counts heartbeats per minute, zero-filled", async () => {
    const rate = await caller.agents.heartbeatRate({ minutes: 60 });
    expect(rate).toHaveLength(60);
    expect(rate.reduce((s, p) => s + p.builtin + p.external, 0)).toBeGreaterThanOrEqual(1);
    const hb = await caller.agents.heartbeats({ id: "router-a", limit: 5 });
    expect(hb.minutes).toHaveLength(60);
    expect(hb.recent[0]?.metrics).toEqual({ cpu_usage: 40 });
    expect(typeof hb.recent[0]?.id).toBe("string");
  });

  it("pages through events newest first and filters by severity", async () => {
    const p1 = await caller.events.list({ agentId: "router-a", limit: 4 });
    expect(p1.items.map((e) => e.message)).toEqual(["event 0", "event 1", "event 2", "event 3"]);
    expect(p1.nextCursor).not.toBeNull();
    const p2 = await caller.events.list({ agentId: "router-a", limit: 4, cursor: p1.nextCursor });
    expect(p2.items.map((e) => e.message)).toEqual(["event 4", "event 5", "event 6"]);
    expect(p2.nextCursor).toBeNull();
    const errors = await caller.events.list({ agentId: "router-a", minSeverity: "error" });
    expect(errors.items.every((e) => e.severity === "error")).toBe(true);
    expect(errors.items).toHaveLength(3);
    const search = await caller.events.list({ search: "EVENT 5" });
    expect(search.items.map((e) => e.message)).toEqual(["event 5"]);
  });

  it("counts agents per state and reads system health", async () => {
    const counts = await caller.agents.stateCounts();
    expect(counts.find((c) => c.state === "active")?.count).toBeGreaterThanOrEqual(1);
    const h = await caller.health.system();
    expect(h.score).toBeGreaterThanOrEqual(0);
    expect(h.roster.expected).toBeGreaterThanOrEqual(0);
    const hist = await caller.health.history({ range: "1h" });
    expect(Array.isArray(hist.points)).toBe(true);
  });
});
