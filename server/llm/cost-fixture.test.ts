/**
 * Acceptance: ≥ 50 runs over ≥ 10 models (cached, cache-write and reasoning tokens included)
 * whose costs were computed independently (test/fixtures/llm-cost-fixture.json, Python Decimal at list
 * prices) go through the native API and come back out of the read API 100 % exact.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as route from "@/app/api/v1/llm/runs/route";
import { db } from "../db/client";
import { call, makeKey } from "../../test/http";
import fixture from "../../test/fixtures/llm-cost-fixture.json";
import { formatUsd, parseUsd } from "./money";
import { ensureModelPrices } from "./price-seed";

let key: string;
beforeAll(async () => {
  await ensureModelPrices(db());
  key = await makeKey(["ingest", "read"]);
});

describe("cost fixture", () => {
  it("has the coverage the acceptance asks for", () => {
    expect(fixture.runs.length).toBeGreaterThanOrEqual(50);
    expect(new Set(fixture.runs.map((r) => r.model)).size).toBeGreaterThanOrEqual(10);
    expect(fixture.runs.some((r) => r.cacheReadTokens > 0)).toBe(true);
    expect(fixture.runs.some((r) => r.cacheWriteTokens > 0)).toBe(true);
    expect(fixture.runs.some((r) => r.reasoningTokens > 0)).toBe(true);
  });

  it("every run's cost through POST and GET /api/v1/llm/runs is exactly the expected decimal", async () => {
    const runs = fixture.runs.map(({ expectedCost: _, ...r }) => ({ ...r, project: "cost-fixture", latencyMs: 1000 }));
    const post = await call(route.POST, { key, body: { runs } });
    expect(post.status, JSON.stringify(post.body)).toBe(202);
    expect(post.body.accepted).toBe(fixture.runs.length);

    const got = await call(route.GET, { key, path: "/api/v1/llm/runs?project=cost-fixture&limit=500" });
    expect(got.status).toBe(200);
    const byId = new Map<string, { cost: string | null; unpricedTokens: string[] }>(got.body.items.map((i: { id: string }) => [i.id, i]));
    const mismatches = fixture.runs.filter((r) => byId.get(r.id)?.cost !== r.expectedCost).map((r) => `${r.id} ${r.model}: expected ${r.expectedCost}, got ${byId.get(r.id)?.cost}`);
    expect(mismatches, "100 % of fixture costs exact").toEqual([]);
    expect([...byId.values()].every((r) => r.unpricedTokens.length === 0)).toBe(true);

    const total = fixture.runs.reduce((s, r) => s + parseUsd(r.expectedCost), 0n);
    const { rows } = await (await import("../db/client")).pool().query<{ s: string }>("SELECT sum(cost)::text AS s FROM llm_runs WHERE project = 'cost-fixture'");
    expect(parseUsd(rows[0]!.s)).toBe(total);
    expect(formatUsd(total)).toMatch(/^\d+\.\d+$/);
  });
});
