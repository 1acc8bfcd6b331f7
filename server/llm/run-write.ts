/**
 * The one shape every ingestion path (LangSmith, OTLP, native) turns a run into before storing.
 * A write is a post (the run's creation), a patch (its completion), or both at once. Field-wise
 * merge, the same rule in memory (this file) and in SQL (store.ts): a field the write does not
 * carry keeps its stored value; when both carry it, the newer write wins — except that a post
 * arriving after the patch never overwrites what the patch said (patch-before-post is not lost).
 */

export interface Tokens {
  input: number | null;
  output: number | null;
  total: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
  reasoning: number | null;
}

export interface RunWrite {
  id: string;
  source: "langsmith" | "otel" | "native";
  post: boolean;
  patch: boolean;
  traceId: string | null;
  parentRunId: string | null;
  dottedOrder: string | null;
  name: string | null;
  runType: string | null;
  project: string | null;
  model: string | null;
  provider: string | null;
  startTime: Date | null;
  endTime: Date | null;
  inputs: unknown;
  outputs: unknown;
  error: string | null;
  extra: unknown;
  events: unknown;
  tags: string[] | null;
  finishReason: string | null;
  tokens: Tokens;
  /** USD decimal string the client reported (kept beside the computed cost). */
  userCost: string | null;
}

const NO_TOKENS: Tokens = { input: null, output: null, total: null, cacheRead: null, cacheWrite: null, reasoning: null };

export function emptyWrite(id: string, source: RunWrite["source"], kind: "post" | "patch"): RunWrite {
  return {
    id,
    source,
    post: kind === "post",
    patch: kind === "patch",
    traceId: null,
    parentRunId: null,
    dottedOrder: null,
    name: null,
    runType: null,
    project: null,
    model: null,
    provider: null,
    startTime: null,
    endTime: null,
    inputs: null,
    outputs: null,
    error: null,
    extra: null,
    events: null,
    tags: null,
    finishReason: null,
    tokens: { ...NO_TOKENS },
    userCost: null,
  };
}

const isSet = (v: unknown) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);

/** Fields whose authoritative source is the post (see store.ts for the SQL twin). */
export const POST_OWNED = ["traceId", "parentRunId", "dottedOrder", "name", "runType", "project", "startTime", "inputs", "tags"] as const;

function pickPostOwned<T>(prev: T, next: T, p: RunWrite, n: RunWrite): T {
  if (n.post && isSet(next)) return next;
  if (p.post && isSet(prev)) return prev;
  // Neither is a post: keep the first value (a provisional one waits for the post).
  return isSet(prev) ? prev : next;
}

function pickPatchOwned<T>(prev: T, next: T, p: RunWrite, n: RunWrite): T {
  if (!isSet(next)) return prev;
  if (!isSet(prev)) return next;
  return p.patch && !n.patch ? prev : next;
}

/** Merges a later write into an earlier one for the same run id. */
function mergeWrites(prev: RunWrite, next: RunWrite): RunWrite {
  const out = { ...prev, post: prev.post || next.post, patch: prev.patch || next.patch, tokens: { ...prev.tokens } } as RunWrite;
  const post = POST_OWNED as readonly string[];
  const rec = out as unknown as Record<string, unknown>;
  for (const key of Object.keys(prev) as (keyof RunWrite)[]) {
    if (key === "id" || key === "source" || key === "post" || key === "patch" || key === "tokens") continue;
    rec[key] = (post.includes(key) ? pickPostOwned : pickPatchOwned)(prev[key], next[key], prev, next);
  }
  for (const k of Object.keys(prev.tokens) as (keyof Tokens)[]) out.tokens[k] = pickPatchOwned(prev.tokens[k], next.tokens[k], prev, next);
  return out;
}

/** Collapses a batch to one write per run id (a body may hold a run's post and its patch). */
export function collapseWrites(writes: readonly RunWrite[]): RunWrite[] {
  const byId = new Map<string, RunWrite>();
  for (const w of writes) {
    const prev = byId.get(w.id);
    byId.set(w.id, prev ? mergeWrites(prev, w) : w);
  }
  return [...byId.values()];
}
