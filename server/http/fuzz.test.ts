/**
 * Fuzz test: ≥ 500 generated malformed or hostile requests spread over EVERY route handler under
 * app/api (enumerated from the file tree, so a new route without fuzz cases fails this test).
 * Seeded: the seed is printed; reproduce a failure with FUZZ_SEED=<seed> npx vitest run server/http/fuzz.test.ts.
 * Asserts: no 5xx ever; every 4xx has the standard error shape (tRPC and Better Auth keep their own
 * documented shapes); table counts change only through accepted (2xx) requests; nothing stored is
 * garbage (no NaN/Infinity numbers, no absurd timestamps, no prototype payload merged into a JSON
 * column); Object.prototype is not polluted; /api/health answers ok afterwards. A literal
 * "__proto__" key inside free-form JSON (LLM inputs, metadata) is client data and is stored as sent.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "../db/client";
import { ensureModelPrices } from "../llm/price-seed";
import { multipart, otlpExport, otlpSpan, segment } from "../../test/multipart";
import { db } from "../db/client";
import { hostileQuery, mutate, pick, prng, rawAttack, type Rand } from "../../test/fuzz";
import { call, isErrorShape, makeAgents, makeKey } from "../../test/http";
import { userWithSession } from "@/test/sessions";
import { ROUTE_MARK, type RouteMark } from "./route";

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const BODY_CASES = 32;
const QUERY_CASES = 10;

// Every route module under app/api, loaded lazily; keys like "/app/api/v1/metrics/route.ts".
const ROUTES = import.meta.glob<Record<string, unknown>>("/app/api/**/route.ts");

type Shape = "standard" | "trpc" | "better-auth";
interface Endpoint {
  /** Path as a client calls it (dynamic segments filled per case). */
  path: (r: Rand) => string;
  params?: (r: Rand) => Record<string, string>;
  /** A valid body to mutate; absent for GET-only routes. */
  template?: () => unknown;
  /** How a mutated template is put on the wire. */
  encode?: (v: unknown) => { body: string | Uint8Array<ArrayBuffer>; headers: Record<string, string> };
  shape?: Shape;
  /** Extra credentials (the dashboard chat takes a session cookie, not an API key). */
  headers?: () => Record<string, string>;
}

const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;
const HOSTILE_IDS = ["fz-a1", "nope", "../../etc/passwd", "%00", "\u0000", "' OR 1=1 --", "x".repeat(300), "123", "__proto__", "🚀"];
const id = (r: Rand) => (r() < 0.3 ? randomUUID() : pick(r, HOSTILE_IDS));
const now = () => new Date().toISOString();
const lsRun = () => {
  const rid = randomUUID();
  return { id: rid, trace_id: rid, dotted_order: segment(new Date(Date.now() - 1000), rid), name: "fz", run_type: "llm", start_time: now(), inputs: { q: "?" } };
};
const otel = () => otlpExport([otlpSpan()], "fz");
const ndjson = (v: unknown) => ({ body: (Array.isArray(v) ? v : [v]).map((x) => JSON.stringify(x)).join("\n"), headers: { "content-type": "application/x-ndjson" } });

