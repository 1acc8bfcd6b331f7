import type { z } from "zod";
import type { PrismaClient } from "../db/client";
import type { Issue } from "../http/errors";
import { isConstraintViolation } from "../http/db-errors";
import { ApiError, issue, json } from "../http/errors";
import { zodIssues } from "../http/zod-issues";
import { MAX_BATCH_ITEMS } from "./schemas";

/**
 * Batch ingestion rules shared by every batch endpoint (metrics, events, LLM runs, LangSmith
 * operations; docs/api.md): every item is validated on its own, valid ones are stored and
 * invalid ones reported by index and field. A bad record never drops good ones; only a malformed
 * envelope (not `{<field>: [...]}`, > 1,000 items) fails whole.
 */

interface ValidItem<T> {
  index: number;
  data: T;
}

export interface ParsedBatch<T> {
  total: number;
  valid: ValidItem<T>[];
  rejected: Issue[];
}

export function parseBatch<S extends z.ZodType>(body: unknown, field: string, schema: S): ParsedBatch<z.output<S>> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(400, `request body must be a JSON object like {"${field}": [...]}`, [issue("", `expected an object, got ${Array.isArray(body) ? "an array" : body === null ? "null" : typeof body}`)]);
  }
  const items = (body as Record<string, unknown>)[field];
  if (items === undefined) throw new ApiError(400, `missing '${field}' array`, [issue(field, `required field is missing: send {"${field}": [...]}`)]);
  if (!Array.isArray(items)) throw new ApiError(400, `'${field}' must be an array`, [issue(field, `must be an array, got ${items === null ? "null" : typeof items}`)]);
  if (items.length > MAX_BATCH_ITEMS) {
    throw new ApiError(413, `too many ${field}: ${items.length} in one request; the limit is ${MAX_BATCH_ITEMS} per request, split the batch`, [
      issue(field, `at most ${MAX_BATCH_ITEMS} items per request (got ${items.length})`),
    ]);
  }
  const valid: ValidItem<z.output<S>>[] = [];
  const rejected: Issue[] = [];
  items.forEach((item, index) => {
    const r = schema.safeParse(item);
    if (r.success) valid.push({ index, data: r.data });
    else rejected.push(...zodIssues(r.error, index));
  });
  return { total: items.length, valid, rejected };
}

const unknownAgentMessage = (id: string) => `unknown agent '${id}': register it first with POST /api/v1/agents`;

/** Moves items whose agentId does not exist to `rejected` (one query for the whole batch). */
export async function rejectUnknownAgents<T>(prisma: PrismaClient, batch: ParsedBatch<T>, agentOf: (item: T) => string | undefined): Promise<void> {
  const ids = [...new Set(batch.valid.map((v) => agentOf(v.data)).filter((id): id is string => id !== undefined))];
  if (ids.length === 0) return;
  const found = await prisma.agent.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const known = new Set(found.map((a) => a.id));
  if (known.size === ids.length) return;
  const kept: ValidItem<T>[] = [];
  for (const v of batch.valid) {
    const id = agentOf(v.data);
    if (id === undefined || known.has(id)) kept.push(v);
    else batch.rejected.push({ index: v.index, path: "agentId", message: unknownAgentMessage(id) });
  }
  batch.valid = kept;
}

/** An agent was deleted between the check and the insert (FK violation from any layer). */
export function isForeignKeyViolation(err: unknown): boolean {
  return isConstraintViolation(err, "ForeignKeyConstraintViolation");
}

/** A batch parsed elsewhere (LangSmith operations): how many items, how many stored, what was rejected. */
interface BatchOutcome {
  total: number;
  accepted: number;
  rejected: Issue[];
}

/**
 * The batch answer: 202 when everything was accepted, 207 when some items were rejected, and
 * a 4xx when none were (404 if the only problem was unknown agents, else 400 like any invalid input).
 */
export function batchResponse(field: string, batch: ParsedBatch<unknown> | BatchOutcome, extra: Record<string, unknown> = {}): Response {
  const rejected = [...batch.rejected].sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
  const accepted = "valid" in batch ? batch.valid.length : batch.accepted;
  if (rejected.length === 0) return json({ accepted, rejected, ...extra }, 202);
  if (accepted > 0) return json({ accepted, rejected, ...extra }, 207);
  const onlyUnknownAgents = rejected.every((r) => r.path === "agentId" && r.message.startsWith("unknown agent"));
  const error = `all ${batch.total} ${field} were rejected${onlyUnknownAgents ? " (unknown agent)" : ""}`;
  return json({ error, issues: rejected, accepted: 0, rejected, ...extra }, onlyUnknownAgents ? 404 : 400);
}
