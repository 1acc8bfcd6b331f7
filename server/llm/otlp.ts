import { z } from "zod";
import type { Issue } from "../http/errors";
import { ApiError, issue } from "../http/errors";
import { zodIssues } from "../http/zod-issues";
import { timestampProblem } from "../ingest/schemas";
import { emptyWrite, type RunWrite } from "./run-write";
import { MAX_JSON_DEPTH, MAX_TOKENS, storableProblem, unstorableText, UNSTORABLE_MESSAGE, withWarnings, type Problem } from "./storable";

/**
 * OTLP/HTTP trace export (JSON, or protobuf decoded to the same shape by otlp-proto.ts) → run
 * writes, one per span, using the OpenTelemetry GenAI semantic conventions. Spans are
 * complete when exported, so each write is a post and a patch at once. Invalid spans are
 * rejected one by one and reported back as OTLP partial success.
 */

const MAX_SPANS = 10_000;

const hexId = (bytes: number, what: string) =>
  z.union([z.string(), z.array(z.number().int().min(0).max(255))], { error: `${what} must be a hex string` }).transform((v, ctx) => {
    const hex = typeof v === "string" ? v.toLowerCase() : Buffer.from(v).toString("hex");
    if (!new RegExp(`^[0-9a-f]{${bytes * 2}}$`).test(hex) || /^0+$/.test(hex)) {
      ctx.addIssue({ code: "custom", message: `${what} must be ${bytes * 2} hex digits, not all zero` });
      return z.NEVER;
    }
    return hex;
  });

const optionalParent = z.union([z.string(), z.array(z.number())]).nullish().transform((v, ctx) => {
  if (v === null || v === undefined || v.length === 0) return null;
  const r = hexId(8, "parentSpanId").safeParse(v);
  if (!r.success) {
    ctx.addIssue({ code: "custom", message: "parentSpanId must be 16 hex digits (or empty for a root span)" });
    return z.NEVER;
  }
  return r.data;
});

const nanos = (what: string) =>
  z.union([z.string(), z.number()], { error: `${what} must be unix nanoseconds` }).transform((v, ctx) => {
    const s = typeof v === "number" ? (Number.isSafeInteger(v) ? String(v) : "") : v;
    if (!/^\d{1,20}$/.test(s)) {
      ctx.addIssue({ code: "custom", message: `${what} must be unix nanoseconds as an integer or decimal string` });
      return z.NEVER;
    }
    const ms = Number(BigInt(s) / 1_000_000n);
    const problem = timestampProblem(new Date(ms));
    if (problem) {
      ctx.addIssue({ code: "custom", message: `${what} ${problem}` });
      return z.NEVER;
    }
    return new Date(ms);
  });

type AnyValue = { stringValue?: string; boolValue?: boolean; intValue?: string | number; doubleValue?: number | string; arrayValue?: { values?: AnyValue[] }; kvlistValue?: { values?: KeyValue[] }; bytesValue?: unknown };
type KeyValue = { key: string; value?: AnyValue };

/** A value or key the database cannot store, or nesting beyond MAX_JSON_DEPTH: the span (or resource) is rejected. */
class UnstorableAttribute extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

// Depth-bounded: kvlistValue/arrayValue can nest as deep as a hostile sender likes.
function anyValue(v: AnyValue | undefined, path: string, depth: number): unknown {
  if (!v || typeof v !== "object") return null;
  if (depth > MAX_JSON_DEPTH) throw new UnstorableAttribute(path, `attribute value nested deeper than ${MAX_JSON_DEPTH} levels`);
  if (v.stringValue !== undefined) {
    if (typeof v.stringValue === "string" && unstorableText(v.stringValue)) throw new UnstorableAttribute(path, `attribute value ${UNSTORABLE_MESSAGE}`);
    return v.stringValue;
  }
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.arrayValue) return (Array.isArray(v.arrayValue.values) ? v.arrayValue.values : []).map((x, i) => anyValue(x, `${path}.${i}`, depth + 1));
  if (v.kvlistValue) return attributeMap(v.kvlistValue.values, path, depth + 1);
  if (v.bytesValue !== undefined) return typeof v.bytesValue === "string" ? v.bytesValue : Buffer.from(v.bytesValue as number[]).toString("base64");
  return null;
}

function attributeMap(list: KeyValue[] | undefined | null, path: string, depth: number): Record<string, unknown> {
  // No prototype: a key named "__proto__" is data, not the object's prototype.
  const out: Record<string, unknown> = Object.create(null);
  for (const kv of Array.isArray(list) ? list : []) {
    if (!kv || typeof kv.key !== "string") continue;
    if (unstorableText(kv.key)) throw new UnstorableAttribute(`${path}.${kv.key.replace(/[\u0000\p{Cs}]/gu, "\ufffd")}`, `attribute key ${UNSTORABLE_MESSAGE}`);
    out[kv.key] = anyValue(kv.value, `${path}.${kv.key}`, depth);
  }
  return out;
}

