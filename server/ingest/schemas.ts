import { z } from "zod";
import { EVENT_SEVERITIES } from "../vocabulary";

/**
 * Validation for everything agents send (docs/api.md). Rules beyond plain types, and why:
 * - numbers must be finite: JSON.parse turns `1e999` into Infinity, clients send "NaN" strings
 *   or null, and none of those is a measurement;
 * - strings and JSON metadata must not contain NUL or unpaired surrogates: Postgres text/jsonb
 *   reject them, and one such row would otherwise fail the whole multi-row INSERT;
 * - timestamps are ISO 8601 with a zone (or epoch milliseconds) and at most 5 minutes ahead of
 *   the server clock (clock skew allowance), so a bad clock cannot poison "latest" queries.
 * Unknown fields are dropped, not rejected, so newer SDKs keep working against older servers.
 */

export const MAX_BATCH_ITEMS = 1000;
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
export const AGENT_ID_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

// NUL, or a surrogate half not paired (in /u mode a valid pair is one code point, not \p{Cs}).
const UNSTORABLE = /[\u0000\p{Cs}]/u;
const METADATA_MAX_DEPTH = 16;
/**
 * The earliest accepted timestamp, for every ingestion path (ISO strings, epoch milliseconds,
 * OTLP nanoseconds alike): 2000-01-01T00:00:00Z. Smaller epoch numbers are almost always epoch
 * *seconds* sent by mistake, and no agent or LLM call observed by Vigil predates it.
 */
export const MIN_TIMESTAMP_MS = 946_684_800_000;
export const MIN_TIMESTAMP_ISO = "2000-01-01T00:00:00Z";

/** The shared range check of every ingested time: not before 2000, at most 5 minutes ahead. */
export function timestampProblem(at: Date, now = Date.now()): string | null {
  if (Number.isNaN(at.getTime())) return "is not a valid date";
  if (at.getTime() < MIN_TIMESTAMP_MS) return `is before ${MIN_TIMESTAMP_ISO}, the earliest accepted time (epoch seconds instead of milliseconds?)`;
  if (at.getTime() > now + MAX_FUTURE_SKEW_MS) return `is more than 5 minutes in the future (${at.toISOString()}); check the sender's clock`;
  return null;
}

function describe(input: unknown): string {
  if (input === null) return "null";
  if (typeof input === "number") return String(input); // NaN, Infinity (from 1e999), -Infinity
  if (typeof input === "string") return `the string ${JSON.stringify(input.length > 20 ? input.slice(0, 20) + "…" : input)}`;
  return Array.isArray(input) ? "an array" : typeof input;
}

const finiteNumber = z.number({
  error: (iss) =>
    iss.input === undefined
      ? "required field is missing (expected a number)"
      : `must be a finite number, got ${describe(iss.input)} (NaN, Infinity and null are not allowed)`,
});

export const text = (min: number, max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? "required field is missing (expected a string)" : `must be a string, got ${describe(iss.input)}`) })
    .min(min, min === 1 ? "must not be empty" : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !UNSTORABLE.test(s), "must not contain NUL characters or unpaired surrogates");

/** Optional field: absent or null both mean "not given" (SDKs often send null for unset). */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

export const agentIdRef = z.string({ error: (iss) => (iss.input === undefined ? "required field is missing (expected an agent id)" : `must be an agent id string, got ${describe(iss.input)}`) }).min(1, "must not be empty").max(64, "must be at most 64 characters");

const agentSlug = z
  .string({ error: (iss) => (iss.input === undefined ? "required field is missing (expected an agent id)" : `must be a string, got ${describe(iss.input)}`) })
  .regex(AGENT_ID_PATTERN, "must be a slug: 1-64 characters of a-z, 0-9, '_', '.', '-', starting with a letter or digit");