const ENDPOINTS: Record<string, Partial<Record<(typeof METHODS)[number], Endpoint>>> = {
  "[...path]": {
    GET: { path: (r) => `/api/${pick(r, ["v1/nope", "v2/agents", "..%2f..%2fetc", "v1/agents/a/b/c", "trpc/a/b"])}`, params: () => ({}) },
    POST: { path: () => "/api/v1/nope", template: () => ({ anything: 1 }) },
    PUT: { path: () => "/api/v1/agents", template: () => ({ id: "fz-a1" }) },
    PATCH: { path: () => "/api/nope", template: () => ({}) },
    DELETE: { path: () => "/api/v1/agents/fz-a1", template: () => ({}) },
  },
  "auth/[...all]": {
    GET: { path: () => "/api/auth/get-session", params: () => ({ all: "get-session" }), shape: "better-auth" },
    POST: { path: () => "/api/auth/sign-in/email", params: () => ({ all: "sign-in/email" }), template: () => ({ email: "fz@vigil.test", password: "not-the-password" }), shape: "better-auth" },
  },
  health: { GET: { path: () => "/api/health" } },
  "langsmith/feedback": { POST: { path: () => "/api/langsmith/feedback", template: () => ({ id: randomUUID(), run_id: randomUUID(), key: "correctness", score: 1, comment: "fine" }) } },
  "langsmith/info": { GET: { path: () => "/api/langsmith/info" } },
  "langsmith/otel/v1/traces": { POST: { path: () => "/api/langsmith/otel/v1/traces", template: otel } },
  "langsmith/runs/[id]": { PATCH: { path: () => "/api/langsmith/runs/x", params: (r) => ({ id: id(r) }), template: () => ({ end_time: now(), outputs: { a: "b" } }) } },
  "langsmith/runs/batch": { POST: { path: () => "/api/langsmith/runs/batch", template: () => ({ post: [lsRun()], patch: [] }) } },
  "langsmith/runs/multipart": {
    POST: {
      path: () => "/api/langsmith/runs/multipart",
      template: lsRun,
      encode: (v) => multipart([{ name: `post.${(v as { id?: unknown })?.id ?? randomUUID()}`, value: v }]),
    },
  },
  "langsmith/runs": { POST: { path: () => "/api/langsmith/runs", template: lsRun } },
  metrics: { GET: { path: () => "/api/metrics" } },
  "public/otel/v1/traces": { POST: { path: () => "/api/public/otel/v1/traces", template: otel } },
  "trpc/[trpc]": {
    GET: { path: () => "/api/trpc/agents.list", params: () => ({ trpc: "agents.list" }), shape: "trpc" },
    POST: { path: () => "/api/trpc/agents.pause", params: () => ({ trpc: "agents.pause" }), template: () => ({ id: "fz-a1" }), shape: "trpc" },
  },
  "v1/agents/[id]/heartbeats": { POST: { path: () => "/api/v1/agents/x/heartbeats", params: (r) => ({ id: r() < 0.7 ? "fz-a1" : id(r) }), template: () => ({ status: "ok", metrics: { cpu: 1.5 }, metadata: { host: "h" } }) } },
  "v1/agents/[id]": { GET: { path: () => "/api/v1/agents/x", params: (r) => ({ id: id(r) }) } },
  "v1/agents": {
    POST: { path: () => "/api/v1/agents", template: () => ({ id: `fz-new-${Math.floor(Math.random() * 1e9)}`, name: "Fuzzed", capabilities: ["a"], version: "1.0", heartbeatIntervalSeconds: 30, graceSeconds: 30, expected: false, metadata: { team: "x" } }) },
    GET: { path: () => "/api/v1/agents" },
  },
  "v1/anomalies": { GET: { path: () => "/api/v1/anomalies" } },
  "v1/commands/[id]/ack": { POST: { path: () => "/api/v1/commands/x/ack", params: (r) => ({ id: id(r) }), template: () => ({ status: "succeeded", message: "done" }) } },
  "v1/events": {
    POST: { path: () => "/api/v1/events", template: () => ({ events: [{ id: `fz-${randomUUID()}`, type: "fuzz", message: "m", severity: "info", agentId: "fz-a1", timestamp: now(), metadata: { k: 1 } }] }) },
    GET: { path: () => "/api/v1/events" },
  },
  "v1/export": { GET: { path: () => "/api/v1/export" } },
  "v1/heartbeats": { GET: { path: () => "/api/v1/heartbeats" } },
  "v1/import": { POST: { path: () => "/api/v1/import", template: () => [{ record: "metric", agentId: "fz-a1", name: "imp", value: 1, timestamp: now() }], encode: ndjson } },
  "v1/incidents/[id]": { GET: { path: () => "/api/v1/incidents/x", params: (r) => ({ id: id(r) }) } },
  "v1/incidents": { GET: { path: () => "/api/v1/incidents" } },
  "v1/llm/runs": { POST: { path: () => "/api/v1/llm/runs", template: () => ({ runs: [{ id: randomUUID(), model: "gpt-4o", inputTokens: 5, outputTokens: 3 }] }) }, GET: { path: () => "/api/v1/llm/runs" } },
  "v1/llm/traces/[traceId]": { GET: { path: () => "/api/v1/llm/traces/x", params: (r) => ({ traceId: id(r) }) } },
  "v1/metrics": { POST: { path: () => "/api/v1/metrics", template: () => ({ metrics: [{ agentId: "fz-a1", name: "fz_metric", value: 1.5, unit: "ms", timestamp: now(), metadata: { k: "v" } }] }) }, GET: { path: () => "/api/v1/metrics" } },
  "v1/settings": { GET: { path: () => "/api/v1/settings" } },
  "v1/system/health": { GET: { path: () => "/api/v1/system/health" } },
  "v1/help/ask": { POST: { path: () => "/api/v1/help/ask", template: () => ({ question: "Why is fz-a1 unhealthy?", async: false }) } },
  "v1/help/requests/[id]": { GET: { path: () => "/api/v1/help/requests/x", params: (r) => ({ id: id(r) }) } },
  "help/chat": { POST: { path: () => "/api/help/chat", template: () => ({ question: "What is the status of fz-a1?" }), headers: () => ({ cookie: chatCookie }) } },
};