/** OTLP attribute list → plain object; throws UnstorableAttribute (caught per span). */
export function attributes(list: KeyValue[] | undefined | null, path = "attributes"): Record<string, unknown> {
  return attributeMap(list, path, 0);
}

const kvList = z.array(z.object({ key: z.string(), value: z.unknown() }).loose()).nullish();

const spanSchema = z
  .object({
    traceId: hexId(16, "traceId"),
    spanId: hexId(8, "spanId"),
    parentSpanId: optionalParent,
    name: z.string().max(1000).nullish(),
    kind: z.union([z.number(), z.string()]).nullish(),
    startTimeUnixNano: nanos("startTimeUnixNano"),
    endTimeUnixNano: nanos("endTimeUnixNano").nullish(),
    attributes: kvList,
    events: z.array(z.object({ name: z.string().nullish(), timeUnixNano: z.unknown(), attributes: kvList }).loose()).nullish(),
    status: z.object({ code: z.union([z.number(), z.string()]).nullish(), message: z.string().nullish() }).loose().nullish(),
  })
  .loose();

const TOKEN_ATTRS: Record<string, keyof RunWrite["tokens"]> = {
  "gen_ai.usage.input_tokens": "input",
  "gen_ai.usage.prompt_tokens": "input",
  "gen_ai.usage.output_tokens": "output",
  "gen_ai.usage.completion_tokens": "output",
  "gen_ai.usage.total_tokens": "total",
  "gen_ai.usage.cache_read.input_tokens": "cacheRead",
  "gen_ai.usage.cache_read_input_tokens": "cacheRead",
  "gen_ai.usage.cache_creation.input_tokens": "cacheWrite",
  "gen_ai.usage.cache_creation_input_tokens": "cacheWrite",
  "gen_ai.usage.reasoning.output_tokens": "reasoning",
  "gen_ai.usage.reasoning_tokens": "reasoning",
};

const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : null);
function parseJsonAttr(v: unknown): unknown {
  if (typeof v !== "string") return v ?? null;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function spanToWrite(span: z.output<typeof spanSchema>, project: string, resource: Record<string, unknown>, scope: unknown): { write?: RunWrite; issues: Problem[]; warnings: Problem[] } {
  const attrs = attributes(span.attributes as KeyValue[]);
  const issues: { path: string; message: string }[] = [];
  const w = emptyWrite(span.spanId, "otel", "post");
  w.patch = true;
  for (const [attr, key] of Object.entries(TOKEN_ATTRS)) {
    const v = attrs[attr];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > MAX_TOKENS) {
      issues.push({ path: `attributes.${attr}`, message: `token count must be an integer from 0 to ${MAX_TOKENS}, got ${JSON.stringify(v)}` });
      continue;
    }
    w.tokens[key] ??= v;
  }
  if (issues.length) return { issues, warnings: [] };
  const op = str(attrs["gen_ai.operation.name"]);
  const isGenAi = Object.keys(attrs).some((k) => k.startsWith("gen_ai."));
  const code = span.status?.code;
  const failed = code === 2 || code === "STATUS_CODE_ERROR" || code === "2";
  const exception = (span.events ?? []).find((e) => e.name === "exception");
  const exceptionMsg = exception ? str(attributes(exception.attributes as KeyValue[], "events.exception.attributes")["exception.message"]) : null;
  const finish = attrs["gen_ai.response.finish_reasons"];
  const { ...otherAttrs } = attrs;
  for (const k of ["gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.prompt", "gen_ai.completion"]) delete otherAttrs[k];
  Object.assign(w, {
    traceId: span.traceId,
    parentRunId: span.parentSpanId,
    name: span.name ?? null,
    runType: op === "chat" || op === "text_completion" || op === "generate_content" ? "llm" : (op ?? (isGenAi ? "llm" : "span")),
    project,
    model: str(attrs["gen_ai.response.model"]) ?? str(attrs["gen_ai.request.model"]),
    provider: str(attrs["gen_ai.provider.name"]) ?? str(attrs["gen_ai.system"]),
    startTime: span.startTimeUnixNano,
    endTime: span.endTimeUnixNano ?? span.startTimeUnixNano,
    inputs: attrs["gen_ai.input.messages"] !== undefined ? { messages: parseJsonAttr(attrs["gen_ai.input.messages"]) } : attrs["gen_ai.prompt"] !== undefined ? { prompt: parseJsonAttr(attrs["gen_ai.prompt"]) } : null,
    outputs: attrs["gen_ai.output.messages"] !== undefined ? { messages: parseJsonAttr(attrs["gen_ai.output.messages"]) } : attrs["gen_ai.completion"] !== undefined ? { completion: parseJsonAttr(attrs["gen_ai.completion"]) } : null,
    error: failed ? (str(span.status?.message) ?? exceptionMsg ?? "span status ERROR") : null,
    extra: { attributes: otherAttrs, resource, scope },
    events: span.events?.length ? span.events : null,
    finishReason: Array.isArray(finish) ? (str(finish[0]) ?? null) : str(finish),
  } satisfies Partial<RunWrite>);
  const warnings: Problem[] = [];
  const problem = storableProblem(w, OTLP_NAMES, warnings);
  if (problem) return { issues: [problem], warnings: [] };
  return { write: withWarnings(w, warnings), issues, warnings };
}

