/**
 * Bad-input rules (docs/api.md), table-driven: every case checks the exact status and the error shape
 * `{error, issues: [{index, path, message}]}`, and for partially bad batches that the good items
 * of the same batch were stored.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as agentRoute from "@/app/api/v1/agents/route";
import * as agentByIdRoute from "@/app/api/v1/agents/[id]/route";
import * as heartbeatRoute from "@/app/api/v1/agents/[id]/heartbeats/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import * as heartbeatsRoute from "@/app/api/v1/heartbeats/route";
import * as metricsRoute from "@/app/api/v1/metrics/route";
import { db } from "../db/client";
import type { CallOptions, CallResult } from "../../test/http";
import { call, isErrorShape, makeAgents, makeKey } from "../../test/http";

let key = "";
let readOnly = "";
let ingestOnly = "";
let revoked = "";
let expired = "";

beforeAll(async () => {
  key = await makeKey(["admin"]);
  readOnly = await makeKey(["read"]);
  ingestOnly = await makeKey(["ingest"]);
  revoked = await makeKey(["admin"]);
  await db().apiKey.updateMany({ where: { prefix: revoked.slice(0, 12) }, data: { revokedAt: new Date() } });
  expired = await makeKey(["admin"], { expiresAt: new Date(Date.now() - 1000) });
  await makeAgents(["a1", "a2"]);
});

const metricsCount = (name: string) => db().metric.count({ where: { name } });
const eventsCount = (type: string) => db().event.count({ where: { type } });
const good = (name: string) => ({ agentId: "a1", name, value: 1.5 });
const goodEvent = (type: string) => ({ type, message: "ok", severity: "info" });

interface Case {
  name: string;
  handler: unknown;
  opts: () => CallOptions;
  status: number;
  error?: RegExp;
  /** Expected issues (index + path, optional message pattern); omitted = just the shape. */
  issues?: { index: number | null; path: string; message?: RegExp }[];
  /** For batches: rows that must be stored afterwards. */
  stored?: { count: () => Promise<number>; expected: number };
  extra?: (r: CallResult) => void;
}

const post = (body: unknown, extra: Partial<CallOptions> = {}) => () => ({ method: "POST", body, key, ...extra });
const get = (path: string, k: () => string = () => key) => () => ({ method: "GET", path, key: k() });

