import { describe, expect, it } from "vitest";
import { breaches, recommendations, type DbFigures } from "./thresholds";

function figures(over: Partial<DbFigures> = {}): DbFigures {
  return {
    registeredAgents: 10,
    activeAgents: 9,
    connectionsUsed: 12,
    connectionsMax: 100,
    queryP95Ms: 4,
    probeMs: { "select 1": 0.3 },
    cacheHitRatio: 0.99,
    consistencyScore: 1,
    inconsistentAgents: [],
    errorRate: 0.01,
    errorSamples: 500,
    ingestPerMinute: 1200,
    ingestLagSeconds: 1,
    databaseBytes: 50 * 1024 ** 2,
    tables: [{ name: "heartbeats", bytes: 30 * 1024 ** 2, rows: 100_000, deadRows: 100 }],
    sharedBuffers: "128MB",
    ...over,
  };
}

describe("threshold breaches (cache ≥ 85 %, p95 < 1 s, consistency ≥ 90 %, errors < 5 %)", () => {
  it.each([
    { name: "healthy", f: {}, keys: [] },
    { name: "cache 84 %", f: { cacheHitRatio: 0.84 }, keys: ["database_issue:cache_hit:medium"] },
    { name: "cache 60 %", f: { cacheHitRatio: 0.6 }, keys: ["database_issue:cache_hit:high"] },
    { name: "cache exactly 85 %", f: { cacheHitRatio: 0.85 }, keys: [] },
    { name: "p95 1 s", f: { queryP95Ms: 1000 }, keys: ["database_issue:query_p95:high"] },
    { name: "p95 999 ms", f: { queryP95Ms: 999 }, keys: [] },
    { name: "consistency 89 %", f: { consistencyScore: 0.89, inconsistentAgents: ["a"] }, keys: ["state_inconsistency:consistency_score:medium"] },
    { name: "errors 5 %", f: { errorRate: 0.05 }, keys: ["high_error_rate:fleet:medium"] },
    { name: "errors 25 %", f: { errorRate: 0.25 }, keys: ["high_error_rate:fleet:high"] },
    { name: "errors 50 % of 10 samples (too few)", f: { errorRate: 0.5, errorSamples: 10 }, keys: [] },
    { name: "connections 90 of 100", f: { connectionsUsed: 90 }, keys: ["database_issue:connections:high"] },
  ])("$name", ({ f, keys }) => {
    expect(breaches(figures(f)).map((b) => `${b.type}:${b.subtype}:${b.severity}`)).toEqual(keys);
    for (const b of breaches(figures(f))) expect(b.agentId).toBeNull();
  });
});

describe("recommendations", () => {
  it("nothing to do on a healthy database", () => {
    const r = recommendations(figures());
    expect(r).toHaveLength(1);
    expect(r[0]!.text).toMatch(/^No action needed/);
  });

  it.each([
    { f: { cacheHitRatio: 0.8 }, area: "cache", text: /shared_buffers \(now 128MB\)/ },
    { f: { connectionsUsed: 80 }, area: "connections", text: /PgBouncer/ },
    { f: { queryP95Ms: 400, probeMs: { "newest heartbeat": 380 } }, area: "queries", text: /slowest probe: newest heartbeat, 380 ms/ },
    { f: { tables: [{ name: "metrics", bytes: 2 * 1024 ** 3, rows: 1e7, deadRows: 3e6 }] }, area: "maintenance", text: /VACUUM \(ANALYZE\) metrics/ },
    { f: { tables: [{ name: "metrics", bytes: 2 * 1024 ** 3, rows: 1e7, deadRows: 0 }], databaseBytes: 3 * 1024 ** 3 }, area: "storage", text: /metrics holds 2.00 GB/ },
    { f: { consistencyScore: 0.8, inconsistentAgents: ["billing", "mailer"] }, area: "consistency", text: /billing, mailer/ },
  ])("$area", ({ f, area, text }) => {
    const r = recommendations(figures(f as Partial<DbFigures>));
    const hit = r.find((x) => x.area === area);
    expect(hit?.text).toMatch(text);
  });

  it("high priority first", () => {
    const r = recommendations(figures({ cacheHitRatio: 0.5, consistencyScore: 0.95, inconsistentAgents: ["x"] }));
    expect(r.map((x) => x.priority)).toEqual(["high", "low"]);
  });
});
