import type { RunWrite } from "./run-write";

/**
 * The last check of an LLM run before the batch INSERT, as Postgres will see the row: one value
 * Postgres refuses (NUL in text or jsonb, an unpaired surrogate in jsonb, an integer beyond int4,
 * a decimal beyond numeric(24,12)) would fail the whole multi-row statement and drop every good
 * run beside it. So each write is checked on its own and rejected with the field's path, and the
 * JSON walk is bounded in depth before anything recursive (JSON.stringify included) touches it.
 *
 * Rule: text and JSON (strings and keys) with NUL or unpaired surrogates reject the run; they are
 * not silently edited. Non-finite numbers (`1e999` parses as Infinity) are stored as JSON null,
 * as JSON.stringify would, and the run carries a warning saying where.
 */

export const MAX_JSON_DEPTH = 64;
/** Postgres int4: token counts are stored in int4 columns. */
export const MAX_TOKENS = 2_147_483_647;
/** numeric(24,12): at most 12 integer digits. */
const MAX_USD_INTEGER_DIGITS = 12;

// NUL, or a surrogate half not paired (in /u mode a valid pair is one code point, not \p{Cs}).
const UNSTORABLE = /[\u0000\p{Cs}]/u;
export const UNSTORABLE_MESSAGE = "contains a NUL character or an unpaired surrogate, which the database cannot store";

export interface Problem {
  path: string;
  message: string;
}

export function unstorableText(s: string): boolean {
  return UNSTORABLE.test(s);
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/**
 * Checks arbitrary JSON without recursion deeper than MAX_JSON_DEPTH: problems (rejections) and
 * warnings (values JSON cannot carry that will be stored as null). Stops at the first problem.
 */
export function checkJson(value: unknown, path: string, warnings: Problem[]): Problem | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path, depth: 0 }];
  while (stack.length) {
    const { v, path: p, depth } = stack.pop()!;
    if (typeof v === "string") {
      if (UNSTORABLE.test(v)) return { path: p, message: `string ${UNSTORABLE_MESSAGE}` };
    } else if (typeof v === "number") {
      if (!Number.isFinite(v) && warnings.length < 20) warnings.push({ path: p, message: `number out of range (e.g. 1e999) stored as null` });
    } else if (v !== null && typeof v === "object") {
      if (depth >= MAX_JSON_DEPTH) return { path: p, message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: join(p, i), depth: depth + 1 });
      } else {
        for (const k of Object.keys(v)) {
          if (UNSTORABLE.test(k)) return { path: join(p, k.replace(/[\u0000\p{Cs}]/gu, "\ufffd")), message: `key ${UNSTORABLE_MESSAGE}` };
          stack.push({ v: (v as Record<string, unknown>)[k], path: join(p, k), depth: depth + 1 });
        }
      }
    }
  }
  return null;
}

/** The path of the first value nested deeper than MAX_JSON_DEPTH (iterative: safe at any depth), or null. */
export function tooDeep(value: unknown, path: string): Problem | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path, depth: 0 }];
  while (stack.length) {
    const { v, path: p, depth } = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth >= MAX_JSON_DEPTH) return { path: p, message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: join(p, i), depth: depth + 1 }));
    else for (const k of Object.keys(v)) stack.push({ v: (v as Record<string, unknown>)[k], path: join(p, k), depth: depth + 1 });
  }
  return null;
}

const TEXT_FIELDS = ["id", "traceId", "parentRunId", "dottedOrder", "name", "runType", "project", "model", "provider", "error", "finishReason"] as const;
const JSON_FIELDS = ["inputs", "outputs", "extra", "events"] as const;

/**
 * Why this write cannot be stored (the first problem, with the path in the client's own field
 * names where `names` maps them), and warnings about values stored differently than sent.
 */
export function storableProblem(w: RunWrite, names: Partial<Record<string, string>> = {}, warnings: Problem[] = []): Problem | null {
  const name = (f: string) => names[f] ?? f;
  for (const f of TEXT_FIELDS) {
    const v = w[f];
    if (typeof v === "string" && UNSTORABLE.test(v)) return { path: name(f), message: UNSTORABLE_MESSAGE };
  }
  for (const [i, t] of (w.tags ?? []).entries()) if (UNSTORABLE.test(t)) return { path: `${name("tags")}.${i}`, message: UNSTORABLE_MESSAGE };
  for (const f of JSON_FIELDS) {
    const p = checkJson(w[f], name(f), warnings);
    if (p) return p;
  }
  for (const [k, v] of Object.entries(w.tokens)) {
    if (v !== null && v > MAX_TOKENS) return { path: name(`tokens.${k}`), message: `token count ${v} is larger than ${MAX_TOKENS}, the most a run can record` };
  }
  if (w.userCost !== null) {
    const int = /^(\d+)(\.\d+)?$/.exec(w.userCost);
    if (!int || int[1]!.replace(/^0+(?=\d)/, "").length > MAX_USD_INTEGER_DIGITS) {
      return { path: name("userCost"), message: `cost must be a non-negative USD amount below 1e12 with at most 12 decimals, got ${w.userCost.slice(0, 40)}` };
    }
  }
  return null;
}

/** Warnings travel with the run (its `extra.vigil_warnings`), so the run itself says what was changed. */
export function withWarnings(w: RunWrite, warnings: readonly Problem[]): RunWrite {
  if (!warnings.length) return w;
  const extra = w.extra && typeof w.extra === "object" && !Array.isArray(w.extra) ? (w.extra as Record<string, unknown>) : w.extra === null ? {} : { value: w.extra };
  return { ...w, extra: { ...extra, vigil_warnings: warnings.map((x) => `${x.path}: ${x.message}`) } };
}
