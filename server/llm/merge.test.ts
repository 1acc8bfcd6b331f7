/**
 * Posts and patches in any order, split across requests or together, repeated: the stored run
 * is the same. Plus user-supplied costs kept beside computed ones, unpriced flags, and price
 * edits applying to new runs only.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as batch from "@/app/api/langsmith/runs/batch/route";
import * as multipartRoute from "@/app/api/langsmith/runs/multipart/route";
import * as runs from "@/app/api/langsmith/runs/route";
import * as runById from "@/app/api/langsmith/runs/[id]/route";
import * as native from "@/app/api/v1/llm/runs/route";
import { db, pool } from "../db/client";
import { call, makeKey } from "../../test/http";
import { ensureModelPrices } from "./price-seed";
import { createPrice } from "./prices";
import { listRuns, runsQuerySchema } from "./read";
import { multipart, segment } from "../../test/multipart";

let key: string;
beforeAll(async () => {
  await ensureModelPrices(db());
  key = await makeKey(["ingest", "read"]);
});

async function stored(id: string) {
  const { items } = await listRuns(pool(), runsQuerySchema.parse({ traceId: id }));
  return items.find((r) => r.id === id)!;
}

function runPair(project: string) {
  const id = randomUUID();
  const start = new Date(Date.now() - 60_000);
  const post = { id, trace_id: id, dotted_order: segment(start, id), name: "call", run_type: "llm", start_time: start.toISOString(), inputs: { q: "x" }, session_name: project, extra: { metadata: { ls_model_name: "gpt-4o-mini" } } };
  const patch = { id, trace_id: id, dotted_order: post.dotted_order, end_time: start.getTime() + 2500, outputs: { a: "y", usage_metadata: { input_tokens: 1000, output_tokens: 100, total_tokens: 1100 } } };
  return { id, post, patch };
}

// 1000 × 0.15 + 100 × 0.60 per 1M
const EXPECTED = { status: "success", latencyMs: 2500, cost: "0.00021", name: "call", model: "gpt-4o-mini" };

describe("post/patch merge", () => {
  it.each([
    ["post then patch, two multipart requests", ["post", "patch"]],
    ["patch then post, two multipart requests", ["patch", "post"]],
    ["post and patch in one multipart body", ["both"]],
    ["patch, post, patch again, post again (retries)", ["patch", "post", "patch", "post"]],
  ])("%s", async (_, order) => {
    const { id, post, patch } = runPair("merge");
    for (const step of order) {
      const parts =
        step === "both"
          ? [{ name: `post.${id}`, value: post }, { name: `patch.${id}`, value: patch }]
          : [{ name: `${step}.${id}`, value: step === "post" ? post : patch }];
      const res = await call(multipartRoute.POST, { key, ...multipart(parts, { gzip: true }) });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
    }
    expect(await stored(id)).toMatchObject({ ...EXPECTED, traceId: id, project: "merge" });
  });

  it("fields split into separate parts (post.<id>.inputs, patch.<id>.outputs) are joined", async () => {
    const { id, post, patch } = runPair("split");
    const { inputs, ...postMain } = post;
    const { outputs, ...patchMain } = patch;
    const res = await call(multipartRoute.POST, {
      key,
      ...multipart([
        { name: `patch.${id}`, value: patchMain },
        { name: `patch.${id}.outputs`, value: outputs },
        { name: `post.${id}`, value: postMain },
        { name: `post.${id}.inputs`, value: inputs },
      ]),
    });
    expect(res.status).toBe(202);
    expect(await stored(id)).toMatchObject(EXPECTED);
  });

  it("the JSON batch endpoint and POST /runs + PATCH /runs/{id} merge the same way", async () => {
    const a = runPair("batch");
    expect((await call(batch.POST, { key, body: { patch: [a.patch] } })).status).toBe(202);
    expect((await call(batch.POST, { key, body: { post: [a.post] } })).status).toBe(202);
    expect(await stored(a.id)).toMatchObject(EXPECTED);

    const b = runPair("single");
    const { id: _, trace_id: __, dotted_order: ___, ...patchBody } = b.patch;
    expect((await call(runById.PATCH, { key, method: "PATCH", body: patchBody, params: { id: b.id } })).status).toBe(202);
    expect((await call(runs.POST, { key, body: b.post })).status).toBe(202);
    expect(await stored(b.id)).toMatchObject({ ...EXPECTED, traceId: b.id });
  });

  it("a child arriving before its parent joins the parent's trace (dotted_order)", async () => {
    const root = randomUUID();
    const child = randomUUID();
    const t = new Date(Date.now() - 5000);
    const dotted = `${segment(t, root)}.${segment(new Date(t.getTime() + 10), child)}`;
    // No trace_id / parent_run_id: both come from the dotted order.
    await call(batch.POST, { key, body: { post: [{ id: child, dotted_order: dotted, name: "child", start_time: t.getTime() + 10 }] } });
    await call(batch.POST, { key, body: { post: [{ id: root, dotted_order: segment(t, root), name: "root", start_time: t.getTime() }] } });
    expect(await stored(child)).toBeUndefined(); // not a trace of its own
    const { items } = await listRuns(pool(), runsQuerySchema.parse({ traceId: root }));
    expect(items.map((r) => [r.name, r.parentRunId])).toEqual(expect.arrayContaining([["child", root], ["root", null]]));
  });
});

describe("costs", () => {
  it("a user-supplied cost is kept beside the computed one", async () => {
    const id = `user-cost-${randomUUID()}`;
    const res = await call(native.POST, { key, body: { runs: [{ id, model: "gpt-4o", inputTokens: 1000, outputTokens: 1000, cost: "0.5" }] } });
    expect(res.status).toBe(202);
    expect(await stored(id)).toMatchObject({ cost: "0.0125", userCost: "0.5" });
  });

  it("tokens with no price are flagged, never billed as $0", async () => {
    const noPrice = `unpriced-${randomUUID()}`;
    const noCachePrice = `nocache-${randomUUID()}`;
    await call(native.POST, {
      key,
      body: {
        runs: [
          { id: noPrice, model: "acme-llm-1", inputTokens: 100, outputTokens: 10 },
          // gpt-4-turbo has no published cached-input price
          { id: noCachePrice, model: "gpt-4-turbo", inputTokens: 1000, cacheReadTokens: 400, outputTokens: 0 },
        ],
      },
    });
    expect(await stored(noPrice)).toMatchObject({ cost: null, unpricedTokens: ["price"] });
    expect(await stored(noCachePrice)).toMatchObject({ cost: "0.006", unpricedTokens: ["cache_read"] });
  });

  it("a price edit changes the cost of new runs, not of runs already stored; project overrides win", async () => {
    const model = `house-model-${Date.now()}`;
    const before = `${model}-1`;
    await createPrice(db(), { modelPattern: `^${model}$`, provider: null, project: null, inputPerMtok: "1", outputPerMtok: "2", cacheReadPerMtok: null, cacheWritePerMtok: null, reasoningPerMtok: null, note: null });
    await call(native.POST, { key, body: { runs: [{ id: before, model, inputTokens: 1_000_000, outputTokens: 0 }] } });
    await createPrice(db(), { modelPattern: `^${model}$`, provider: null, project: null, inputPerMtok: "3", outputPerMtok: "2", cacheReadPerMtok: null, cacheWritePerMtok: null, reasoningPerMtok: null, effectiveFrom: new Date(Date.now() - 1000), note: null });
    await createPrice(db(), { modelPattern: `^${model}$`, provider: null, project: "vip", inputPerMtok: "0.5", outputPerMtok: "2", cacheReadPerMtok: null, cacheWritePerMtok: null, reasoningPerMtok: null, note: null });
    await call(native.POST, { key, body: { runs: [{ id: `${model}-2`, model, inputTokens: 1_000_000 }, { id: `${model}-3`, model, project: "vip", inputTokens: 1_000_000 }] } });
    expect((await stored(before)).cost).toBe("1");
    expect((await stored(`${model}-2`)).cost).toBe("3");
    expect((await stored(`${model}-3`)).cost).toBe("0.5");
  });
});