const routeName = (file: string) => file.replace(/^\/app\/api\//, "").replace(/\/route\.ts$/, "");
/** The methods a route file declares (every file exports all of them; the rest answer 405). */
const declared = (mod: Record<string, unknown>): string[] => (mod.GET as Record<symbol, RouteMark>)[ROUTE_MARK]!.methods;

async function tableCounts(): Promise<Record<string, number>> {
  const tables = (await pool().query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'")).rows.map((r) => r.t);
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await pool().query(`SELECT count(*) FROM "${t}"`)).rows[0].count);
  return out;
}

/** Which tables a route may legitimately write when it accepts a request. */
const WRITES: Record<string, string[]> = {
  "v1/agents/[id]/heartbeats": ["heartbeats", "metrics", "agent_state_changes", "events"],
  "v1/agents": ["agents", "events", "agent_state_changes"],
  "v1/commands/[id]/ack": ["recovery_commands", "events"],
  "v1/events": ["events"],
  "v1/metrics": ["metrics", "ingest_batches"],
  "v1/import": ["metrics", "heartbeats", "events", "agents", "ingest_batches"],
  "v1/llm/runs": ["llm_runs"],
  "langsmith/runs": ["llm_runs"],
  "langsmith/runs/batch": ["llm_runs"],
  "langsmith/runs/multipart": ["llm_runs"],
  "langsmith/runs/[id]": ["llm_runs"],
  "langsmith/feedback": ["llm_feedback"],
  "langsmith/otel/v1/traces": ["llm_runs"],
  "public/otel/v1/traces": ["llm_runs"],
  "v1/help/ask": ["help_conversations", "help_messages", "help_requests"],
  "help/chat": ["help_conversations", "help_messages"],
};
/** Written by failed requests on purpose: failed sign-ins are throttled and audited; the auth secret is created on first use. */
const ALWAYS_WRITABLE = ["login_rate_limits", "audit_log", "instance_secrets"];

let key = "";
let chatCookie = "";
beforeAll(async () => {
  chatCookie = (await userWithSession("viewer")).cookie;
  await ensureModelPrices(db());
  key = await makeKey(["admin"]);
  await makeAgents(["fz-a1"]);
});
afterAll(() => {
  expect(({} as Record<string, unknown>).polluted, "Object.prototype polluted").toBeUndefined();
});

