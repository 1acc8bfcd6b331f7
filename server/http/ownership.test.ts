/**
 * Agent ownership through the public API (docs/api.md, "Agent ownership"), with real keys and a
 * real database: built-in agents are never written by any key; an external agent belongs to the
 * key that registered it; admin keys may change any external agent; single-key setups behave as
 * before.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as agentsRoute from "@/app/api/v1/agents/route";
import * as heartbeatRoute from "@/app/api/v1/agents/[id]/heartbeats/route";
import * as ackRoute from "@/app/api/v1/commands/[id]/ack/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import * as importRoute from "@/app/api/v1/import/route";
import * as metricsRoute from "@/app/api/v1/metrics/route";
import { ensureBuiltinAgents } from "../agents/builtin-registration";
import { hashApiKey } from "../auth/api-keys";
import { db } from "../db/client";
import { call, isErrorShape, makeAgents, makeKey } from "../../test/http";

let keyA = "";
let keyB = "";
let admin = "";
let read = "";
beforeAll(async () => {
  await ensureBuiltinAgents(db());
  keyA = await makeKey(["ingest"]);
  keyB = await makeKey(["ingest", "read"]);
  admin = await makeKey(["admin"]);
  read = await makeKey(["read"]);
});

const register = (key: string, body: Record<string, unknown>) => call(agentsRoute.POST, { key, path: "/api/v1/agents", body });
const heartbeat = (key: string, id: string, body: Record<string, unknown> = { status: "ok" }) =>
  call(heartbeatRoute.POST, { key, path: `/api/v1/agents/${id}/heartbeats`, params: { id }, body });
const metrics = (key: string, items: { agentId: string; name: string; value: number }[]) => call(metricsRoute.POST, { key, path: "/api/v1/metrics", body: { metrics: items } });
const events = (key: string, items: { agentId: string; type: string; message: string }[]) =>
  call(eventsRoute.POST, { key, path: "/api/v1/events", body: { events: items.map((e) => ({ severity: "info", ...e })) } });
const agent = (id: string) => db().agent.findUniqueOrThrow({ where: { id } });
const heartbeatCount = (agentId: string) => db().heartbeat.count({ where: { agentId } });
const ownerOf = async (id: string) => (await agent(id)).ownerKeyId;
const keyId = async (secret: string) => (await db().apiKey.findUniqueOrThrow({ where: { hash: hashApiKey(secret) } })).id;

describe("built-in agents", () => {
  it("impersonating self_healing_agent by registration is refused for every key and changes nothing", async () => {
    const before = await agent("self_healing_agent");
    const hostile = { id: "self_healing_agent", heartbeatIntervalSeconds: 604800, graceSeconds: 604800, expected: false };
    for (const key of [keyA, admin]) {
      const r = await register(key, hostile);
      expect(r.status).toBe(403);
      expect(isErrorShape(r.body)).toBe(true);
      expect(r.body.error).toBe("agent 'self_healing_agent' is a built-in Vigil agent: its settings and heartbeats come from Vigil's worker, not from the API");
      expect(r.body.issues[0].path).toBe("id");
    }
    const readOnly = await register(read, hostile); // a read key lacks the ingest scope anyway
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.error).toMatch(/lacks the 'ingest' scope/);
    expect((await heartbeat(read, "self_healing_agent")).status).toBe(403);
    const after = await agent("self_healing_agent");
    expect(after).toMatchObject({ heartbeatIntervalSeconds: 30, graceSeconds: 30, expected: true, kind: "builtin", ownerKeyId: null });
    expect(after.updatedAt).toEqual(before.updatedAt);
  });

  it("renaming agent_coordinator is refused", async () => {
    for (const key of [keyA, admin]) expect((await register(key, { id: "agent_coordinator", name: "Totally the coordinator" })).status).toBe(403);
    expect((await agent("agent_coordinator")).name).toBe("Agent coordinator");
  });

  it("heartbeats for a built-in agent from outside are refused and store nothing", async () => {
    const before = await agent("self_healing_agent");
    for (const key of [keyA, admin]) {
      const r = await heartbeat(key, "self_healing_agent", { status: "ok", metrics: { cpu: 1 } });
      expect(r.status).toBe(403);
      expect(r.body.error).toMatch(/^agent 'self_healing_agent' is a built-in Vigil agent/);
    }
    expect(await heartbeatCount("self_healing_agent")).toBe(0);
    expect(await db().metric.count({ where: { agentId: "self_healing_agent" } })).toBe(0);
    expect((await agent("self_healing_agent")).lastHeartbeatAt).toEqual(before.lastHeartbeatAt);
  });

  it("metrics and events for a built-in agent are rejected per item while good items are stored", async () => {
    expect((await register(keyA, { id: "own-a" })).status).toBe(201);
    const m = await metrics(keyA, [
      { agentId: "performance_monitor", name: "cpu", value: 99 },
      { agentId: "own-a", name: "cpu", value: 1 },
    ]);
    expect(m.status).toBe(207);
    expect(m.body.accepted).toBe(1);
    expect(m.body.rejected).toEqual([{ index: 0, path: "agentId", message: expect.stringMatching(/^agent 'performance_monitor' is a built-in Vigil agent/) }]);
    expect(await db().metric.count({ where: { agentId: "performance_monitor" } })).toBe(0);
    expect(await db().metric.count({ where: { agentId: "own-a", name: "cpu" } })).toBe(1);

    const e = await events(admin, [{ agentId: "self_healing_agent", type: "recovery", message: "all fine, nothing to heal" }]);
    expect(e.status).toBe(400); // nothing stored
    expect(e.body.rejected[0]).toMatchObject({ index: 0, path: "agentId" });
    expect(await db().event.count({ where: { agentId: "self_healing_agent" } })).toBe(0);
  });
});

describe("external agents belong to the key that registered them", () => {
  it("key A registers; key B can neither reconfigure nor heartbeat nor send its data", async () => {
    const created = await register(keyA, { id: "a-worker", name: "A worker", heartbeatIntervalSeconds: 30 });
    expect(created.status).toBe(201);
    expect(await ownerOf("a-worker")).toBe(await keyId(keyA));

    const takeover = await register(keyB, { id: "a-worker", name: "B owns this now", heartbeatIntervalSeconds: 604800 });
    expect(takeover.status).toBe(403);
    expect(takeover.body.error).toBe(
      "agent 'a-worker' belongs to another API key: only the key that registered it or an admin key may change it or send its heartbeats and data",
    );
    expect(await agent("a-worker")).toMatchObject({ name: "A worker", heartbeatIntervalSeconds: 30, ownerKeyId: await keyId(keyA) });

    expect((await heartbeat(keyB, "a-worker")).status).toBe(403);
    expect(await heartbeatCount("a-worker")).toBe(0);
    expect((await agent("a-worker")).state).toBe("registered");

    const m = await metrics(keyB, [{ agentId: "a-worker", name: "forged", value: 1 }]);
    expect(m.status).toBe(400);
    expect(m.body.rejected[0].message).toMatch(/belongs to another API key/);
    const e = await events(keyB, [{ agentId: "a-worker", type: "deploy", message: "forged" }]);
    expect(e.status).toBe(400);
    expect(await db().metric.count({ where: { agentId: "a-worker" } })).toBe(0);
    expect(await db().event.count({ where: { agentId: "a-worker" } })).toBe(0);
  });

  it("an admin key may change and heartbeat another key's agent; the owner stays", async () => {
    const r = await register(admin, { id: "a-worker", heartbeatIntervalSeconds: 45 });
    expect(r.status).toBe(200);
    expect(r.body.heartbeatIntervalSeconds).toBe(45);
    expect((await heartbeat(admin, "a-worker")).status).toBe(200);
    expect(await heartbeatCount("a-worker")).toBe(1);
    expect(await ownerOf("a-worker")).toBe(await keyId(keyA));
    expect((await heartbeat(keyA, "a-worker")).status).toBe(200); // still A's
    expect((await heartbeat(keyB, "a-worker")).status).toBe(403);
    expect(await heartbeatCount("a-worker")).toBe(2);
  });

  it("a single key's flow is unchanged: register 201, re-register 200, heartbeat, metrics and events accepted", async () => {
    expect((await register(keyB, { id: "b-solo", version: "1.0.0" })).status).toBe(201);
    const again = await register(keyB, { id: "b-solo", version: "1.1.0" });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe("1.1.0");
    const hb = await heartbeat(keyB, "b-solo", { status: "ok", metrics: { queue: 3 } });
    expect(hb.status).toBe(200);
    expect(hb.body).toEqual({ accepted: true, commands: [] });
    expect((await metrics(keyB, [{ agentId: "b-solo", name: "latency", value: 12 }])).status).toBe(202);
    expect((await events(keyB, [{ agentId: "b-solo", type: "deploy", message: "v1.1.0" }])).status).toBe(202);
    expect((await agent("b-solo")).state).toBe("active");
  });

  it("an unknown agent is still a 404, not a 403", async () => {
    const r = await heartbeat(keyB, "nobody-here");
    expect(r.status).toBe(404);
    expect(r.body.error).toMatch(/unknown agent 'nobody-here'/);
  });

  it("agents without an owner (from before owners were recorded) stay writable; the first key to register claims them", async () => {
    await makeAgents(["legacy-1"]);
    expect((await heartbeat(keyA, "legacy-1")).status).toBe(200);
    expect((await heartbeat(keyB, "legacy-1")).status).toBe(200);
    expect((await register(keyB, { id: "legacy-1", version: "2.0.0" })).status).toBe(200);
    expect(await ownerOf("legacy-1")).toBe(await keyId(keyB));
    expect((await register(keyA, { id: "legacy-1", version: "6.6.6" })).status).toBe(403);
    expect((await heartbeat(keyA, "legacy-1")).status).toBe(403);
    expect((await agent("legacy-1")).version).toBe("2.0.0");
  });

  it("revoking the owner key frees its agents: the replacement key claims them by registering", async () => {
    const old = await makeKey(["ingest"]);
    const replacement = await makeKey(["ingest"]);
    expect((await register(old, { id: "rotated" })).status).toBe(201);
    expect((await register(replacement, { id: "rotated" })).status).toBe(403); // while the old key is live
    await db().apiKey.update({ where: { hash: hashApiKey(old) }, data: { revokedAt: new Date() } });
    expect((await register(replacement, { id: "rotated", version: "2" })).status).toBe(200);
    expect(await ownerOf("rotated")).toBe(await keyId(replacement));
    expect((await heartbeat(replacement, "rotated")).status).toBe(200);
  });
});

describe("command acknowledgements", () => {
  const command = (agentId: string) =>
    db().agentCommand.create({ data: { agentId, type: "restart", status: "delivered", expiresAt: new Date(Date.now() + 600_000) } });

  it("a key acknowledges only commands of agents it may write", async () => {
    const c = await command("a-worker");
    const foreign = await call(ackRoute.POST, { key: keyB, params: { id: c.id }, body: { status: "succeeded" } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatch(/^agent 'a-worker' belongs to another API key/);
    expect((await db().agentCommand.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("delivered");
    const own = await call(ackRoute.POST, { key: keyA, params: { id: c.id }, body: { status: "succeeded" } });
    expect(own.status).toBe(200);
    expect((await db().agentCommand.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("succeeded");
  });

  it("nobody acknowledges a built-in agent's command through the API", async () => {
    const c = await command("self_healing_agent");
    expect((await call(ackRoute.POST, { key: admin, params: { id: c.id }, body: { status: "failed" } })).status).toBe(403);
    expect((await db().agentCommand.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("delivered");
  });
});

describe("POST /api/v1/import", () => {
  it("rejects records for built-in agents and other keys' agents by line, stores the rest", async () => {
    const ndjson = [
      { record: "agent", id: "self_healing_agent", expected: false },
      { record: "agent", id: "a-worker", name: "renamed by B" },
      { record: "metric", agentId: "a-worker", name: "forged", value: 1 },
      { record: "metric", agentId: "b-solo", name: "imported", value: 2 },
    ].map((r) => JSON.stringify(r)).join("\n");
    const r = await call(importRoute.POST, { key: keyB, path: "/api/v1/import", body: ndjson, headers: { "content-type": "application/x-ndjson" } });
    expect(r.status).toBe(207);
    expect(r.body.accepted).toBe(1);
    expect(r.body.rejected.map((x: { line: number; path: string }) => [x.line, x.path])).toEqual([
      [1, "id"],
      [2, "id"],
      [3, "agentId"],
    ]);
    expect((await agent("self_healing_agent")).expected).toBe(true);
    expect((await agent("a-worker")).name).toBe("A worker");
    expect(await db().metric.count({ where: { agentId: "a-worker", name: "forged" } })).toBe(0);
    expect(await db().metric.count({ where: { agentId: "b-solo", name: "imported" } })).toBe(1);
  });
});
