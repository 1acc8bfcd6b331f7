/**
 * The self-healing engine against a real database, in process, with the real route handlers
 * for heartbeats and acks: an unresponsive agent's whole recovery, the timeout → rollback →
 * escalation path, concurrent cycles (exactly once), and the ack endpoint's error handling.
 */
import { describe, expect, it } from "vitest";
import { POST as ackRoute } from "@/app/api/v1/commands/[id]/ack/route";
import { POST as heartbeatRoute } from "@/app/api/v1/agents/[id]/heartbeats/route";
import { GET as incidentRoute } from "@/app/api/v1/incidents/[id]/route";
import { GET as incidentsRoute } from "@/app/api/v1/incidents/route";
import { db } from "../db/client";
import { DEFAULT_DETECTION } from "../incidents/detect";
import { call, isErrorShape, makeKey } from "../../test/http";
import type { RecoveryConfig } from "./config";
import { runSelfHealingCycle } from "./engine";

const cfg: RecoveryConfig = {
  maxAttempts: 3,
  backoff: { baseSeconds: 0.2, maxSeconds: 1 },
  resetSeconds: 600,
  verifySeconds: 3,
  commandTimeoutSeconds: 5,
  healthCheckSeconds: 1,
  detection: { ...DEFAULT_DETECTION, errorWindowSeconds: 10 },
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cycle = (c: RecoveryConfig = cfg) => runSelfHealingCycle({ prisma: db(), cfg: c, workerId: "test", log: { warn: (m) => console.warn(m) } });

async function agentWithStaleHeartbeat(id: string) {
  await db().agent.create({ data: { id, name: id, heartbeatIntervalSeconds: 1, graceSeconds: 1, state: "active", lastHeartbeatAt: new Date(Date.now() - 10_000), firstSeenAt: new Date(Date.now() - 60_000) } });
}

async function steps(incidentId: bigint) {
  return (await db().incidentStep.findMany({ where: { incidentId }, orderBy: { id: "asc" } })).map((s) => s.key);
}

describe("self-healing engine", () => {
  it("recovers an unresponsive external agent: command in the heartbeat response, ack, verification", async () => {
    const key = await makeKey(["ingest", "read"]);
    await agentWithStaleHeartbeat("sh-dead");
    const r1 = await cycle();
    expect(r1.opened).toBeGreaterThanOrEqual(1);
    const inc = await db().incident.findFirstOrThrow({ where: { agentId: "sh-dead" } });
    expect([inc.type, inc.severity, inc.status]).toEqual(["agent_failure", "high", "executing"]);
    expect((await db().agent.findUniqueOrThrow({ where: { id: "sh-dead" } })).state).toBe("recovering");

    // The agent comes back: its first heartbeat response carries the restart command, once.
    const hb = await call(heartbeatRoute, { key, params: { id: "sh-dead" }, body: { status: "ok" } });
    expect(hb.status).toBe(200);
    expect(hb.body.commands).toHaveLength(1);
    const cmd = hb.body.commands[0];
    expect(cmd).toMatchObject({ type: "restart", params: { reason: "agent_failure" } });
    expect((await call(heartbeatRoute, { key, params: { id: "sh-dead" }, body: {} })).body.commands).toEqual([]);

    const ack = await call(ackRoute, { key, params: { id: cmd.id }, body: { status: "succeeded", message: "restarted pid 4242" } });
    expect(ack.status).toBe(200);
    expect(ack.body).toEqual({ acknowledged: true, duplicate: false, status: "succeeded" });

    await cycle(); // executing → verifying → (heartbeat since the action) resolved
    const done = await db().incident.findUniqueOrThrow({ where: { id: inc.id } });
    expect(done.status).toBe("resolved");
    expect(done.openKey).toBeNull();
    expect((await db().agent.findUniqueOrThrow({ where: { id: "sh-dead" } })).state).toBe("active");
    expect(await steps(inc.id)).toEqual(["detected", "planned:1", "executing:1", "delivered:1:do", "acked:1:do", "verifying:1", "resolved"]);
    const action = await db().recoveryAction.findFirstOrThrow({ where: { incidentId: inc.id } });
    expect([action.status, action.recoveryType, action.action, action.successProbability]).toEqual(["succeeded", "unresponsive_agent", "restart", 0.5]);

    // The API shows it with its timeline; money is a decimal string.
    const api = await call(incidentRoute, { key, params: { id: inc.id.toString() } });
    expect(api.status).toBe(200);
    expect(api.body.timeline.map((s: { kind: string }) => s.kind)).toEqual(["detected", "planned", "executing", "command_delivered", "command_acked", "verifying", "resolved"]);
    expect(api.body.businessValue.valuePreservedUsd).toMatch(/^\d+\.\d{6}$/);
    const list = await call(incidentsRoute, { key, path: "/api/v1/incidents?agentId=sh-dead&status=resolved" });
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([inc.id.toString()]);
    expect((await call(incidentsRoute, { key, path: "/api/v1/incidents?status=bogus" })).status).toBe(400);
    // Out of the way of the next tests (it will stop heartbeating again).
    await db().agent.update({ where: { id: "sh-dead" }, data: { state: "paused" } });
  });

  it("an agent that never answers: timeout → rollback → backoff → retry → escalation, agent failed", async () => {
    const before = { s: await db().recoveryAction.count({ where: { recoveryType: "unresponsive_agent", status: "succeeded" } }), f: await db().recoveryAction.count({ where: { recoveryType: "unresponsive_agent", status: { in: ["failed", "rolled_back"] } } }) };
    await agentWithStaleHeartbeat("sh-silent");
    const fast = { ...cfg, commandTimeoutSeconds: 1 };
    const deadline = Date.now() + 20_000;
    let inc = null;
    while (Date.now() < deadline) {
      await cycle(fast);
      inc = await db().incident.findFirst({ where: { agentId: "sh-silent" } });
      if (inc?.status === "escalated") break;
      await sleep(200);
    }
    expect(inc?.status).toBe("escalated");
    expect(inc!.attempt).toBe(3);
    expect(await steps(inc!.id)).toEqual([
      "detected", "planned:1", "executing:1", "timed_out:1:do", "rolled_back:1",
      "planned:2", "executing:2", "timed_out:2:do", "rolled_back:2",
      "planned:3", "executing:3", "timed_out:3:do", "rolled_back:3", "escalated",
    ]);
    const commands = await db().agentCommand.findMany({ where: { agentId: "sh-silent" } });
    expect(commands.map((c) => c.status)).toEqual(["timed_out", "timed_out", "timed_out"]);
    expect((await db().agent.findUniqueOrThrow({ where: { id: "sh-silent" } })).state).toBe("failed");
    const actions = await db().recoveryAction.findMany({ where: { incidentId: inc!.id }, orderBy: { attempt: "asc" } });
    expect(actions.map((a) => a.status)).toEqual(["rolled_back", "rolled_back", "rolled_back"]);
    // Laplace over this recovery type's history: each failed attempt lowers the next one's odds.
    expect(actions.map((a) => a.successProbability)).toEqual([0, 1, 2].map((k) => (before.s + 1) / (before.s + before.f + k + 2)));
    // backoff between attempts: 0.2 s then 0.4 s
    const planned = await db().incidentStep.findMany({ where: { incidentId: inc!.id, kind: "planned" }, orderBy: { id: "asc" } });
    expect(planned.map((p) => (p.details as { backoffSeconds: number }).backoffSeconds)).toEqual([0, 0.2, 0.4]);
    // A failed agent gets no new incidents.
    await cycle();
    expect(await db().incident.count({ where: { agentId: "sh-silent" } })).toBe(1);
  }, 30_000);

  it("concurrent cycles open, plan and command each incident exactly once", async () => {
    await agentWithStaleHeartbeat("sh-race");
    await Promise.all(Array.from({ length: 6 }, () => cycle()));
    const incs = await db().incident.findMany({ where: { agentId: "sh-race" } });
    expect(incs).toHaveLength(1);
    const keys = await steps(incs[0]!.id);
    expect(keys).toEqual(["detected", "planned:1", "executing:1"]);
    expect(await db().recoveryAction.count({ where: { incidentId: incs[0]!.id } })).toBe(1);
    expect(await db().agentCommand.count({ where: { agentId: "sh-race" } })).toBe(1);
    expect(await db().agentStateChange.count({ where: { agentId: "sh-race", toState: "recovering" } })).toBe(1);
    expect(await db().event.count({ where: { agentId: "sh-race", type: "incident.opened" } })).toBe(1);
  });

  it("pausing an agent cancels its open incident and its commands", async () => {
    await db().agent.update({ where: { id: "sh-race" }, data: { state: "paused" } });
    await cycle();
    const inc = await db().incident.findFirstOrThrow({ where: { agentId: "sh-race" } });
    expect(inc.status).toBe("cancelled");
    expect((await db().agentCommand.findFirstOrThrow({ where: { agentId: "sh-race" } })).status).toBe("cancelled");
    await cycle();
    expect(await db().incident.count({ where: { agentId: "sh-race" } })).toBe(1);
  });

  it("ack endpoint: validation, unknown ids, duplicates and conflicts", async () => {
    const key = await makeKey(["ingest"]);
    const cmd = await db().agentCommand.findFirstOrThrow({ where: { agentId: "sh-silent" } });
    const bad = await call(ackRoute, { key, params: { id: cmd.id }, body: { status: "done" } });
    expect(bad.status).toBe(400);
    expect(isErrorShape(bad.body)).toBe(true);
    expect(bad.body.issues[0].path).toBe("status");
    expect((await call(ackRoute, { key, params: { id: "nope" }, body: { status: "succeeded" } })).status).toBe(404);
    expect((await call(ackRoute, { key, params: { id: "00000000-0000-4000-8000-000000000000" }, body: { status: "succeeded" } })).status).toBe(404);
    const late = await call(ackRoute, { key, params: { id: cmd.id }, body: { status: "succeeded" } });
    expect(late.status).toBe(409);
    expect(late.body.commandStatus).toBe("timed_out");
    expect((await call(ackRoute, { key, params: { id: cmd.id }, body: { status: "timed_out" } })).status).toBe(400);
    expect((await call(ackRoute, { params: { id: cmd.id }, body: { status: "succeeded" } })).status).toBe(401);
  });
});
