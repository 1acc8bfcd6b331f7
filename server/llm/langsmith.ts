import { z } from "zod";
import { timestampProblem } from "../ingest/schemas";
import { MAX_TOKENS } from "./storable";
import { emptyWrite, type RunWrite, type Tokens } from "./run-write";

/**
 * LangSmith run payloads → RunWrite. Validation rejects only what is really invalid
 * (the client drops a whole batch on any 4xx): a malformed id, trace id or dotted_order, an
 * unparseable time, negative or non-integer token counts. Unknown fields are ignored, as the
 * LangSmith server does, so newer clients keep working.
 */

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// One dotted_order segment: start time with microseconds, "Z", then the run id.
const SEGMENT_RE = /^(\d{8}T\d{6}\d{0,6})Z([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export const uuid = (what: string) => z.string({ error: `${what} must be a UUID string` }).regex(UUID_RE, `${what} must be a UUID (8-4-4-4-12 hex digits)`).transform((s) => s.toLowerCase());

/** ISO 8601 (a zone is optional: LangSmith's Python client sends naive UTC) or epoch milliseconds. */
const runTime = z.union([z.string(), z.number()], { error: "must be an ISO 8601 date-time or epoch milliseconds" }).transform((v, ctx) => {
  let at: Date;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) {
      ctx.addIssue({ code: "custom", message: `epoch milliseconds expected, got ${v}` });
      return z.NEVER;
    }
    at = new Date(v);
  } else {
    const s = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v) ? `${v}Z` : v;
    at = /^\d{4}-\d{2}-\d{2}/.test(s) ? new Date(s) : new Date(NaN);
  }
  if (Number.isNaN(at.getTime())) {
    ctx.addIssue({ code: "custom", message: `not a valid date-time: ${JSON.stringify(v).slice(0, 40)}` });
    return z.NEVER;
  }
  const problem = timestampProblem(at);
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem });
    return z.NEVER;
  }
  return at;
});

const tokenCount = z.number({ error: "token count must be a number" }).int("token count must be an integer").min(0, "token count must not be negative").max(MAX_TOKENS, `token count must be at most ${MAX_TOKENS}`);
const usageSchema = z
  .object({
    input_tokens: tokenCount.nullish(),
    output_tokens: tokenCount.nullish(),
    total_tokens: tokenCount.nullish(),
    input_token_details: z.object({ cache_read: tokenCount.nullish(), cache_creation: tokenCount.nullish() }).partial().nullish(),
    output_token_details: z.object({ reasoning: tokenCount.nullish() }).partial().nullish(),
    // numeric(24,12): below 1e12 USD, at most 12 decimals.
    total_cost: z
      .union([z.number().min(0).lt(1e12, "total_cost must be below 1e12 USD"), z.string().regex(/^\d{1,12}(\.\d{1,12})?$/, "total_cost must be a decimal USD amount below 1e12 with at most 12 decimals")], { error: "total_cost must be a non-negative number or decimal string below 1e12" })
      .nullish(),
  })
  .loose();
type Usage = z.output<typeof usageSchema>;

const obj = z.record(z.string(), z.unknown());

export const lsRunSchema = z
  .object({
    id: uuid("id"),
    trace_id: uuid("trace_id").nullish(),
    parent_run_id: uuid("parent_run_id").nullish(),
    dotted_order: z.string().max(10_000).nullish(),
    name: z.string().max(1_000).nullish(),
    run_type: z.string().max(100).nullish(),
    start_time: runTime.nullish(),
    end_time: runTime.nullish(),
    inputs: obj.nullish(),
    outputs: obj.nullish(),
    error: z.union([z.string(), obj]).nullish(),
    extra: obj.nullish(),
    events: z.array(z.unknown()).nullish(),
    tags: z.array(z.string().max(200)).max(100).nullish(),
    session_name: z.string().max(200).nullish(),
    project_name: z.string().max(200).nullish(),
  })
  .loose()
  .superRefine((r, ctx) => {
    if (r.dotted_order) {
      const problem = dottedOrderProblem(r.dotted_order, r.id, r.trace_id ?? null);
      if (problem) ctx.addIssue({ code: "custom", path: ["dotted_order"], message: problem });
    }
    for (const [path, u] of [
      [["outputs", "usage_metadata"], r.outputs?.usage_metadata],
      [["extra", "metadata", "usage_metadata"], (r.extra?.metadata as Record<string, unknown> | undefined)?.usage_metadata],
    ] as const) {
      if (u === undefined || u === null) continue;
      const p = usageSchema.safeParse(u);
      if (!p.success) for (const i of p.error.issues) ctx.addIssue({ code: "custom", path: [...path, ...i.path.map(String)], message: i.message });
    }
  });
type LsRun = z.output<typeof lsRunSchema>;

