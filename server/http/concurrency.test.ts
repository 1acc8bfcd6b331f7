/** 30 concurrent mixed ingestion requests from 10 clients (one agent and one key each). */
import { beforeAll, describe, expect, it } from "vitest";
import * as heartbeatRoute from "@/app/api/v1/agents/[id]/heartbeats/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import * as metricsRoute from "@/app/api/v1/metrics/route";
import { db } from "../db/client";
import { call, makeAgents, makeKey } from "../../test/http";

const CLIENTS = 10;
const METRICS_PER_BATCH = 50;
const EVENTS_PER_BATCH = 20;
const agents = Array.from({ length: CLIENTS }, (_, i) => `client-${i}`);
const keys: string[] = [];

beforeAll(async () => {
  await makeAgents(agents);
  for (let i = 0; i < CLIENTS; i++) keys.push(await makeKey(["ingest"]));
});

describe("concurrent ingestion", () => {
  it("30 mixed requests at once: all succeed and every row is stored", async () => {
    const requests = agents.flatMap((agentId, i) => {
      const key = keys[i]!;
      return [
        call(heartbeatRoute.POST, { key, params: { id: agentId }, body: { status: "ok", metrics: { cpu_usage: i } } }),
        call(metricsRoute.POST, { key, body: { metrics: Array.from({ length: METRICS_PER_BATCH }, (_, j) => ({ agentId, name: "rps", value: j })) } }),
        call(eventsRoute.POST, {
          key,
          body: { events: Array.from({ length: EVENTS_PER_BATCH }, (_, j) => ({ id: `${agentId}-${j}`, type: "job", message: `job ${j}`, severity: "info", agentId })) },
        }),
      ];
    });
    expect(requests).toHaveLength(30);
    const results = await Promise.all(requests);
    const failed = results.filter((r) => r.status >= 300);
    expect(failed, JSON.stringify(failed.map((f) => f.body))).toHaveLength(0);

    expect(await db().heartbeat.count()).toBe(CLIENTS);
    expect(await db().metric.count({ where: { name: "rps" } })).toBe(CLIENTS * METRICS_PER_BATCH);
    expect(await db().metric.count({ where: { name: "cpu_usage" } })).toBe(CLIENTS);
    expect(await db().event.count({ where: { type: "job" } })).toBe(CLIENTS * EVENTS_PER_BATCH);
    const states = await db().agent.findMany({ where: { id: { in: agents } }, select: { state: true, lastHeartbeatAt: true } });
    expect(states.every((a) => a.state === "active" && a.lastHeartbeatAt)).toBe(true);
  });
});
