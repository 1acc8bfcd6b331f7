/**
 * The langsmith_bridge cycle against real Postgres: analysis (grades, efficiency, feedback),
 * daily rollups that match the runs and the llm_daily_cost view, and the stored BI report.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as native from "@/app/api/v1/llm/runs/route";
import { db, pool } from "../db/client";
import { call, makeKey } from "../../test/http";
import { analyzeDirtyRuns, runBridgeCycle } from "./bridge";
import { storeFeedback } from "./feedback";
import { ensureModelPrices } from "./price-seed";

let key: string;
beforeAll(async () => {
  await ensureModelPrices(db());
  key = await makeKey(["ingest", "read"]);
});

const now = Date.now();
const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();

describe("langsmith_bridge cycle", () => {
  it("grades runs, folds in feedback, writes rollups and a report with spend, grades and optimizations", async () => {
    const runs = [
      ...Array.from({ length: 8 }, (_, i) => ({ id: `b-4o-${i}`, traceId: `conv-${i}`, project: "support", model: "gpt-4o", startTime: at(30 + i), latencyMs: 800, inputTokens: 500, outputTokens: 100, outputs: { text: "Here is a complete and helpful answer to your question about invoices." } })),
      { id: "b-sonnet", traceId: "conv-9", project: "research", model: "claude-3-5-sonnet-20241022", startTime: at(20), latencyMs: 12_000, inputTokens: 20_000, outputTokens: 800, outputs: { text: "A long analysis." } },
      { id: "b-fail", traceId: "conv-10", project: "research", model: "gpt-4o-mini", startTime: at(10), latencyMs: 300, inputTokens: 50, error: "rate limited" },
    ];
    expect((await call(native.POST, { key, body: { runs } })).status).toBe(202);
    await storeFeedback(pool(), [{ id: "0b8f6a5e-0000-4000-8000-000000000001", run_id: "b-sonnet", key: "user_score", score: 0.1 }]);

    const r = await runBridgeCycle(db(), pool(), new Date(now));
    expect(r.analyzed).toBe(10);

    const graded = (await pool().query("SELECT id, quality_grade, quality_score, efficiency_score, feedback_score, dirty FROM llm_runs WHERE id LIKE 'b-%' ORDER BY id")).rows;
    expect(graded.every((g) => g.dirty === false && g.quality_grade !== null && g.efficiency_score !== null)).toBe(true);
    const byId = Object.fromEntries(graded.map((g) => [g.id, g]));
    expect(byId["b-4o-0"].quality_grade).toBe("A");
    expect(byId["b-fail"].quality_grade).toBe("F");
    expect(byId["b-sonnet"].feedback_score).toBeCloseTo(0.1);
    expect(byId["b-sonnet"].quality_score).toBeLessThan(60); // poor explicit feedback pulls it down

    // Rollups agree with the runs and with the llm_daily_cost view.
    const rollup = (await pool().query("SELECT sum(runs)::int AS runs, sum(cost)::text AS cost FROM llm_daily_rollups WHERE project IN ('support', 'research')")).rows[0];
    const view = (await pool().query("SELECT sum(runs)::int AS runs, sum(cost)::text AS cost FROM llm_daily_cost WHERE project IN ('support', 'research')")).rows[0];
    expect(rollup).toEqual(view);
    expect(rollup.runs).toBe(10);
    // 8 × (500 × 2.5 + 100 × 10) + (20,000 × 3 + 800 × 15) + 50 × 0.15, per 1M = 0.018 + 0.072 + 0.0000075
    expect(rollup.cost).toBe("0.090007500000");

    const stored = (await pool().query("SELECT body FROM llm_reports ORDER BY id DESC LIMIT 1")).rows[0].body;
    expect(stored.spend.last30d).toBe("0.0900075");
    expect(stored.byProject.map((p: { project: string }) => p.project)).toEqual(["research", "support"]);
    expect(stored.byModel[0]).toMatchObject({ model: "claude-3-5-sonnet-20241022", runs: 1, cost: "0.072" });
    expect(stored.grades.A + stored.grades.B + stored.grades.C + stored.grades.D + stored.grades.F).toBe(10);
    expect(stored.conversations).toBe(10);
    // gpt-4o short calls → gpt-4o-mini: 8 × (500 × (2.5 − 0.15) + 100 × (10 − 0.6)) / 1M = $0.01692; per 1K of 10 conversations: $1.692
    const route = stored.recommendations.find((x: { kind: string; model: string }) => x.kind === "route" && x.model === "gpt-4o");
    expect(route).toMatchObject({ alternative: "gpt-4o-mini", savingsInWindow: "0.01692", savingsPer1kConversations: "1.692" });
    // sonnet's 20,000-token uncached prompt: 10,000 × ($3 − $0.30) / 1M = $0.027 → $2.7 per 1K
    const cache = stored.recommendations.find((x: { kind: string }) => x.kind === "cache");
    expect(cache).toMatchObject({ model: "claude-3-5-sonnet-20241022", savingsPer1kConversations: "2.7" });
    expect(stored.recommendations[0].kind).toBe("cache"); // biggest saving first
  });

  it("a run changed during analysis stays dirty for the next cycle", async () => {
    await call(native.POST, { key, body: { runs: [{ id: "b-race", model: "gpt-4o", inputTokens: 10 }] } });
    await pool().query("UPDATE llm_runs SET dirty = true WHERE id = 'b-race'");
    // Simulate the race: analysis read the row, then an ingest touched it before the write-back.
    const orig = pool().query.bind(pool());
    let touched = false;
    const spy = async (...args: Parameters<typeof orig>) => {
      const sql = String(args[0]);
      if (!touched && sql.startsWith("UPDATE llm_runs r SET quality_score")) {
        touched = true;
        await orig("UPDATE llm_runs SET updated_at = now() + interval '1 second' WHERE id = 'b-race'");
      }
      return orig(...args);
    };
    const r = await analyzeDirtyRuns({ query: spy } as never);
    expect(r.analyzed).toBeGreaterThanOrEqual(1);
    expect((await pool().query("SELECT dirty FROM llm_runs WHERE id = 'b-race'")).rows[0].dirty).toBe(true);
  });
});
