import { describe, expect, it } from "vitest";
import { GET as anomaliesRoute } from "@/app/api/v1/anomalies/route";
import { db } from "../db/client";
import { call, isErrorShape, makeAgents, makeKey } from "../../test/http";
import { insertMetricRows } from "../ingest/metrics";
import { pointsAround, runAnomalyDetection } from "./service";

const base = Date.now() - 60_000;
const at = (s: number) => new Date(base + s * 1000);

describe("anomaly detection over stored metrics", () => {
  it("flags new points once, against the points before them, and serves them on the API", async () => {
    await makeAgents(["svc-a", "svc-b"]);
    await runAnomalyDetection(db()); // sets the watermark on an empty table
    const normal = [100, 102, 98, 101, 99, 100, 103, 97, 100, 101];
    await insertMetricRows(db(), [
      ...normal.map((v, i) => ({ agentId: "svc-a", name: "queue_depth", value: v, unit: null, timestamp: at(i), metadata: null })),
      { agentId: "svc-a", name: "queue_depth", value: 160, unit: null, timestamp: at(20), metadata: null }, // spike
      { agentId: "svc-a", name: "queue_depth", value: 101, unit: null, timestamp: at(21), metadata: null },
      { agentId: "svc-b", name: "cpu_usage", value: 97, unit: "%", timestamp: at(22), metadata: null }, // static threshold, no history
    ]);
    const r = await runAnomalyDetection(db());
    expect(r.scanned).toBe(13);
    expect(r.stored).toBe(2);
    expect((await runAnomalyDetection(db())).scanned).toBe(0); // watermark moved
    const rows = await db().anomaly.findMany({ orderBy: { metricAt: "asc" } });
    expect(rows.map((a) => [a.agentId, a.metric, a.value, a.method, a.severity])).toEqual([
      ["svc-a", "queue_depth", 160, "zscore", "critical"],
      ["svc-b", "cpu_usage", 97, "threshold", "critical"],
    ]);
    expect(rows[0]!.expected).toBe(100);

    const around = await pointsAround(db(), rows[0]!.id, 10);
    expect(around!.points.filter((p) => p.anomalous).map((p) => p.value)).toEqual([160]);
    expect(around!.points).toHaveLength(12);

    const key = await makeKey(["read"]);
    const list = await call(anomaliesRoute, { key, path: "/api/v1/anomalies?agentId=svc-a&metric=queue_depth&minutes=5" });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ agentId: "svc-a", metric: "queue_depth", value: 160, severity: "critical", method: "zscore" });
    expect(list.body.nextCursor).toBeNull();
    const page = await call(anomaliesRoute, { key, path: "/api/v1/anomalies?limit=1" });
    expect(page.body.items).toHaveLength(1);
    expect(typeof page.body.nextCursor).toBe("string");
    const next = await call(anomaliesRoute, { key, path: `/api/v1/anomalies?limit=1&cursor=${page.body.nextCursor}` });
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    const bad = await call(anomaliesRoute, { key, path: "/api/v1/anomalies?severity=huge&minutes=0" });
    expect(bad.status).toBe(400);
    expect(isErrorShape(bad.body)).toBe(true);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["minutes", "severity"]);
  });
});
