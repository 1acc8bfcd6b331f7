/**
 * Acceptance: the real, unmodified `langsmith` npm client (traceable, createRun/updateRun,
 * feedback) against the real route handlers over HTTP. Every run must arrive once, in the right
 * tree, with the right tokens and an exact cost from the seeded price table.
 */
import { Client } from "langsmith/client";
import { traceable } from "langsmith/traceable";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "../db/client";
import { makeKey } from "../../test/http";
import { ensureModelPrices } from "./price-seed";
import { getTrace, listRuns, runsQuerySchema } from "./read";
import { startTestServer, type TestServer } from "../../test/llm-server";

let server: TestServer;
let client: Client;
const PROJECT = "ls-acceptance";

beforeAll(async () => {
  await ensureModelPrices(db());
  server = await startTestServer();
  process.env.LANGSMITH_TRACING = "true";
  client = new Client({ apiUrl: `${server.url}/api/langsmith`, apiKey: await makeKey(["ingest"]), autoBatchTracing: true });
});

afterAll(async () => {
  await client?.awaitPendingTraceBatches();
  await server?.close();
});

const runs = (q: Record<string, string>) => listRuns(pool(), runsQuerySchema.parse({ limit: "500", ...q }));

describe("langsmith client → Vigil", () => {
  it("traceable parent + child LLM run with usage_metadata: one tree, exact tokens and cost, gzip multipart", async () => {
    const llm = traceable(
      async (question: string) => ({
        role: "assistant",
        content: `answer to ${question}`,
        usage_metadata: { input_tokens: 1200, output_tokens: 300, total_tokens: 1500, input_token_details: { cache_read: 200 }, output_token_details: { reasoning: 100 } },
      }),
      { name: "chat-model", run_type: "llm", client, project_name: PROJECT, metadata: { ls_provider: "openai", ls_model_name: "gpt-4o-mini" } },
    );
    const pipeline = traceable(async (q: string) => ({ answer: (await llm(q)).content }), { name: "pipeline", run_type: "chain", client, project_name: PROJECT });
    await pipeline("what is vigil?");
    await client.awaitPendingTraceBatches();

    const { items } = await runs({ project: PROJECT });
    const parent = items.find((r) => r.name === "pipeline")!;
    const child = items.find((r) => r.name === "chat-model")!;
    expect(parent, "parent run stored").toBeDefined();
    expect(child, "child run stored").toBeDefined();
    expect(child.traceId).toBe(parent.id);
    expect(child.parentRunId).toBe(parent.id);
    expect(child.dottedOrder!.startsWith(parent.dottedOrder!)).toBe(true);
    expect(child.model).toBe("gpt-4o-mini");
    expect(child.provider).toBe("openai");
    expect(child.status).toBe("success");
    expect(child.tokens).toMatchObject({ input: 1200, output: 300, total: 1500, cacheRead: 200, reasoning: 100 });
    // 1000 plain input × $0.15 + 200 cached × $0.075 + 200 plain output × $0.60 + 100 reasoning × $0.60, per 1M
    // = 0.00015 + 0.000015 + 0.00012 + 0.00006 = 0.000345
    expect(child.cost).toBe("0.000345");
    expect(child.unpricedTokens).toEqual([]);
    expect(parent.cost).toBeNull();
    expect(child.latencyMs).toBeGreaterThanOrEqual(0);

    const posts = server.log.filter((l) => l.path.endsWith("/runs/multipart"));
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((p) => p.status === 202)).toBe(true);
    expect(posts.some((p) => p.encoding === "gzip"), "the client gzips multipart bodies (instance_flags.gzip_body_enabled)").toBe(true);

    const trace = await getTrace(pool(), parent.id);
    expect(trace!.runCount, "each run arrives exactly once").toBe(2);
    expect(trace!.roots).toHaveLength(1);
    expect(trace!.roots[0]!.children.map((c) => c.id)).toEqual([child.id]);
    expect(trace!.totals.cost).toBe("0.000345");
  });

  it("a run that throws is stored once with status error and the message", async () => {
    const failing = traceable(
      async () => {
        throw new Error("upstream model timed out");
      },
      { name: "failing-llm", run_type: "llm", client, project_name: PROJECT, metadata: { ls_provider: "anthropic", ls_model_name: "claude-3-5-sonnet-20241022" } },
    );
    await expect(failing()).rejects.toThrow("upstream model timed out");
    await client.awaitPendingTraceBatches();
    const { items } = await runs({ project: PROJECT, status: "error" });
    const r = items.filter((x) => x.name === "failing-llm");
    expect(r).toHaveLength(1);
    expect(r[0]!.error).toContain("upstream model timed out");
    expect(r[0]!.model).toBe("claude-3-5-sonnet-20241022");
  });

  it("createRun / updateRun (no dotted_order → POST /runs, PATCH /runs/{id}) merge into one run", async () => {
    const id = crypto.randomUUID();
    const start = Date.now() - 1500;
    await client.createRun({ id, name: "manual-call", run_type: "llm", inputs: { prompt: "hi" }, project_name: PROJECT, start_time: start, extra: { metadata: { ls_model_name: "claude-3-5-haiku-20241022", ls_provider: "anthropic" } } });
    await client.updateRun(id, {
      end_time: start + 1234,
      outputs: { content: "hello", usage_metadata: { input_tokens: 2000, output_tokens: 500, total_tokens: 2500, input_token_details: { cache_read: 1000, cache_creation: 400 } } },
    });
    await client.awaitPendingTraceBatches();
    expect(server.log.some((l) => l.method === "POST" && l.path === "/api/langsmith/runs" && l.status === 202)).toBe(true);
    expect(server.log.some((l) => l.method === "PATCH" && l.path === `/api/langsmith/runs/${id}` && l.status === 202)).toBe(true);
    const { items } = await runs({ traceId: id });
    expect(items).toHaveLength(1);
    const r = items[0]!;
    expect(r).toMatchObject({ id, name: "manual-call", status: "success", latencyMs: 1234, model: "claude-3-5-haiku-20241022" });
    expect(r.tokens).toMatchObject({ input: 2000, output: 500, cacheRead: 1000, cacheWrite: 400 });
    // haiku 3.5: 600 plain × 0.8 + 1000 read × 0.08 + 400 write × 1 + 500 out × 4 (per 1M)
    // = 0.00048 + 0.00008 + 0.0004 + 0.002 = 0.00296
    expect(r.cost).toBe("0.00296");
  });

  it("feedback is stored against its run and shown on the trace", async () => {
    let runId = "";
    const scored = traceable(
      async () => ({ content: "ok", usage_metadata: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } }),
      {
        name: "scored-llm",
        run_type: "llm",
        client,
        project_name: PROJECT,
        metadata: { ls_model_name: "gpt-4o" },
        on_end: (rt) => {
          runId = rt.id;
        },
      },
    );
    await scored();
    await client.awaitPendingTraceBatches();
    await client.createFeedback(runId, "user_score", { score: 0.9, comment: "helpful", traceId: runId });
    await client.createFeedback(runId, "correctness", { score: 1 });
    await client.awaitPendingTraceBatches();
    // With a trace id the client batches feedback into the multipart body; without, POST /feedback.
    expect(server.log.some((l) => l.path === "/api/langsmith/feedback" && l.status === 200)).toBe(true);
    const trace = await getTrace(pool(), runId);
    expect(trace!.feedback.map((f) => [f.key, f.score]).sort()).toEqual([
      ["correctness", 1],
      ["user_score", 0.9],
    ]);
    const { items } = await runs({ traceId: runId });
    expect(items[0]!.feedbackScore).toBeCloseTo(0.95, 10);
  });
});
