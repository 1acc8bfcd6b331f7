import { db, pool } from "../db/client";
import { notifyLive } from "../live/channel";
import { ApiError, issue, json } from "../http/errors";
import { batchResponse, parseBatch } from "../ingest/batch";
import { storeFeedback } from "./feedback";
import { MB, parseJson } from "../http/body";
import { parseBatchBody, parseFeedbackBody, parseMultipartOps, parseSingleRun, type Parsed } from "./ingest-langsmith";
import { parseMultipart } from "./multipart";
import { nativeRunSchema, nativeToWrite } from "./native";
import type { RunWrite } from "./run-write";
import { parseOtlp } from "./otlp";
import { decodeOtlpProtobuf, encodeOtlpResponse } from "./otlp-proto";
import { storeRuns } from "./store";
import { MAX_JSON_DEPTH, storableProblem, withWarnings, type Problem } from "./storable";
import { VERSION } from "../config";

/**
 * Every LLM ingestion endpoint after the route helper has read the body within the limit
 * below: validate, store, tell live dashboards, answer. Batches answer like every other batch
 * (server/ingest/batch.ts): 202 all stored, 207 some rejected, 400 none.
 */

/** LangSmith batches: the client's own default limit is 20 MB; allow headroom. */
export const LANGSMITH_MAX_BYTES = 25 * MB;
export const OTLP_MAX_BYTES = 16 * MB;
export const NATIVE_MAX_BYTES = 8 * MB;

async function commit(p: Parsed): Promise<void> {
  if (p.writes.length) await storeRuns(db(), pool(), p.writes);
  if (p.feedback.length) await storeFeedback(pool(), p.feedback);
  if (p.writes.length || p.feedback.length) notifyLive({ type: "llm", runs: p.writes.length });
}

/** GET /api/langsmith/info — what the LangSmith client asks before its first batch. */
export function langsmithInfo(): Response {
  return json({
    version: `vigil-${VERSION}`,
    license_expiration_time: null,
    batch_ingest_config: {
      use_multipart_endpoint: true,
      scale_up_qsize_trigger: 1000,
      scale_up_nthreads_limit: 16,
      scale_down_nempty_trigger: 4,
      size_limit: 100,
      size_limit_bytes: 20 * MB,
    },
    // gzip: the client compresses multipart bodies; zstd is not offered (Node 20 has no zstd).
    instance_flags: { gzip_body_enabled: true, zstd_compression_enabled: false },
  });
}

/** LangSmith's multipart answer: 202 all stored, 207 some rejected, 400 none (the client drops a batch on 4xx). */
function ingestResponse(p: Parsed): Response {
  return batchResponse("operations", { total: p.total, accepted: p.writes.length + p.feedback.length, rejected: p.issues }, p.warnings.length ? { warnings: p.warnings } : {});
}

export async function langsmithMultipart(body: Buffer, contentType: string | null): Promise<Response> {
  const parts = await parseMultipart(body, contentType, LANGSMITH_MAX_BYTES);
  const parsed = parseMultipartOps(parts);
  await commit(parsed);
  return ingestResponse(parsed);
}

export async function langsmithBatch(body: unknown): Promise<Response> {
  const parsed = parseBatchBody(body);
  await commit(parsed);
  return ingestResponse(parsed);
}

export async function langsmithCreateRun(body: unknown): Promise<Response> {
  const parsed = parseSingleRun(body, "post");
  await commit(parsed);
  return ingestResponse(parsed);
}

export async function langsmithPatchRun(body: unknown, id: string): Promise<Response> {
  const parsed = parseSingleRun(body, "patch", id);
  await commit(parsed);
  return ingestResponse(parsed);
}

export async function langsmithFeedback(body: unknown): Promise<Response> {
  const parsed = parseFeedbackBody(body);
  await commit(parsed);
  const res = ingestResponse(parsed);
  // The client reads the created feedback back; echo it like LangSmith does.
  return res.status === 202 ? json(parsed.feedback[0], 200) : res;
}

/** POST /api/public/otel/v1/traces (and /api/langsmith/otel/v1/traces): JSON or protobuf, gzip. */
export async function otlpTraces(req: Request, bytes: Buffer): Promise<Response> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const proto = type === "application/x-protobuf" || type === "application/protobuf";
  if (!proto && type !== "application/json") {
    throw new ApiError(415, "OTLP/HTTP accepts Content-Type application/x-protobuf or application/json", [issue("", `Content-Type ${type || "(none)"}`)]);
  }
  let body: unknown;
  if (proto) {
    try {
      body = decodeOtlpProtobuf(bytes);
    } catch (err) {
      // Nesting is unbounded on the wire; the decoder stops at 100 message levels ("max depth exceeded").
      const why = err instanceof RangeError || /max depth/.test((err as Error).message) ? `nested too deeply (at most ${MAX_JSON_DEPTH} levels are stored)` : (err as Error).message;
      throw new ApiError(400, `malformed protobuf: not an OTLP ExportTraceServiceRequest (${why})`, [issue("", "protobuf decode failed")]);
    }
  } else {
    body = parseJson(bytes);
  }
  const parsed = parseOtlp(body, req.headers.get("langsmith-project"));
  if (parsed.writes.length === 0 && parsed.issues.length > 0) {
    throw new ApiError(400, parsed.total ? `all ${parsed.total} spans were rejected` : "no span could be read", parsed.issues);
  }
  if (parsed.writes.length) {
    await storeRuns(db(), pool(), parsed.writes);
    notifyLive({ type: "llm", runs: parsed.writes.length });
  }
  const rejected = parsed.total - parsed.writes.length;
  const message = parsed.issues.slice(0, 20).map((i) => `${i.path}: ${i.message}`).join("; ");
  if (proto) return new Response(new Uint8Array(encodeOtlpResponse(rejected, message)), { status: 200, headers: { "content-type": "application/x-protobuf" } });
  const warnings = parsed.warnings.length ? { warnings: parsed.warnings } : {};
  return json(rejected ? { partialSuccess: { rejectedSpans: rejected, errorMessage: message }, rejected: parsed.issues, ...warnings } : warnings, 200);
}

const NATIVE_NAMES: Record<string, string> = { extra: "metadata", userCost: "cost", "tokens.input": "inputTokens", "tokens.output": "outputTokens", "tokens.total": "totalTokens" };

/** POST /api/v1/llm/runs — `{runs: [...]}`, validated run by run like every batch. */
export async function nativeRuns(body: unknown): Promise<Response> {
  const batch = parseBatch(body, "runs", nativeRunSchema);
  // The schema already refuses what Postgres cannot store; this is the same last check as the other paths.
  const writes: RunWrite[] = [];
  batch.valid = batch.valid.filter((v) => {
    const w = nativeToWrite(v.data);
    const warnings: Problem[] = [];
    const problem = storableProblem(w, NATIVE_NAMES, warnings);
    if (problem) batch.rejected.push(issue(problem.path, problem.message, v.index));
    else writes.push(withWarnings(w, warnings));
    return !problem;
  });
  if (writes.length) {
    await storeRuns(db(), pool(), writes);
    notifyLive({ type: "llm", runs: writes.length });
  }
  return batchResponse("runs", batch, { ids: writes.map((w) => w.id) });
}