/** Walks arbitrary JSON for values Postgres (or JSON) cannot store faithfully. */
function checkJson(value: unknown, path: (string | number)[], depth: number, ctx: z.RefinementCtx): void {
  if (depth > METADATA_MAX_DEPTH) {
    ctx.addIssue({ code: "custom", message: `nested deeper than ${METADATA_MAX_DEPTH} levels`, path });
    return;
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    ctx.addIssue({ code: "custom", message: `must be a finite number, got ${describe(value)}`, path });
  } else if (typeof value === "string" && UNSTORABLE.test(value)) {
    ctx.addIssue({ code: "custom", message: "must not contain NUL characters or unpaired surrogates", path });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkJson(v, [...path, i], depth + 1, ctx));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (UNSTORABLE.test(k)) ctx.addIssue({ code: "custom", message: "key must not contain NUL characters or unpaired surrogates", path });
      else checkJson(v, [...path, k], depth + 1, ctx);
    }
  }
}

export const metadataField = optional(
  z
    .record(z.string(), z.unknown(), { error: (iss) => `must be a JSON object, got ${describe(iss.input)}` })
    .superRefine((v, ctx) => checkJson(v, [], 0, ctx)),
);

/** ISO 8601 with a zone (Z or ±hh:mm) or epoch milliseconds; absent/null = server time. */
export const timestampField = z.unknown().transform((v, ctx): Date | undefined => {
  if (v === undefined || v === null) return undefined;
  let at: Date;
  if (typeof v === "string") {
    if (!z.iso.datetime({ offset: true }).safeParse(v).success) {
      ctx.addIssue({ code: "custom", message: "must be an ISO 8601 date-time with a zone, e.g. 2026-01-31T12:00:00Z (or epoch milliseconds)" });
      return z.NEVER;
    }
    at = new Date(v);
  } else if (typeof v === "number" && Number.isFinite(v)) {
    at = new Date(v);
  } else {
    ctx.addIssue({ code: "custom", message: `must be an ISO 8601 string or epoch milliseconds, got ${describe(v)}` });
    return z.NEVER;
  }
  const problem = timestampProblem(at);
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem });
    return z.NEVER;
  }
  return at;
}).optional();

export const metricItemSchema = z.object({
  agentId: agentIdRef,
  name: text(1, 200),
  value: finiteNumber,
  unit: optional(text(0, 32)),
  timestamp: timestampField,
  metadata: metadataField,
});
export type MetricItem = z.output<typeof metricItemSchema>;

const severitySchema = z.enum(EVENT_SEVERITIES, { error: (iss) => `must be one of ${EVENT_SEVERITIES.join(", ")}, got ${describe(iss.input)}` });

export const eventItemSchema = z.object({
  // Client id for idempotency; integers are accepted and stored as their decimal string.
  id: optional(z.union([text(1, 200), z.number().int().transform(String)], { error: "must be a string (or integer) id" })),
  type: text(1, 100),
  message: text(1, 10_000),
  severity: severitySchema,
  agentId: optional(agentIdRef),
  timestamp: timestampField,
  metadata: metadataField,
});
export type EventItem = z.output<typeof eventItemSchema>;

export const heartbeatBodySchema = z.object({
  status: optional(text(0, 64)),
  metrics: optional(
    z
      .record(text(1, 200), finiteNumber, { error: (iss) => `must be an object of {name: number}, got ${describe(iss.input)}` })
      .refine((m) => Object.keys(m).length <= MAX_BATCH_ITEMS, `at most ${MAX_BATCH_ITEMS} metrics per heartbeat`),
  ),
  metadata: metadataField,
});
const seconds = (name: string, min: number) =>
  z
    .number({ error: (iss) => `${name} must be an integer number of seconds, got ${describe(iss.input)}` })
    .int(`${name} must be an integer number of seconds`)
    .min(min, `${name} must be at least ${min}`)
    .max(7 * 24 * 3600, `${name} must be at most 604800 (7 days)`);

export const agentRegistrationSchema = z.object({
  id: agentSlug,
  name: text(1, 200).optional(),
  description: optional(text(0, 2000)),
  capabilities: z.array(text(1, 100), { error: (iss) => `must be an array of strings, got ${describe(iss.input)}` }).max(100, "at most 100 capabilities").optional(),
  version: optional(text(0, 100)),
  heartbeatIntervalSeconds: seconds("heartbeatIntervalSeconds", 1).optional(),
  graceSeconds: seconds("graceSeconds", 0).optional(),
  expected: z.boolean({ error: (iss) => `must be true or false, got ${describe(iss.input)}` }).optional(),
  metadata: metadataField,
});
