import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import * as metricsEndpoint from "@/app/api/metrics/route";
import * as heartbeatRoute from "@/app/api/v1/agents/[id]/heartbeats/route";
import * as metricsRoute from "@/app/api/v1/metrics/route";
import { db } from "../db/client";
import { call, makeAgents, makeKey } from "../../test/http";
import { routeLabel } from "./registry";

let read = "";
let ingest = "";
beforeAll(async () => {
  read = await makeKey(["read"]);
  ingest = await makeKey(["ingest"]);
  await makeAgents(["prom-a", "prom-b"]);
  await db().agent.update({ where: { id: "prom-b" }, data: { healthScore: 87.5, state: "late" } });
  await db().agentCycle.create({ data: { agentId: "prom-a", workerId: "w1", status: "succeeded", durationMs: 1500, endedAt: new Date() } });
  await call(heartbeatRoute.POST, { key: ingest, params: { id: "prom-a" }, path: "/api/v1/agents/prom-a/heartbeats", body: { status: "ok" } });
  await call(metricsRoute.POST, { key: ingest, path: "/api/v1/metrics", body: { metrics: [{ agentId: "prom-a", name: "x", value: 1 }, { agentId: "prom-b", name: "x", value: 2 }] } });
});

const promtool = spawnSync("promtool", ["--version"]).status === 0;

describe("GET /api/metrics", () => {
  it("needs a read key unless VIGIL_METRICS_PUBLIC", async () => {
    expect((await call(metricsEndpoint.GET, { path: "/api/metrics" })).status).toBe(401);
    expect((await call(metricsEndpoint.GET, { path: "/api/metrics", key: ingest })).status).toBe(403);
  });

  it("exposes agents, health, heartbeat age, cycles and per-process ingestion counters", async () => {
    const r = await call(metricsEndpoint.GET, { path: "/api/metrics", key: read });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = r.body as string;
    expect(text).toContain('vigil_agent_up{agent="prom-a",kind="external"} 1');
    expect(text).toContain('vigil_agent_up{agent="prom-b",kind="external"} 0');
    expect(text).toContain('vigil_agent_state{agent="prom-b",state="late"} 1');
    expect(text).toContain('vigil_agent_health_score{agent="prom-b"} 87.5');
    expect(text).toMatch(/vigil_agent_heartbeat_age_seconds\{agent="prom-a"\} \d/);
    expect(text).not.toMatch(/vigil_agent_heartbeat_age_seconds\{agent="prom-b"\}/);
    expect(text).toContain('vigil_worker_cycle_last_duration_seconds{agent="prom-a"} 1.5');
    expect(text).toMatch(/vigil_ingested_items_total\{kind="metrics"\} 2/);
    expect(text).toMatch(/vigil_ingested_items_total\{kind="heartbeats"\} 1/);
    expect(text).toMatch(/vigil_http_request_duration_seconds_count\{route="\/api\/v1\/agents\/\{id\}\/heartbeats",method="POST"\} 1/);
  });

  it.skipIf(!promtool)("passes `promtool check metrics` (skipped only when promtool is not installed: apt-get install prometheus)", async () => {
    const r = await call(metricsEndpoint.GET, { path: "/api/metrics", key: read });
    const check = spawnSync("promtool", ["check", "metrics"], { input: r.body as string, encoding: "utf8" });
    expect(check.stdout + check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  it("route labels hide ids so cardinality stays bounded", () => {
    expect(routeLabel("/api/v1/agents/some-agent/heartbeats")).toBe("/api/v1/agents/{id}/heartbeats");
    expect(routeLabel("/api/v1/commands/123/ack")).toBe("/api/v1/commands/{id}/ack");
    expect(routeLabel("/api/v1/metrics")).toBe("/api/v1/metrics");
  });
});
