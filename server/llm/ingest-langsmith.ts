import type { z } from "zod";
import type { Issue } from "../http/errors";
import { ApiError, issue } from "../http/errors";
import { zodIssues } from "../http/zod-issues";
import { lsFeedbackSchema, lsRunSchema, lsRunToWrite, UUID_RE, type LsFeedback } from "./langsmith";
import type { Part } from "./multipart";
import type { RunWrite } from "./run-write";
import { checkJson, storableProblem, tooDeep, unstorableText, UNSTORABLE_MESSAGE, withWarnings, type Problem } from "./storable";

/**
 * LangSmith ingestion bodies → validated run writes and feedback, with an issue per rejected
 * operation. One bad run never drops the others: the client treats any 2xx as delivered and
 * drops the whole batch on any 4xx, so a batch with at least one good operation is a 2xx.
 */

const MAX_RUN_OPS = 1000;
const RUN_FIELDS = new Set(["inputs", "outputs", "extra", "error", "events", "serialized"]);

export interface Parsed {
  writes: RunWrite[];
  feedback: LsFeedback[];
  issues: Issue[];
  /** Values stored differently than sent (e.g. 1e999 as null), by operation index and path. */
  warnings: Issue[];
  /** Operations seen (valid + rejected). */
  total: number;
}

const emptyParsed = (total = 0): Parsed => ({ writes: [], feedback: [], issues: [], warnings: [], total });

// RunWrite fields under the names a LangSmith client sent them.
const LS_NAMES: Record<string, string> = {
  traceId: "trace_id",
  parentRunId: "parent_run_id",
  dottedOrder: "dotted_order",
  runType: "run_type",
  project: "session_name",
  model: "extra.metadata.ls_model_name",
  provider: "extra.metadata.ls_provider",
  finishReason: "outputs.response_metadata.finish_reason",
  "tokens.input": "outputs.usage_metadata.input_tokens",
  "tokens.output": "outputs.usage_metadata.output_tokens",
  "tokens.total": "outputs.usage_metadata.total_tokens",
  "tokens.cacheRead": "outputs.usage_metadata.input_token_details.cache_read",
  "tokens.cacheWrite": "outputs.usage_metadata.input_token_details.cache_creation",
  "tokens.reasoning": "outputs.usage_metadata.output_token_details.reasoning",
  userCost: "outputs.usage_metadata.total_cost",
};

const at = (prefix: string, path: string) => (prefix ? (path ? `${prefix}.${path}` : prefix) : path);

function validateRun(raw: unknown, kind: "post" | "patch", index: number, prefix: string, out: Parsed): void {
  // Before anything recursive (an object `error` is serialized below) walks a nesting bomb.
  const deep = tooDeep(raw, "");
  if (deep) {
    out.issues.push(issue(at(prefix, deep.path), deep.message, index));
    return;
  }
  const r = lsRunSchema.safeParse(raw);
  if (!r.success) {
    out.issues.push(...zodIssues(r.error as z.ZodError, index, prefix ? [prefix] : []));
    return;
  }
  const write = lsRunToWrite(r.data, kind);
  const warnings: Problem[] = [];
  const problem = storableProblem(write, LS_NAMES, warnings);
  if (problem) {
    out.issues.push(issue(at(prefix, problem.path), problem.message, index));
    return;
  }
  out.warnings.push(...warnings.map((w) => issue(at(prefix, w.path), w.message, index)));
  out.writes.push(withWarnings(write, warnings));
}

function validateFeedback(raw: unknown, index: number, prefix: string, out: Parsed): void {
  const r = lsFeedbackSchema.safeParse(raw);
  if (!r.success) {
    out.issues.push(...zodIssues(r.error as z.ZodError, index, prefix ? [prefix] : []));
    return;
  }
  const f = r.data;
  const warnings: Problem[] = [];
  const problem =
    ([["key", f.key], ["comment", f.comment]] as const).flatMap(([path, v]) => (typeof v === "string" && unstorableText(v) ? [{ path, message: UNSTORABLE_MESSAGE }] : []))[0] ??
    (["value", "correction", "feedback_source"] as const).map((k) => checkJson(f[k], k, warnings)).find((p) => p !== null) ??
    null;
  if (problem) out.issues.push(issue(at(prefix, problem.path), problem.message, index));
  else if (f.score !== null && f.score !== undefined && !Number.isFinite(f.score)) out.issues.push(issue(at(prefix, "score"), "score must be a finite number", index));
  else out.feedback.push(f);
}

interface Op {
  kind: "post" | "patch";
  id: string;
  index: number;
  main?: Record<string, unknown>;
  fields: Record<string, unknown>;
  broken: boolean;
}

