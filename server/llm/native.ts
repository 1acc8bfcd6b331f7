import { randomUUID } from "node:crypto";
import { z } from "zod";
import { metadataField, text, timestampField } from "../ingest/schemas";
import { emptyWrite, type RunWrite } from "./run-write";

/**
 * Native ingestion, POST /api/v1/llm/runs: `{runs: [...]}` (≤ 1,000), camelCase, one finished
 * LLM call per item. Unlike the LangSmith/OTel paths (generic traces, where a span may carry no
 * model), a native run IS an LLM call: `model` is required. Send an `id` to make retries
 * idempotent; without one each request stores new runs.
 */

const tokens = (name: string) =>
  z
    .number({ error: (iss) => (iss.input === undefined ? `${name} is missing` : `${name} must be a number`) })
    .int(`${name} must be an integer`)
    .min(0, `${name} must not be negative`)
    .max(2_000_000_000, `${name} is implausibly large`)
    .nullish();

const runId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, "must be 1-128 characters of letters, digits, '_', '.', ':', '-'");

export const nativeRunSchema = z.object({
  id: runId.optional(),
  traceId: runId.optional(),
  parentRunId: runId.nullish(),
  name: text(1, 500).optional(),
  runType: text(1, 50).optional(),
  project: text(1, 200).optional(),
  model: text(1, 200),
  provider: text(1, 100).optional(),
  startTime: timestampField,
  endTime: timestampField,
  latencyMs: z.number().int().min(0, "latencyMs must not be negative").max(86_400_000).optional(),
  inputTokens: tokens("inputTokens"),
  outputTokens: tokens("outputTokens"),
  totalTokens: tokens("totalTokens"),
  cacheReadTokens: tokens("cacheReadTokens"),
  cacheWriteTokens: tokens("cacheWriteTokens"),
  reasoningTokens: tokens("reasoningTokens"),
  /** Cost the caller computed itself (USD), kept beside Vigil's. */
  cost: z.union([z.number().min(0, "cost must not be negative").lt(1e12, "cost must be below 1e12 USD").transform((n) => n.toFixed(12)), z.string().regex(/^\d{1,12}(\.\d{1,12})?$/, "cost must be a decimal USD amount (≤ 12 decimals)")]).optional(),
  error: text(1, 20_000).nullish(),
  finishReason: text(1, 100).optional(),
  inputs: metadataField,
  outputs: metadataField,
  metadata: metadataField,
  tags: z.array(text(1, 200)).max(100).optional(),
});
type NativeRun = z.output<typeof nativeRunSchema>;

export function nativeToWrite(r: NativeRun, now = new Date()): RunWrite {
  const w = emptyWrite(r.id ?? randomUUID(), "native", "post");
  w.patch = true;
  const end = r.endTime ?? (r.startTime && r.latencyMs !== undefined ? new Date(r.startTime.getTime() + r.latencyMs) : null);
  const start = r.startTime ?? (end ? new Date(end.getTime() - (r.latencyMs ?? 0)) : r.latencyMs !== undefined ? new Date(now.getTime() - r.latencyMs) : now);
  return {
    ...w,
    traceId: r.traceId ?? null,
    parentRunId: r.parentRunId ?? null,
    name: r.name ?? r.model,
    runType: r.runType ?? "llm",
    project: r.project ?? null,
    model: r.model,
    provider: r.provider ?? null,
    startTime: start,
    endTime: end ?? (r.latencyMs !== undefined ? new Date(start.getTime() + r.latencyMs) : start),
    inputs: r.inputs ?? null,
    outputs: r.outputs ?? null,
    error: r.error ?? null,
    extra: r.metadata ? { metadata: r.metadata } : null,
    tags: r.tags ?? null,
    finishReason: r.finishReason ?? null,
    tokens: {
      input: r.inputTokens ?? null,
      output: r.outputTokens ?? null,
      total: r.totalTokens ?? null,
      cacheRead: r.cacheReadTokens ?? null,
      cacheWrite: r.cacheWriteTokens ?? null,
      reasoning: r.reasoningTokens ?? null,
    },
    userCost: r.cost ?? null,
  };
}
