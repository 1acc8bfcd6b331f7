import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { DEFAULT_DETECTION } from "../incidents/detect";
import { detectIssues } from "../recovery/engine";
import { recoveryConfig } from "../recovery/config";
import { collectFigures, storeSnapshot } from "./service";

describe("shared-state figures from pg_stat_* and the app's data", () => {
  it("collects sane figures, scores consistency with the self-healing detector and stores breaches", async () => {
    const now = new Date();
    await db().agent.createMany({
      data: [
        { id: "dbm-ok", name: "ok", state: "active", lastHeartbeatAt: now, heartbeatIntervalSeconds: 30, graceSeconds: 30 },
        { id: "dbm-orphan", name: "orphan", state: "recovering", stateChangedAt: new Date(now.getTime() - 600_000), lastHeartbeatAt: now, heartbeatIntervalSeconds: 30, graceSeconds: 30 },
      ],
    });
    await db().event.createMany({ data: Array.from({ length: 30 }, (_, i) => ({ type: "job", message: "x", severity: i < 15 ? "error" : "info", agentId: "dbm-ok", timestamp: now })) });
    const { figures, counters } = await collectFigures(db(), DEFAULT_DETECTION, 30, new Date());
    expect(figures.registeredAgents).toBe(2);
    expect(figures.activeAgents).toBe(1);
    expect(figures.connectionsMax).toBeGreaterThan(0);
    expect(figures.connectionsUsed).toBeGreaterThan(0);
    expect(Object.keys(figures.probeMs)).toHaveLength(5);
    expect(figures.queryP95Ms).toBeGreaterThanOrEqual(0);
    expect(figures.cacheHitRatio).toBeGreaterThan(0);
    expect(figures.cacheHitRatio).toBeLessThanOrEqual(1);
    expect(figures.consistencyScore).toBe(0.5);
    expect(figures.inconsistentAgents).toEqual(["dbm-orphan"]);
    expect(figures.errorRate).toBe(0.5);
    expect(figures.ingestPerMinute).toBe(30);
    expect(figures.databaseBytes).toBeGreaterThan(1_000_000);
    expect(figures.tables.length).toBeGreaterThan(3);

    const found = await storeSnapshot(db(), figures, counters);
    expect(found.map((b) => b.subtype).sort()).toEqual(["consistency_score", "fleet"]);
    const snap = await db().dbMonitorSnapshot.findFirstOrThrow();
    expect(snap.consistencyScore).toBe(0.5);

    // The self-healing agent sees the fresh breaches as issues.
    const issues = await detectIssues(db(), recoveryConfig(), new Date());
    expect(issues.map((i) => `${i.type}:${i.agentId ?? "system"}:${i.subtype ?? ""}`)).toEqual(
      expect.arrayContaining(["state_inconsistency:dbm-orphan:orphan_recovering", "state_inconsistency:system:consistency_score", "high_error_rate:system:fleet"]),
    );

    // The next snapshot's cache ratio is a delta over the interval.
    const second = await collectFigures(db(), DEFAULT_DETECTION, 30, new Date());
    expect(second.counters.hit).toBeGreaterThanOrEqual(counters.hit);
  });
});