/** Parts `post.<id>[.<field>]`, `patch.<id>[.<field>]`, `feedback.<id>`, `attachment.<id>.<name>`. */
export function parseMultipartOps(parts: readonly Part[]): Parsed {
  const out = emptyParsed();
  const ops = new Map<string, Op>();
  let index = 0;
  const opFor = (kind: "post" | "patch", id: string) => {
    const key = `${kind}.${id}`;
    let op = ops.get(key);
    if (!op) {
      op = { kind, id, index: index++, fields: {}, broken: false };
      ops.set(key, op);
    }
    return op;
  };
  for (const part of parts) {
    const m = /^(post|patch|feedback|attachment)\.([^.]+)(?:\.(.+))?$/.exec(part.name);
    if (!m) {
      out.issues.push(issue(part.name, "unknown part name: expected post.<id>, patch.<id>, post.<id>.<field>, feedback.<id> or attachment.<id>.<name>", index++));
      out.total++;
      continue;
    }
    const [, kind, id, field] = m as unknown as [string, "post" | "patch" | "feedback" | "attachment", string, string | undefined];
    if (!UUID_RE.test(id)) {
      out.issues.push(issue(part.name, `'${id.slice(0, 60)}' is not a UUID run id`, index++));
      out.total++;
      continue;
    }
    // Attachments are accepted (the client must not lose its batch) but not stored: Vigil keeps run data only.
    if (kind === "attachment") continue;
    if (kind === "feedback" && field !== undefined) {
      out.issues.push(issue(part.name, "unknown part name: feedback parts are feedback.<id>", index++));
      out.total++;
      continue;
    }
    if ((kind === "post" || kind === "patch") && field !== undefined && !RUN_FIELDS.has(field)) {
      const op = opFor(kind, id.toLowerCase());
      op.broken = true;
      out.issues.push(issue(part.name, `unknown run field part '${field}': expected one of ${[...RUN_FIELDS].join(", ")}`, op.index));
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(part.value);
    } catch (err) {
      if (kind === "feedback") {
        out.issues.push(issue(part.name, `part is not valid JSON: ${(err as Error).message}`, index++));
        out.total++;
      } else {
        const op = opFor(kind, id.toLowerCase());
        op.broken = true;
        out.issues.push(issue(part.name, `part is not valid JSON: ${(err as Error).message}`, op.index));
      }
      continue;
    }
    if (kind === "feedback") {
      out.total++;
      const fb = value && typeof value === "object" && !Array.isArray(value) ? { id, ...(value as object) } : value;
      validateFeedback(fb, index++, part.name, out);
      continue;
    }
    const op = opFor(kind, id.toLowerCase());
    if (field === undefined) {
      if (!value || typeof value !== "object" || Array.isArray(value)) {
        op.broken = true;
        out.issues.push(issue(part.name, "the run part must be a JSON object", op.index));
      } else op.main = value as Record<string, unknown>;
    } else if (field !== "serialized") {
      op.fields[field] = value;
    }
  }
  if (ops.size > MAX_RUN_OPS * 2) {
    throw new ApiError(413, `too many run operations: ${ops.size} in one request; the limit is ${MAX_RUN_OPS * 2}, split the batch`, [issue("", `at most ${MAX_RUN_OPS * 2} operations`)]);
  }
  for (const op of ops.values()) {
    out.total++;
    const name = `${op.kind}.${op.id}`;
    if (op.broken) continue;
    if (!op.main) {
      // A patch may carry only fields (e.g. just outputs): the id is in the part name.
      if (op.kind === "post") {
        out.issues.push(issue(name, `missing the run part '${name}' (only its field parts arrived)`, op.index));
        continue;
      }
      op.main = {};
    }
    const bodyId = op.main.id;
    if (bodyId !== undefined && (typeof bodyId !== "string" || bodyId.toLowerCase() !== op.id)) {
      out.issues.push(issue(`${name}.id`, "id in the part body differs from the id in the part name", op.index));
      continue;
    }
    validateRun({ ...op.main, ...op.fields, id: op.id }, op.kind, op.index, name, out);
  }
  return out;
}

/** POST /runs/batch: `{post: [...], patch: [...]}`. */
export function parseBatchBody(body: unknown): Parsed {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new ApiError(400, 'request body must be a JSON object like {"post": [...], "patch": [...]}', [issue("", "expected an object")]);
  }
  const b = body as Record<string, unknown>;
  const out = emptyParsed();
  let index = 0;
  for (const kind of ["post", "patch"] as const) {
    const items = b[kind];
    if (items === undefined || items === null) continue;
    if (!Array.isArray(items)) throw new ApiError(400, `'${kind}' must be an array`, [issue(kind, "must be an array")]);
    if (items.length > MAX_RUN_OPS) throw new ApiError(413, `too many runs in '${kind}': at most ${MAX_RUN_OPS} per request, split the batch`, [issue(kind, `at most ${MAX_RUN_OPS} items (got ${items.length})`)]);
    items.forEach((item, i) => {
      out.total++;
      validateRun(item, kind, index++, `${kind}.${i}`, out);
    });
  }
  if (out.total === 0) throw new ApiError(400, "empty batch: send post and/or patch arrays", [issue("", "no runs")]);
  return out;
}

/** POST /runs (one run) and PATCH /runs/{id}. */
export function parseSingleRun(body: unknown, kind: "post" | "patch", urlId?: string): Parsed {
  const out = emptyParsed(1);
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new ApiError(400, "request body must be a JSON object (a run)", [issue("", "expected an object")]);
  if (urlId !== undefined) {
    if (!UUID_RE.test(urlId)) throw new ApiError(400, `'${urlId.slice(0, 60)}' is not a UUID run id`, [issue("id", "run id in the path must be a UUID")]);
    const bodyId = (body as Record<string, unknown>).id;
    if (bodyId !== undefined && bodyId !== null && String(bodyId).toLowerCase() !== urlId.toLowerCase()) {
      throw new ApiError(400, "id in the body differs from the id in the path", [issue("id", "must match the path")]);
    }
    body = { ...(body as object), id: urlId };
  }
  validateRun(body, kind, 0, "", out);
  return out;
}

export function parseFeedbackBody(body: unknown): Parsed {
  const out = emptyParsed(1);
  validateFeedback(body, 0, "", out);
  return out;
}
