import { beforeAll, describe, expect, it } from "vitest";
import * as agentsRoute from "@/app/api/v1/agents/route";
import * as agentByIdRoute from "@/app/api/v1/agents/[id]/route";
import * as heartbeatRoute from "@/app/api/v1/agents/[id]/heartbeats/route";
import { db } from "../db/client";
import type { HealthBreakdown } from "../health-score/types";
import { call, makeKey } from "../../test/http";
import { ensureBuiltinAgents } from "./builtin-registration";
import { registerAgent } from "./service";
import { createApiKey } from "../auth/api-keys";
import { ApiError } from "../http/errors";

let key = "";
beforeAll(async () => {
  key = await makeKey(["ingest", "read"]);
  await ensureBuiltinAgents(db());
});

describe("POST /api/v1/agents", () => {
  it("registers a new external agent (201, state registered) and returns it bare", async () => {
    const r = await call(agentsRoute.POST, {
      key,
      body: { id: "billing-sync", name: "Billing sync", capabilities: ["sync"], version: "1.2.0", heartbeatIntervalSeconds: 30, graceSeconds: 15, expected: true, metadata: { team: "pay" } },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: "billing-sync",
      name: "Billing sync",
      kind: "external",
      state: "registered",
      capabilities: ["sync"],
      version: "1.2.0",
      heartbeatIntervalSeconds: 30,
      graceSeconds: 15,
      expected: true,
      metadata: { team: "pay" },
      lastHeartbeatAt: null,
      healthScore: null,
      health: null,
    });
    expect(r.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
  });

  it("re-registration updates only the fields given (200)", async () => {
    const r = await call(agentsRoute.POST, { key, body: { id: "billing-sync", version: "1.3.0" } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: "Billing sync", version: "1.3.0", heartbeatIntervalSeconds: 30, expected: true, metadata: { team: "pay" } });
  });

  it("name defaults to the id", async () => {
    const r = await call(agentsRoute.POST, { key, body: { id: "bare.agent_1" } });
    expect(r.body.name).toBe("bare.agent_1");
  });

  it("a built-in agent cannot be registered or updated through the API (403, nothing changes)", async () => {
    const r = await call(agentsRoute.POST, { key, body: { id: "agent_coordinator", version: "9.9.9" } });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatch(/built-in Vigil agent/);
    expect(await db().agent.findUniqueOrThrow({ where: { id: "agent_coordinator" } })).toMatchObject({ kind: "builtin", version: null });
  });

  it("concurrent registrations of one new id create it once", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => registerAgent(db(), { id: "racer", name: "Racer" })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await db().agent.count({ where: { id: "racer" } })).toBe(1);
  });

  it("two keys racing to register one new id: one owns it, the other is refused", async () => {
    const writers = await Promise.all(
      ["race-a", "race-b"].map(async (name) => ({ keyId: (await createApiKey(db(), { name, scopes: ["ingest"] })).id, admin: false })),
    );
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => registerAgent(db(), { id: "contested", name: `by ${i % 2}` }, writers[i % 2]!)));
    const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const owner = (await db().agent.findUniqueOrThrow({ where: { id: "contested" } })).ownerKeyId;
    expect(won.filter((r) => r.created)).toHaveLength(1);
    expect(won.every((r) => r.agent.ownerKeyId === owner)).toBe(true);
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as ApiError] : []));
    expect(refused).toHaveLength(4); // every registration by the other key
    expect(refused.every((e) => e instanceof ApiError && e.status === 403)).toBe(true);
  });
});

describe("GET /api/v1/agents[/id]", () => {
  it("returns one agent bare with its health breakdown", async () => {
    const health: HealthBreakdown = {
      score: 82,
      status: "good",
      windowMinutes: 15,
      factors: [{ key: "heartbeatConsistency", label: "Heartbeat consistency", weight: 0.3, effectiveWeight: 0.5, score: 90, detail: "27 of 30" }],
    };
    await db().agent.update({ where: { id: "billing-sync" }, data: { healthScore: 82, healthStatus: "good", healthTrend: "stable", healthFactors: health as object } });
    const r = await call(agentByIdRoute.GET, { key, params: { id: "billing-sync" } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: "billing-sync", healthScore: 82, healthStatus: "good", healthTrend: "stable", health });
  });

  it("lists every agent exactly once across pages, newest first", async () => {
    await db().agent.createMany({ data: Array.from({ length: 40 }, (_, i) => ({ id: `fleet-${String(i).padStart(2, "0")}`, name: `Fleet ${i}` })) });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await call(agentsRoute.GET, { key, path: `/api/v1/agents?limit=7${cursor ? `&cursor=${cursor}` : ""}` });
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((a: { id: string }) => a.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    const total = await db().agent.count();
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen.indexOf("fleet-00")).toBeLessThan(seen.indexOf("agent_coordinator")); // newer first
  });

  it("filters by state and kind", async () => {
    const builtin = await call(agentsRoute.GET, { key, path: "/api/v1/agents?kind=builtin&limit=500" });
    expect(builtin.body.items).toHaveLength(7);
    expect(builtin.body.nextCursor).toBeNull();
    await call(heartbeatRoute.POST, { key, params: { id: "fleet-01" } });
    const active = await call(agentsRoute.GET, { key, path: "/api/v1/agents?state=active,late" });
    expect(active.body.items.map((a: { id: string }) => a.id)).toEqual(["fleet-01"]);
  });
});

describe("POST /api/v1/agents/{id}/heartbeats", () => {
  it("accepts an empty body, moves the agent to active and returns {accepted, commands}", async () => {
    await call(agentsRoute.POST, { key, body: { id: "pinger" } });
    const req = new Request("http://localhost/api/v1/agents/pinger/heartbeats", { method: "POST", headers: { authorization: `Bearer ${key}` } });
    const res = await heartbeatRoute.POST(req, { params: Promise.resolve({ id: "pinger" }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: true, commands: [] });
    const a = await call(agentByIdRoute.GET, { key, params: { id: "pinger" } });
    expect(a.body.state).toBe("active");
    expect(a.body.lastHeartbeatAt).not.toBeNull();
  });

  it("stores status, metadata and metrics sent with the heartbeat", async () => {
    const r = await call(heartbeatRoute.POST, { key, params: { id: "pinger" }, body: { status: "busy", metrics: { cpu_usage: 12.5 }, metadata: { jobs: 3 } } });
    expect(r.status).toBe(200);
    const hb = await db().heartbeat.findFirstOrThrow({ where: { agentId: "pinger", status: "busy" } });
    expect(hb.metadata).toEqual({ jobs: 3 });
    expect(await db().metric.count({ where: { agentId: "pinger", name: "cpu_usage", value: 12.5 } })).toBe(1);
  });
});