describe(`fuzz every public endpoint (seed ${SEED})`, () => {
  it("every app/api route has fuzz cases", () => {
    const files = Object.keys(ROUTES).map(routeName).sort();
    expect(files.length).toBeGreaterThan(20);
    expect(files.filter((f) => !ENDPOINTS[f]), "routes without fuzz cases: add them to ENDPOINTS").toEqual([]);
  });

  it("≥ 500 hostile requests: no 5xx, standard 4xx shape, only accepted writes, no garbage stored, healthy after", async () => {
    console.log(`fuzz seed ${SEED} (reproduce: FUZZ_SEED=${SEED} npx vitest run server/http/fuzz.test.ts)`);
    const r = prng(SEED);
    const before = await tableCounts();
    const accepted = new Map<string, number>();
    const failures: string[] = [];
    let sent = 0;
    for (const [file, load] of Object.entries(ROUTES)) {
      const name = routeName(file);
      const mod = await load();
      for (const method of METHODS) {
        if (!declared(mod).includes(method)) {
          // Not declared: a JSON 405 in the standard shape, whatever the body.
          const res = await call(mod[method], { method, path: `/api/${name}`, body: method === "GET" ? undefined : "{", key });
          sent++;
          if (res.status !== 405 || !isErrorShape(res.body) || !res.headers.get("allow")) failures.push(`${method} ${name}: expected a JSON 405 with Allow, got ${res.status}`);
          continue;
        }
        const ep = ENDPOINTS[name]?.[method];
        if (!ep) {
          failures.push(`${method} ${name}: exported but no fuzz cases`);
          continue;
        }
        const n = ep.template ? BODY_CASES : QUERY_CASES;
        for (let i = 0; i < n; i++) {
          const path = ep.path(r);
          const auth = r() < 0.06 ? pick(r, [null, "vgl_wrong_key_0000000000000000", "Basic %%%"]) : key;
          let body: string | Uint8Array<ArrayBuffer> | undefined;
          let headers: Record<string, string> = { origin: "http://localhost", ...ep.headers?.() };
          let label: string;
          let url = path;
          if (!ep.template) {
            url = `${path}?${hostileQuery(r)}`;
            label = `query ${url.slice(0, 120)}`;
          } else if (r() < 0.5) {
            const a = rawAttack(r, ep.template());
            body = a.body;
            headers = { ...headers, ...a.headers };
            label = a.label;
          } else {
            const m = mutate(r, ep.template());
            const enc = ep.encode ? ep.encode(m) : { body: JSON.stringify(m) ?? "null", headers: { "content-type": "application/json" } };
            body = enc.body;
            headers = { ...headers, ...enc.headers };
            label = `mutated ${typeof body === "string" ? body.slice(0, 160) : "(binary)"}`;
          }
          const params = ep.params?.(r) ?? {};
          let res;
          try {
            res = await call(mod[method], { method, path: url, body, key: auth, headers, params });
          } catch (err) {
            failures.push(`${method} ${name} [${label}]: handler threw ${(err as Error).message}`);
            continue;
          }
          sent++;
          const where = `${method} ${name} [${label}] → ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`;
          if (res.status >= 500) failures.push(where);
          else if (res.status >= 400 && (ep.shape ?? "standard") === "standard" && !isErrorShape(res.body)) failures.push(`bad error shape: ${where}`);
          else if (res.status < 300 && method !== "GET") accepted.set(name, (accepted.get(name) ?? 0) + 1);
        }
      }
    }
    console.log(`fuzz: ${sent} requests; accepted writes per route: ${JSON.stringify(Object.fromEntries(accepted))}`);
    expect(failures, failures.slice(0, 20).join("\n")).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(500);

    // Counts change only in tables an accepting route writes.
    const after = await tableCounts();
    const allowed = new Set([...ALWAYS_WRITABLE, ...[...accepted.keys()].flatMap((n) => WRITES[n] ?? [])]);
    const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
    expect(changed.filter((t) => !allowed.has(t)), `changed: ${changed.map((t) => `${t} ${before[t]}→${after[t]}`).join(", ")}`).toEqual([]);
    // Exactly one heartbeat row per accepted heartbeat (imports may add more only if they accepted some).
    if (!accepted.has("v1/import")) expect(after.heartbeats! - before.heartbeats!).toBe(accepted.get("v1/agents/[id]/heartbeats") ?? 0);

    // No garbage in the tables that changed.
    const garbage: string[] = [];
    for (const t of changed) {
      const cols = (await pool().query<{ c: string; type: string }>("SELECT column_name AS c, data_type AS type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1", [t])).rows;
      for (const { c, type } of cols) {
        let where: string | null = null;
        if (["double precision", "real", "numeric"].includes(type)) where = `"${c}" IN ('NaN', 'Infinity', '-Infinity')`;
        else if (type.startsWith("timestamp")) where = `"${c}" < '1970-01-01' OR "${c}" > now() + interval '2 days'`;
        // A prototype payload merged into an object (Object.assign / naive deep merge) would surface as a top-level "polluted" key.
        else if (type === "jsonb") where = `jsonb_typeof("${c}") = 'object' AND "${c}" ? 'polluted'`;
        if (!where) continue;
        const n = Number((await pool().query(`SELECT count(*) FROM "${t}" WHERE ${where}`)).rows[0].count);
        if (n) garbage.push(`${t}.${c}: ${n} rows where ${where}`);
      }
    }
    expect(garbage).toEqual([]);

    const { GET: health } = await import("@/app/api/health/route");
    const h = await call(health);
    expect(h.body.db).toBe("up");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 240_000);
});