// RunWrite fields under the span's own field names.
const OTLP_NAMES: Record<string, string> = {
  error: "status.message",
  extra: "attributes",
  model: "attributes.gen_ai.request.model",
  provider: "attributes.gen_ai.system",
  finishReason: "attributes.gen_ai.response.finish_reasons",
  inputs: "attributes.gen_ai.input.messages",
  outputs: "attributes.gen_ai.output.messages",
};

/** spanToWrite, with an unstorable or too deep attribute reported as the span's issue. */
function spanWrite(span: z.output<typeof spanSchema>, project: string, resource: Record<string, unknown>, scope: unknown): { write?: RunWrite; issues: Problem[]; warnings: Problem[] } {
  try {
    return spanToWrite(span, project, resource, scope);
  } catch (err) {
    if (err instanceof UnstorableAttribute) return { issues: [{ path: err.path, message: err.message }], warnings: [] };
    throw err;
  }
}

interface OtlpParsed {
  writes: RunWrite[];
  issues: Issue[];
  warnings: Issue[];
  total: number;
}

/** Walks resourceSpans → scopeSpans → spans; `headerProject` (Langsmith-Project header) beats service.name. */
export function parseOtlp(body: unknown, headerProject: string | null): OtlpParsed {
  const top = z.object({ resourceSpans: z.array(z.unknown()).nullish() }).loose().safeParse(body);
  if (!top.success) throw new ApiError(400, "not an OTLP ExportTraceServiceRequest", zodIssues(top.error, null));
  const out: OtlpParsed = { writes: [], issues: [], warnings: [], total: 0 };
  // Hostile JSON can put anything anywhere: a level that is not an array is reported, not walked.
  const list = <T>(v: unknown, path: string): T[] => {
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v as T[];
    out.issues.push(issue(path, `must be an array, got ${typeof v}`));
    return [];
  };
  (top.data.resourceSpans ?? []).forEach((rsRaw, ri) => {
    const rs = (rsRaw && typeof rsRaw === "object" ? rsRaw : {}) as { resource?: { attributes?: KeyValue[] }; scopeSpans?: unknown };
    let resource: Record<string, unknown>;
    let resourceProblem: Problem | null = null;
    try {
      resource = attributes(rs.resource?.attributes, `resourceSpans.${ri}.resource.attributes`);
    } catch (err) {
      if (!(err instanceof UnstorableAttribute)) throw err;
      // Every span of this resource would carry it: each is rejected with the resource's path.
      resource = {};
      resourceProblem = { path: err.path, message: err.message };
    }
    const service = str(resource["service.name"]);
    const project = headerProject ?? str(resource["langsmith.project"]) ?? (service && !service.startsWith("unknown_service") ? service : null) ?? "default";
    list<{ scope?: unknown; spans?: unknown } | null>(rs.scopeSpans, `resourceSpans.${ri}.scopeSpans`).forEach((ss, si) => {
      list<unknown>(ss && typeof ss === "object" ? ss.spans : undefined, `resourceSpans.${ri}.scopeSpans.${si}.spans`).forEach((raw, pi) => {
        const index = out.total++;
        if (out.total > MAX_SPANS) throw new ApiError(413, `too many spans: at most ${MAX_SPANS} per request, split the export`, [issue("resourceSpans", `more than ${MAX_SPANS} spans`)]);
        const prefix = `resourceSpans.${ri}.scopeSpans.${si}.spans.${pi}`;
        if (resourceProblem) {
          out.issues.push(issue(resourceProblem.path, resourceProblem.message, index));
          return;
        }
        const parsed = spanSchema.safeParse(raw);
        if (!parsed.success) {
          out.issues.push(...zodIssues(parsed.error, index, [prefix]));
          return;
        }
        const r = spanWrite(parsed.data, project, resource, ss?.scope ?? null);
        out.issues.push(...r.issues.map((i) => issue(`${prefix}.${i.path}`, i.message, index)));
        out.warnings.push(...r.warnings.map((i) => issue(`${prefix}.${i.path}`, i.message, index)));
        if (r.write) out.writes.push(r.write);
      });
    });
  });
  return out;
}