/** Why a dotted_order is malformed, or null. Its last segment must be this run, its first the trace root. */
function dottedOrderProblem(dotted: string, id: string, traceId: string | null): string | null {
  const segs = dotted.split(".");
  const parsed = segs.map((s) => SEGMENT_RE.exec(s));
  const bad = parsed.findIndex((m) => m === null);
  if (bad >= 0) return `segment ${bad + 1} '${segs[bad]!.slice(0, 60)}' is not <YYYYMMDDTHHMMSSffffff>Z<run uuid>`;
  if (parsed.at(-1)![2]!.toLowerCase() !== id.toLowerCase()) return "last segment must end with the run's own id";
  if (traceId && parsed[0]![2]!.toLowerCase() !== traceId.toLowerCase()) return "first segment must end with the trace_id";
  return null;
}

/** Parent and trace root from a dotted_order (when the run does not name them itself). */
function fromDotted(dotted: string | null | undefined): { root: string | null; parent: string | null } {
  if (!dotted) return { root: null, parent: null };
  const ids = dotted.split(".").map((s) => SEGMENT_RE.exec(s)?.[2]?.toLowerCase() ?? null);
  return { root: ids[0] ?? null, parent: ids.length > 1 ? (ids[ids.length - 2] ?? null) : null };
}

const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : null);
const rec = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** Token usage: outputs.usage_metadata, extra.metadata.usage_metadata, or LangChain's llm_output.token_usage. */
function lsTokens(run: Pick<LsRun, "outputs" | "extra">): { tokens: Tokens; userCost: string | null } {
  const meta = rec(run.extra?.metadata);
  const u = (rec(run.outputs?.usage_metadata) ?? rec(meta?.usage_metadata)) as Usage | undefined;
  const legacy = rec(rec(run.outputs?.llm_output)?.token_usage);
  const num = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : null);
  const tokens: Tokens = {
    input: num(u?.input_tokens) ?? num(legacy?.prompt_tokens),
    output: num(u?.output_tokens) ?? num(legacy?.completion_tokens),
    total: num(u?.total_tokens) ?? num(legacy?.total_tokens),
    cacheRead: num(u?.input_token_details?.cache_read),
    cacheWrite: num(u?.input_token_details?.cache_creation),
    reasoning: num(u?.output_token_details?.reasoning),
  };
  const cost = u?.total_cost;
  return { tokens, userCost: cost === null || cost === undefined ? null : typeof cost === "number" ? cost.toFixed(12) : cost };
}

function modelOf(run: Pick<LsRun, "extra" | "outputs">): { model: string | null; provider: string | null } {
  const meta = rec(run.extra?.metadata);
  const inv = rec(run.extra?.invocation_params);
  const model = str(meta?.ls_model_name) ?? str(inv?.model) ?? str(inv?.model_name) ?? str(rec(run.outputs?.response_metadata)?.model_name) ?? str(run.outputs?.model);
  return { model, provider: str(meta?.ls_provider) ?? null };
}

function finishReasonOf(outputs: Record<string, unknown> | null | undefined): string | null {
  const meta = rec(outputs?.response_metadata);
  const choice = Array.isArray(outputs?.choices) ? rec(outputs.choices[0]) : undefined;
  return str(meta?.finish_reason) ?? str(meta?.stop_reason) ?? str(choice?.finish_reason) ?? null;
}

export function lsRunToWrite(run: LsRun, kind: "post" | "patch"): RunWrite {
  const w = emptyWrite(run.id, "langsmith", kind);
  const d = fromDotted(run.dotted_order);
  const { tokens, userCost } = lsTokens(run);
  const { model, provider } = modelOf(run);
  return {
    ...w,
    traceId: run.trace_id ?? d.root,
    parentRunId: run.parent_run_id ?? d.parent,
    dottedOrder: run.dotted_order ?? null,
    name: run.name ?? null,
    runType: run.run_type ?? null,
    project: run.session_name ?? run.project_name ?? null,
    model,
    provider,
    startTime: run.start_time ?? null,
    endTime: run.end_time ?? null,
    inputs: run.inputs ?? null,
    outputs: run.outputs ?? null,
    error: typeof run.error === "string" ? run.error || null : run.error ? JSON.stringify(run.error) : null,
    extra: run.extra ?? null,
    events: run.events && run.events.length ? run.events : null,
    tags: run.tags ?? null,
    finishReason: finishReasonOf(run.outputs),
    tokens,
    userCost,
  };
}

export const lsFeedbackSchema = z
  .object({
    id: uuid("id"),
    run_id: uuid("run_id").nullish(),
    trace_id: uuid("trace_id").nullish(),
    key: z.string({ error: "key is required (the feedback's name, e.g. 'user_score')" }).min(1).max(200),
    score: z.union([z.number(), z.boolean()]).nullish().transform((v) => (typeof v === "boolean" ? (v ? 1 : 0) : v)),
    value: z.unknown().optional(),
    comment: z.string().max(10_000).nullish(),
    correction: z.unknown().optional(),
    feedback_source: z.unknown().optional(),
  })
  .loose();
export type LsFeedback = z.output<typeof lsFeedbackSchema>;
