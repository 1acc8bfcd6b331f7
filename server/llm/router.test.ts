import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "../db/client";
import { callerAs } from "../../test/sessions";
import { ensureModelPrices } from "./price-seed";
import { storeRuns } from "./store";
import { emptyWrite } from "./run-write";

// Price edits are operator actions; an operator can also read everything a viewer can.
const { caller } = await callerAs("operator");

beforeAll(async () => {
  await ensureModelPrices(db());
  const writes = Array.from({ length: 5 }, (_, i) => {
    const w = emptyWrite(`router-run-${i}`, "native", "post");
    w.patch = true;
    w.project = i < 3 ? "alpha" : "beta";
    w.model = "gpt-4o-mini";
    w.startTime = new Date(Date.now() - i * 60_000);
    w.endTime = new Date(w.startTime.getTime() + 100);
    w.tokens = { input: 1000, output: 100, total: null, cacheRead: null, cacheWrite: null, reasoning: null };
    return w;
  });
  await storeRuns(db(), pool(), writes);
});

describe("llm tRPC router", () => {
  it("pages runs with filters, lists facets, and builds the report", async () => {
    const first = await caller.llm.runs({ project: "alpha", limit: 2 });
    expect(first.items.map((r) => r.id)).toEqual(["router-run-0", "router-run-1"]);
    const second = await caller.llm.runs({ project: "alpha", limit: 2, cursor: first.nextCursor });
    expect(second.items.map((r) => r.id)).toEqual(["router-run-2"]);
    expect(second.nextCursor).toBeNull();
    expect(await caller.llm.facets()).toMatchObject({ projects: expect.arrayContaining(["alpha", "beta"]), models: ["gpt-4o-mini"] });
    const report = await caller.llm.report();
    expect(report.runs.last30d).toBe(5);
    expect(report.spend.last30d).toBe("0.00105"); // 5 × (1000 × 0.15 + 100 × 0.6) / 1M
  });

  it("trace of an unknown id is NOT_FOUND", async () => {
    await expect(caller.llm.trace({ traceId: "missing" })).rejects.toSatisfy((e) => e instanceof TRPCError && e.code === "NOT_FOUND");
  });

  it("price editor validates regexes and decimals, and an edit makes a seeded row the operator's", async () => {
    const base = { modelPattern: "^x$", inputPerMtok: "1", outputPerMtok: "2" };
    await expect(caller.llm.prices.create({ ...base, modelPattern: "([" })).rejects.toThrow(/valid regular expression/);
    await expect(caller.llm.prices.create({ ...base, inputPerMtok: "0.0000001" })).rejects.toThrow(/at most 6 decimals/);
    await expect(caller.llm.prices.create({ ...base, outputPerMtok: "-1" })).rejects.toThrow(/non-negative/);
    const seeded = (await caller.llm.prices.list()).find((p) => p.note === "gpt-4o-mini list price")!;
    expect(seeded).toMatchObject({ seeded: true, inputPerMtok: "0.15", cacheReadPerMtok: "0.075", outputPerMtok: "0.6" });
    const edited = await caller.llm.prices.update({ id: seeded.id, modelPattern: seeded.modelPattern, inputPerMtok: "0.2", outputPerMtok: "0.6", cacheReadPerMtok: "0.1" });
    expect(edited).toMatchObject({ seeded: false, inputPerMtok: "0.2", cacheReadPerMtok: "0.1", reasoningPerMtok: null });
    // The seed never re-adds or overwrites what operators changed or deleted.
    await caller.llm.prices.delete({ id: edited.id });
    expect(await ensureModelPrices(db())).toBe(0);
    expect((await caller.llm.prices.list()).some((p) => p.id === edited.id)).toBe(false);
  });
});