const cases: Case[] = [
  // --- body level -------------------------------------------------------------------------
  { name: "malformed JSON", handler: metricsRoute.POST, opts: post('{"metrics": [ {"agentId": "a1",'), status: 400, error: /malformed JSON/, issues: [{ index: null, path: "" }] },
  { name: "body is an array, not an object", handler: metricsRoute.POST, opts: post([good("x")]), status: 400, issues: [{ index: null, path: "" }] },
  { name: "missing batch field", handler: metricsRoute.POST, opts: post({ metric: [] }), status: 400, issues: [{ index: null, path: "metrics" }] },
  { name: "batch field of the wrong type", handler: eventsRoute.POST, opts: post({ events: { type: "x" } }), status: 400, issues: [{ index: null, path: "events" }] },
  { name: "empty body on a batch endpoint", handler: metricsRoute.POST, opts: post(""), status: 400, error: /empty/ },
  {
    name: "more than 1,000 items in a batch (error states the limit)",
    handler: metricsRoute.POST,
    opts: post({ metrics: Array.from({ length: 1001 }, () => good("c-toomany")) }),
    status: 413,
    error: /1000 per request/,
    issues: [{ index: null, path: "metrics", message: /at most 1000/ }],
    stored: { count: () => metricsCount("c-toomany"), expected: 0 },
  },
  { name: "Content-Length over 1 MB", handler: metricsRoute.POST, opts: post('{"metrics":[]}', { headers: { "content-length": String(2 * 1024 * 1024) } }), status: 413, error: /1 MB/ },
  {
    name: "actual body over 1 MB (no Content-Length)",
    handler: eventsRoute.POST,
    opts: post({ events: [{ type: "big", severity: "info", message: "x".repeat(1024 * 1024 + 10) }] }),
    status: 413,
    error: /limit is 1048576 bytes/,
  },
  { name: "corrupt gzip body", handler: metricsRoute.POST, opts: post("definitely not gzip", { headers: { "content-encoding": "gzip" } }), status: 400, error: /could not read request body/ },
  { name: "body is not valid UTF-8", handler: metricsRoute.POST, opts: post(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), status: 400, error: /not valid UTF-8/ },
  { name: "unsupported Content-Encoding", handler: metricsRoute.POST, opts: post('{"metrics":[]}', { headers: { "content-encoding": "br" } }), status: 415 },
  // --- metric items (partial batches: 207 + the good item stored) --------------------------
  ...(
    [
      ["value is the string \"NaN\"", { agentId: "a1", name: "c-nan", value: "NaN" }, "value", /finite number.*"NaN"/],
      ["value is null", { agentId: "a1", name: "c-null", value: null }, "value", /got null/],
      ["value is missing", { agentId: "a1", name: "c-missing" }, "value", /required/],
      ["value is the string \"Infinity\"", { agentId: "a1", name: "c-infs", value: "Infinity" }, "value", /finite number/],
      ["name has the wrong type", { agentId: "a1", name: 42, value: 1 }, "name", /must be a string/],
      ["name contains a NUL character", { agentId: "a1", name: "bad\u0000name", value: 1 }, "name", /NUL/],
      ["unknown agent in a batch item", { agentId: "ghost", name: "c-ghost", value: 1 }, "agentId", /unknown agent 'ghost'/],
      ["timestamp more than 5 minutes in the future", { agentId: "a1", name: "c-future", value: 1, timestamp: new Date(Date.now() + 3_600_000).toISOString() }, "timestamp", /future/],
      ["timestamp not a date", { agentId: "a1", name: "c-ts", value: 1, timestamp: "yesterday" }, "timestamp", /ISO 8601/],
      ["timestamp in epoch seconds", { agentId: "a1", name: "c-secs", value: 1, timestamp: 1_700_000_000 }, "timestamp", /seconds instead of milliseconds/],
      ["metadata is an array", { agentId: "a1", name: "c-meta", value: 1, metadata: [1, 2] }, "metadata", /JSON object/],
    ] as const
  ).map(([name, item, path, message], n): Case => ({
    name: `metric: ${name}`,
    handler: metricsRoute.POST,
    opts: post({ metrics: [good(`ok-${n}`), item, good(`ok-${n}`)] }),
    status: 207,
    extra: (r) => {
      expect(r.body.accepted).toBe(2);
      expect(r.body.rejected).toEqual([{ index: 1, path, message: expect.stringMatching(message) }]);
    },
    stored: { count: () => metricsCount(`ok-${n}`), expected: 2 },
  })),
  {
    name: "metric: value 1e999 (parses to Infinity)",
    handler: metricsRoute.POST,
    opts: post('{"metrics":[{"agentId":"a1","name":"ok-inf","value":1},{"agentId":"a1","name":"c-1e999","value":1e999}]}'),
    status: 207,
    extra: (r) => expect(r.body.rejected).toEqual([{ index: 1, path: "value", message: expect.stringMatching(/Infinity/) }]),
    stored: { count: () => metricsCount("ok-inf"), expected: 1 },
  },
  {
    name: "metric: several bad fields in one item are each named",
    handler: metricsRoute.POST,
    opts: post({ metrics: [good("ok-multi"), { agentId: 7, name: "", value: "x" }] }),
    status: 207,
    extra: (r) => expect(r.body.rejected.map((i: { index: number; path: string }) => `${i.index}:${i.path}`).sort()).toEqual(["1:agentId", "1:name", "1:value"]),
    stored: { count: () => metricsCount("ok-multi"), expected: 1 },
  },
  {
    name: "all metrics invalid → 400 with every issue",
    handler: metricsRoute.POST,
    opts: post({ metrics: [{ agentId: "a1", name: "c-all", value: null }, { agentId: "a1", name: "c-all" }] }),
    status: 400,
    issues: [{ index: 0, path: "value" }, { index: 1, path: "value" }],
    stored: { count: () => metricsCount("c-all"), expected: 0 },
  },
  {
    name: "all metrics for unknown agents → 404",
    handler: metricsRoute.POST,
    opts: post({ metrics: [{ agentId: "nobody", name: "c-404", value: 1 }] }),
    status: 404,
    issues: [{ index: 0, path: "agentId", message: /unknown agent 'nobody'/ }],
  },
  // --- event items ---------------------------------------------------------------------------
  {
    name: "event: bad severity, missing message, unknown agent",
    handler: eventsRoute.POST,
    opts: post({ events: [goodEvent("ev-ok"), { type: "x", message: "m", severity: "fatal" }, { type: "x", severity: "info" }, { ...goodEvent("x"), agentId: "ghost" }, goodEvent("ev-ok")] }),
    status: 207,
    extra: (r) => {
      expect(r.body.accepted).toBe(2);
      expect(r.body.rejected).toEqual([
        { index: 1, path: "severity", message: expect.stringMatching(/one of debug, info/) },
        { index: 2, path: "message", message: expect.stringMatching(/required/) },
        { index: 3, path: "agentId", message: expect.stringMatching(/unknown agent/) },
      ]);
    },
    stored: { count: () => eventsCount("ev-ok"), expected: 2 },
  },
  {
    name: "event: metadata with a non-finite number deep inside",
    handler: eventsRoute.POST,
    opts: post('{"events":[{"type":"ev-meta","message":"m","severity":"info","metadata":{"a":{"b":[1,-1e999]}}},{"type":"ev-meta-ok","message":"m","severity":"info"}]}'),
    status: 207,
    extra: (r) => expect(r.body.rejected).toEqual([{ index: 0, path: "metadata.a.b.1", message: expect.stringMatching(/-Infinity/) }]),
    stored: { count: () => eventsCount("ev-meta-ok"), expected: 1 },
  },
  {
    name: "event: duplicate ids in one batch are stored once and counted, not errors",
    handler: eventsRoute.POST,
    opts: post({ events: [{ ...goodEvent("ev-dup"), id: "dup-1" }, { ...goodEvent("ev-dup"), id: "dup-1" }] }),
    status: 202,
    extra: (r) => expect(r.body).toMatchObject({ accepted: 2, duplicates: 1, rejected: [] }),
    stored: { count: () => eventsCount("ev-dup"), expected: 1 },
  },
  // --- heartbeats ----------------------------------------------------------------------------
  { name: "heartbeat: metric value \"NaN\"", handler: heartbeatRoute.POST, opts: post({ metrics: { cpu: "NaN", mem: 3 } }, { params: { id: "a1" } }), status: 400, issues: [{ index: null, path: "metrics.cpu", message: /finite/ }] },
  { name: "heartbeat: status of the wrong type", handler: heartbeatRoute.POST, opts: post({ status: 5 }, { params: { id: "a1" } }), status: 400, issues: [{ index: null, path: "status" }] },
  { name: "heartbeat: malformed JSON", handler: heartbeatRoute.POST, opts: post("{status:", { params: { id: "a1" } }), status: 400 },
  { name: "heartbeat: unknown agent (no auto-registration)", handler: heartbeatRoute.POST, opts: post({}, { params: { id: "ghost" } }), status: 404, error: /POST \/api\/v1\/agents/ },
  // --- agents --------------------------------------------------------------------------------
  { name: "agent: id is not a slug", handler: agentRoute.POST, opts: post({ id: "Bad Agent!" }), status: 400, issues: [{ index: null, path: "id", message: /slug/ }] },
  { name: "agent: id missing", handler: agentRoute.POST, opts: post({ name: "x" }), status: 400, issues: [{ index: null, path: "id", message: /required/ }] },
  {
    name: "agent: wrong types for interval and capabilities",
    handler: agentRoute.POST,
    opts: post({ id: "typed", heartbeatIntervalSeconds: "sixty", capabilities: "all" }),
    status: 400,
    issues: [{ index: null, path: "capabilities" }, { index: null, path: "heartbeatIntervalSeconds" }],
  },
  { name: "agent: GET unknown id", handler: agentByIdRoute.GET, opts: () => ({ key, params: { id: "ghost" } }), status: 404, issues: [{ index: null, path: "id" }] },
  // --- auth ----------------------------------------------------------------------------------
  { name: "auth: no key", handler: metricsRoute.GET, opts: () => ({ key: null }), status: 401, error: /missing API key/ },
  { name: "auth: wrong key", handler: metricsRoute.GET, opts: () => ({ key: "vgl_not-a-real-key" }), status: 401, error: /invalid API key/ },
  { name: "auth: revoked key", handler: metricsRoute.GET, opts: () => ({ key: revoked }), status: 401, error: /revoked/ },
  { name: "auth: expired key", handler: metricsRoute.GET, opts: () => ({ key: expired }), status: 401, error: /expired/ },
  { name: "auth: read-only key cannot ingest", handler: metricsRoute.POST, opts: () => ({ key: readOnly, body: { metrics: [good("c-scope")] } }), status: 403, error: /'ingest' scope/, stored: { count: () => metricsCount("c-scope"), expected: 0 } },
  { name: "auth: ingest-only key cannot read", handler: eventsRoute.GET, opts: () => ({ key: ingestOnly }), status: 403, error: /'read' scope/ },
  { name: "auth: unsupported scheme", handler: metricsRoute.GET, opts: () => ({ headers: { authorization: `Token ${key}` } }), status: 401, error: /unsupported Authorization scheme/ },
  // --- query parameters ----------------------------------------------------------------------
  { name: "query: limit=0", handler: metricsRoute.GET, opts: get("/api/v1/metrics?limit=0"), status: 400, issues: [{ index: null, path: "limit", message: /at least 1/ }] },
  { name: "query: limit over 500", handler: eventsRoute.GET, opts: get("/api/v1/events?limit=501"), status: 400, issues: [{ index: null, path: "limit", message: /at most 500/ }] },
  { name: "query: minutes not a number", handler: heartbeatsRoute.GET, opts: get("/api/v1/heartbeats?minutes=abc"), status: 400, issues: [{ index: null, path: "minutes" }] },
  { name: "query: unknown parameter", handler: metricsRoute.GET, opts: get("/api/v1/metrics?agent=a1"), status: 400, issues: [{ index: null, path: "agent", message: /unknown field/ }] },
  { name: "query: tampered cursor", handler: eventsRoute.GET, opts: get("/api/v1/events?cursor=bm90LWEtY3Vyc29y"), status: 400, issues: [{ index: null, path: "cursor", message: /invalid cursor/ }] },
  { name: "query: unknown severity", handler: eventsRoute.GET, opts: get("/api/v1/events?severity=info,fatal"), status: 400, issues: [{ index: null, path: "severity", message: /fatal/ }] },
  { name: "query: minutes and hours together", handler: metricsRoute.GET, opts: get("/api/v1/metrics?minutes=5&hours=1"), status: 400, issues: [{ index: null, path: "hours", message: /not both/ }] },
  { name: "query: parameter given twice", handler: eventsRoute.GET, opts: get("/api/v1/events?type=a&type=b"), status: 400, issues: [{ index: null, path: "type", message: /more than once/ }] },
  { name: "query: unknown agent state", handler: agentRoute.GET, opts: get("/api/v1/agents?state=sleeping"), status: 400, issues: [{ index: null, path: "state" }] },
];

describe("bad inputs", () => {
  it("covers at least 25 distinct cases", () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const r = await call(c.handler, c.opts());
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(c.status);
    if (c.status >= 400) {
      expect(isErrorShape(r.body), JSON.stringify(r.body).slice(0, 500)).toBe(true);
      if (c.error) expect(r.body.error).toMatch(c.error);
      if (c.issues) {
        expect(r.body.issues).toHaveLength(c.issues.length);
        for (const want of c.issues) {
          const found = r.body.issues.find((i: { index: number | null; path: string }) => i.index === want.index && i.path === want.path);
          expect(found, `issue ${want.index}:${want.path} in ${JSON.stringify(r.body.issues)}`).toBeTruthy();
          if (want.message) expect(found.message).toMatch(want.message);
        }
      }
    }
    c.extra?.(r);
    if (c.stored) expect(await c.stored.count()).toBe(c.stored.expected);
  });
});
