/**
 * Hostile-input suite: ≥ 1,000 generated requests (seeded; reproduce with HOSTILE_SEED=<seed>).
 *
 * Part 1, mixed batches: every ingestion route gets batches mixing good items with items Postgres
 * cannot store or that attack the parser — NUL characters, unpaired surrogates, token counts and
 * costs beyond their columns, nesting bombs, pre-2000 dates, prototype-named import records. Each
 * case asserts: no 5xx; every good item is in the database afterwards (queried); every bad item is
 * reported with its batch index and a path naming the field; a 1e999 inside LangSmith inputs is
 * stored as null and said in the run's warnings.
 * Part 2, every public route (enumerated from app/api): hostile bodies and query strings — no 5xx,
 * the standard error shape, numeric parameters decimal only, cursors that never reach Postgres.
 * Afterwards /api/health still answers and Object.prototype is untouched. The case count is printed.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as lsBatch from "@/app/api/langsmith/runs/batch/route";
import * as lsMultipart from "@/app/api/langsmith/runs/multipart/route";
import * as lsRuns from "@/app/api/langsmith/runs/route";
import * as lsRunById from "@/app/api/langsmith/runs/[id]/route";
import * as lsFeedback from "@/app/api/langsmith/feedback/route";
import * as otlpPublic from "@/app/api/public/otel/v1/traces/route";
import * as otlpLangsmith from "@/app/api/langsmith/otel/v1/traces/route";
import * as nativeRuns from "@/app/api/v1/llm/runs/route";
import * as metricsRoute from "@/app/api/v1/metrics/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import * as importRoute from "@/app/api/v1/import/route";
import * as heartbeatRoute from "@/app/api/v1/agents/[id]/heartbeats/route";
import { db, pool } from "../db/client";
import { ensureModelPrices } from "../llm/price-seed";
import { decodeOtlpResponse, encodeOtlpProtobuf } from "../llm/otlp-proto";
import { MAX_JSON_DEPTH } from "../llm/storable";
import { pick, prng, type Rand } from "../../test/fuzz";
import { call, isErrorShape, makeAgents, makeKey, type CallResult } from "../../test/http";
import { multipart, segment } from "../../test/multipart";
import { ROUTE_MARK, type RouteMark } from "./route";

const SEED = Number(process.env.HOSTILE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES_PER_ROUTE = 64;

let key = "";
let cases = 0;
const failures: string[] = [];
beforeAll(async () => {
  await ensureModelPrices(db());
  key = await makeKey(["admin"]);
  await makeAgents(["hi-a1"]);
});
afterAll(() => {
  expect(({} as Record<string, unknown>).polluted, "Object.prototype polluted").toBeUndefined();
});

// Values JSON.stringify cannot write are spliced into the body text through these markers.
const INF = "\u2063INF\u2063";
const deepJson = (levels: number) => '{"a":'.repeat(levels) + "1" + "}".repeat(levels);
const DEEP = "\u2063DEEP\u2063";
const splice = (text: string) => text.replaceAll(`"${INF}"`, "1e999").replaceAll(`"${DEEP}"`, deepJson(5_000));

type Json = Record<string, unknown>;
/** One bad-item recipe: applied to a good item, and the path its issue must name. */
interface Bad {
  label: string;
  apply: (item: Json) => void;
  path: RegExp;
}

const isoAgo = (ms: number) => new Date(Date.now() - ms).toISOString();
const hex = (bytes: number) => randomBytes(bytes).toString("hex");

// ---------- LangSmith ----------
function lsGood(r: Rand): Json {
  const id = randomUUID();
  const item: Json = { id, trace_id: id, dotted_order: segment(new Date(Date.now() - 1000), id), name: "good", run_type: "llm", start_time: isoAgo(1000), inputs: { q: "fine" } };
  if (r() < 0.3) item.outputs = { usage_metadata: { input_tokens: 2_000_000_000, output_tokens: 5, total_cost: 999_999_999_999 } };
  if (r() < 0.2) item.tags = ["a", "𝔘🚀"];
  return item;
}
const LS_BAD: Bad[] = [
  { label: "NUL in name", apply: (i) => (i.name = "a\u0000b"), path: /name$/ },
  { label: "NUL in error", apply: (i) => (i.error = "boom\u0000"), path: /error$/ },
  { label: "NUL in a tag", apply: (i) => (i.tags = ["ok", "x\u0000y"]), path: /tags\.1$/ },
  { label: "NUL in session_name", apply: (i) => (i.session_name = "p\u0000"), path: /session_name$/ },
  { label: "NUL in an inputs value", apply: (i) => (i.inputs = { q: { deep: ["ok", "a\u0000"] } }), path: /inputs\.q\.deep\.1$/ },
  { label: "NUL in an inputs key", apply: (i) => (i.inputs = { ["k\u0000"]: 1 }), path: /inputs\.k/ },
  { label: "unpaired surrogate in outputs", apply: (i) => (i.outputs = { text: "x\ud800y" }), path: /outputs\.text$/ },
  { label: "unpaired surrogate in name", apply: (i) => (i.name = "\udc00"), path: /name$/ },
  { label: "input_tokens 2^31", apply: (i) => (i.outputs = { usage_metadata: { input_tokens: 2 ** 31 } }), path: /outputs\.usage_metadata\.input_tokens$/ },
  { label: "output_tokens 2^53", apply: (i) => (i.outputs = { usage_metadata: { output_tokens: 2 ** 53 } }), path: /outputs\.usage_metadata\.output_tokens$/ },
  { label: "legacy prompt_tokens 2^40", apply: (i) => (i.outputs = { llm_output: { token_usage: { prompt_tokens: 2 ** 40 } } }), path: /input_tokens$/ },
  { label: "total_cost 1e12", apply: (i) => (i.outputs = { usage_metadata: { total_cost: 1e12 } }), path: /total_cost$/ },
  { label: "total_cost 1e21", apply: (i) => (i.extra = { metadata: { usage_metadata: { total_cost: 1e21 } } }), path: /total_cost$/ },
  { label: "total_cost string of 13 digits", apply: (i) => (i.outputs = { usage_metadata: { total_cost: "1000000000000" } }), path: /total_cost$/ },
  { label: "inputs nested 5,000 levels", apply: (i) => (i.inputs = { bomb: DEEP }), path: /inputs(\.bomb)?(\.a)*$/ },
  { label: `inputs nested ${MAX_JSON_DEPTH + 1} levels`, apply: (i) => (i.inputs = JSON.parse(deepJson(MAX_JSON_DEPTH + 1))), path: /inputs(\.a)+$/ },
  { label: "start_time 0001-01-01", apply: (i) => (i.start_time = "0001-01-01T00:00:00Z"), path: /start_time$/ },
  { label: "start_time 1999-12-31", apply: (i) => (i.start_time = "1999-12-31T23:59:59Z"), path: /start_time$/ },
];

/** `post: [...]` with bad items at random positions; returns the body text and what to expect. */
function mixed<T>(r: Rand, good: (r: Rand) => T, bads: Bad[], max = 5) {
  const n = 1 + Math.floor(r() * max);
  const items: { item: T; bad?: Bad }[] = [];
  for (let i = 0; i < n; i++) items.push({ item: good(r) });
  const nBad = r() < 0.15 ? 0 : 1 + Math.floor(r() * 2);
  for (let i = 0; i < nBad; i++) {
    const bad = pick(r, bads);
    const item = good(r);
    bad.apply(item as Json);
    items.splice(Math.floor(r() * (items.length + 1)), 0, { item, bad });
  }
  return items;
}

const storedRuns = async (ids: string[]) => new Set((await pool().query<{ id: string }>("SELECT id FROM llm_runs WHERE id = ANY($1)", [ids])).rows.map((x) => x.id));

/** The shared batch assertions: no 5xx, good ones stored, bad ones reported by index and path. */
async function check(label: string, res: CallResult, items: { item: unknown; bad?: Bad; id: string }[], stored: (ids: string[]) => Promise<Set<string>>, issuesOf: (res: CallResult) => { index: number | null; path: string }[] | null) {
  cases++;
  const where = `${label} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`;
  if (res.status >= 500) return void failures.push(where);
  const good = items.filter((i) => !i.bad);
  const bad = items.map((x, index) => ({ ...x, index })).filter((i) => i.bad);
  const expected = bad.length === 0 ? [202, 200] : good.length === 0 ? [400] : [207, 200];
  if (!expected.includes(res.status)) failures.push(`expected ${expected.join("/")}: ${where}`);
  if (res.status >= 400 && !isErrorShape(res.body)) failures.push(`bad error shape: ${where}`);
  const have = await stored(items.map((i) => i.id));
  for (const g of good) if (!have.has(g.id)) failures.push(`good item ${g.id} not stored: ${where}`);
  for (const b of bad) if (have.has(b.id)) failures.push(`bad item (${b.bad!.label}) ${b.id} stored: ${where}`);
  const issues = issuesOf(res);
  if (issues === null) return;
  for (const b of bad) {
    if (!issues.some((i) => i.index === b.index && b.bad!.path.test(i.path))) failures.push(`bad item #${b.index} (${b.bad!.label}) not reported at ${b.bad!.path}: ${where}`);
  }
}

const issuesField = (res: CallResult) => (res.body?.rejected ?? res.body?.issues ?? []) as { index: number | null; path: string }[];
const strip = (prefix: RegExp) => (res: CallResult) => issuesField(res).map((i) => ({ ...i, path: i.path.replace(prefix, "") }));

describe(`hostile input (seed ${SEED})`, () => {
  it("LangSmith /runs/batch, /runs/multipart, POST /runs, PATCH /runs/{id}: one bad run never drops the good ones", async () => {
    const r = prng(SEED);
    for (let c = 0; c < CASES_PER_ROUTE; c++) {
      const items = mixed(r, lsGood, LS_BAD).map((x) => ({ ...x, id: (x.item as Json).id as string }));
      const res = await call(lsBatch.POST, { key, body: splice(JSON.stringify({ post: items.map((x) => x.item) })) });
      await check(`batch ${items.map((x) => x.bad?.label ?? "good").join(",")}`, res, items, storedRuns, strip(/^post\.\d+\./));
    }
    for (let c = 0; c < CASES_PER_ROUTE; c++) {
      const items = mixed(r, lsGood, LS_BAD).map((x) => ({ ...x, id: (x.item as Json).id as string }));
      const parts = items.map((x) => ({ name: `post.${x.id}`, value: splice(JSON.stringify(x.item)), raw: true }));
      const res = await call(lsMultipart.POST, { key, ...multipart(parts) });
      await check(`multipart ${items.map((x) => x.bad?.label ?? "good").join(",")}`, res, items, storedRuns, strip(/^post\.[0-9a-f-]+\./));
      if (res.status === 400 && !/all [1-9]\d* operations were rejected/.test(res.body.error)) failures.push(`multipart 400 must count the rejected operations: ${res.body.error}`);
    }
    for (let c = 0; c < CASES_PER_ROUTE / 2; c++) {
      const [one] = mixed(r, lsGood, LS_BAD, 1).slice(-1).map((x) => ({ ...x, id: (x.item as Json).id as string }));
      const res = await call(lsRuns.POST, { key, body: splice(JSON.stringify(one!.item)) });
      await check(`POST /runs ${one!.bad?.label ?? "good"}`, res, [one!], storedRuns, issuesField);
    }
    for (let c = 0; c < CASES_PER_ROUTE / 2; c++) {
      const [one] = mixed(r, lsGood, LS_BAD, 1).slice(-1).map((x) => ({ ...x, id: (x.item as Json).id as string }));
      const { id, ...body } = one!.item as Json;
      const res = await call(lsRunById.PATCH, { method: "PATCH", key, params: { id: id as string }, body: splice(JSON.stringify(body)) });
      await check(`PATCH /runs/{id} ${one!.bad?.label ?? "good"}`, res, [one!], storedRuns, issuesField);
    }
  }, 120_000);

  it("1e999 in LangSmith inputs is stored as null and said in the answer and the run's warnings", async () => {
    const id = randomUUID();
    const res = await call(lsBatch.POST, { key, body: splice(JSON.stringify({ post: [{ id, name: "inf", start_time: isoAgo(500), inputs: { x: INF, ok: 1 } }] })) });
    cases++;
    expect(res.status).toBe(202);
    expect(res.body.warnings).toEqual([expect.objectContaining({ index: 0, path: "post.0.inputs.x", message: expect.stringMatching(/stored as null/) })]);
    const row = (await pool().query("SELECT inputs, extra FROM llm_runs WHERE id = $1", [id])).rows[0];
    expect(row.inputs).toEqual({ x: null, ok: 1 });
    expect(row.extra.vigil_warnings).toEqual([expect.stringMatching(/^inputs\.x: .*stored as null/)]);
  });

  it("feedback: NUL in key or comment, deep value → 400 naming the field, never a 5xx", async () => {
    const r = prng(SEED + 1);
    const bads: Bad[] = [
      { label: "NUL key", apply: (i) => (i.key = "a\u0000"), path: /^key$/ },
      { label: "NUL comment", apply: (i) => (i.comment = "\u0000"), path: /^comment$/ },
      { label: "surrogate in value", apply: (i) => (i.value = { v: "\ud83d" }), path: /^value\.v$/ },
      { label: "deep correction", apply: (i) => (i.correction = DEEP), path: /^correction/ },
    ];
    for (let c = 0; c < 24; c++) {
      const item: Json = { id: randomUUID(), run_id: randomUUID(), key: "correctness", score: 1 };
      const bad = r() < 0.7 ? pick(r, bads) : undefined;
      bad?.apply(item);
      const res = await call(lsFeedback.POST, { key, body: splice(JSON.stringify(item)) });
      await check(`feedback ${bad?.label ?? "good"}`, res, [{ item, bad, id: item.id as string }], async (ids) => new Set((await pool().query<{ id: string }>("SELECT id FROM llm_feedback WHERE id = ANY($1)", [ids])).rows.map((x) => x.id)), issuesField);
    }
  });

  // ---------- OTLP ----------
  const attr = (k: string, v: unknown) => ({ key: k, value: v });
  function otlpGood(): Json {
    return {
      traceId: hex(16),
      spanId: hex(8),
      name: "chat",
      startTimeUnixNano: String(BigInt(Date.now() - 1000) * 1_000_000n),
      endTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
      attributes: [attr("gen_ai.request.model", { stringValue: "gpt-4o" }), attr("gen_ai.usage.input_tokens", { intValue: "10" })],
    };
  }
  const kvDeep = (levels: number): unknown => {
    let v: unknown = { stringValue: "leaf" };
    for (let i = 0; i < levels; i++) v = { kvlistValue: { values: [{ key: "k", value: v }] } };
    return v;
  };
  const OTLP_BAD: Bad[] = [
    { label: "NUL in name", apply: (s) => (s.name = "c\u0000"), path: /\.name$/ },
    { label: "NUL in an attribute value", apply: (s) => (s.attributes as unknown[]).push(attr("user", { stringValue: "a\u0000" })), path: /\.attributes\.user$/ },
    { label: "NUL in an attribute key", apply: (s) => (s.attributes as unknown[]).push(attr("u\u0000", { stringValue: "a" })), path: /\.attributes\.u/ },
    { label: "unpaired surrogate in an attribute", apply: (s) => (s.attributes as unknown[]).push(attr("t", { stringValue: "\ud800" })), path: /\.attributes\.t$/ },
    { label: "NUL in status.message", apply: (s) => (s.status = { code: 2, message: "x\u0000" }), path: /\.status\.message$/ },
    { label: "input_tokens 2^31", apply: (s) => (s.attributes = [attr("gen_ai.usage.input_tokens", { intValue: "2147483648" })]), path: /\.attributes\.gen_ai\.usage\.input_tokens$/ },
    { label: "output_tokens int64 max", apply: (s) => (s.attributes = [attr("gen_ai.usage.output_tokens", { intValue: "9223372036854775807" })]), path: /\.attributes\.gen_ai\.usage\.output_tokens$/ },
    { label: `kvlistValue nested ${MAX_JSON_DEPTH + 6} levels`, apply: (s) => (s.attributes as unknown[]).push(attr("deep", kvDeep(MAX_JSON_DEPTH + 6))), path: /\.attributes\.deep(\.k)*$/ },
    { label: "start 1970", apply: (s) => (s.startTimeUnixNano = "1000"), path: /\.startTimeUnixNano$/ },
  ];

  it("OTLP/JSON on both endpoints: bad spans reported by index and path, good spans stored", async () => {
    const r = prng(SEED + 2);
    for (let c = 0; c < CASES_PER_ROUTE * 2; c++) {
      const items = mixed(r, otlpGood, OTLP_BAD).map((x) => ({ ...x, id: (x.item as Json).spanId as string }));
      const route = c % 2 ? otlpPublic : otlpLangsmith;
      const body = { resourceSpans: [{ resource: { attributes: [attr("service.name", { stringValue: "hostile" })] }, scopeSpans: [{ scope: { name: "s" }, spans: items.map((x) => x.item) }] }] };
      const res = await call(route.POST, { key, body });
      await check(`otlp json ${items.map((x) => x.bad?.label ?? "good").join(",")}`, res, items, storedRuns, issuesField);
    }
    // 20,000 levels of kvlistValue: too deep for any recursive walk; the span is rejected, its neighbour kept.
    const good = otlpGood();
    let deep = '{"stringValue":"leaf"}';
    for (let i = 0; i < 20_000; i++) deep = `{"kvlistValue":{"values":[{"key":"k","value":${deep}}]}}`;
    const bomb = otlpGood();
    const text = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [good, { ...bomb, attributes: "BOMB" }] }] }] }).replace('"BOMB"', `[{"key":"deep","value":${deep}}]`);
    const res = await call(otlpPublic.POST, { key, body: text });
    await check("otlp json kvlistValue 20,000 levels", res, [{ item: good, id: good.spanId as string }, { item: bomb, id: bomb.spanId as string, bad: OTLP_BAD[7]! }], storedRuns, issuesField);
  }, 120_000);

  it("OTLP/protobuf: the same spans, reported in partialSuccess, good spans stored", async () => {
    const r = prng(SEED + 3);
    const toProto = (s: Json) => ({ ...s, traceId: Buffer.from(s.traceId as string, "hex"), spanId: Buffer.from(s.spanId as string, "hex") });
    for (let c = 0; c < CASES_PER_ROUTE; c++) {
      // Protobuf strings are UTF-8 on the wire: an unpaired surrogate cannot be sent; and the decoder refuses more than
      // 100 message levels (about 33 kvlist levels), so deep attributes are the whole request's 400 (below).
      const items = mixed(r, otlpGood, OTLP_BAD.filter((b) => !/surrogate|nested/.test(b.label))).map((x) => ({ ...x, id: (x.item as Json).spanId as string }));
      const bytes = encodeOtlpProtobuf({ resourceSpans: [{ scopeSpans: [{ spans: items.map((x) => toProto(x.item as Json)) }] }] });
      const raw = await (otlpPublic.POST as unknown as (req: Request) => Promise<Response>)(
        new Request("http://localhost/api/public/otel/v1/traces", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/x-protobuf" }, body: new Uint8Array(bytes) }),
      );
      const answer = Buffer.from(await raw.arrayBuffer());
      const label = `otlp proto ${items.map((x) => x.bad?.label ?? "good").join(",")}`;
      // 400s are JSON (the error shape); a 200 is an ExportTraceServiceResponse naming each rejected span by index and path.
      const res: CallResult = { status: raw.status, headers: raw.headers, body: raw.status === 200 ? {} : JSON.parse(answer.toString("utf8")) };
      await check(label, res, items, storedRuns, (res) => {
        if (res.status !== 200) return issuesField(res);
        const msg = decodeOtlpResponse(new Uint8Array(answer)).partialSuccess?.errorMessage ?? "";
        return msg ? msg.split("; ").map((m) => {
          const [path] = m.split(": ");
          const idx = /spans\.(\d+)\./.exec(path ?? "");
          return { index: idx ? Number(idx[1]) : null, path: path ?? "" };
        }) : [];
      });
    }
    // A kvlistValue 20,000 levels deep, written by hand (encoders refuse to build it): a 400, never a crash.
    const varint = (n: number) => {
      const out: number[] = [];
      for (; n > 127; n >>>= 7) out.push((n & 127) | 128);
      out.push(n);
      return Buffer.from(out);
    };
    const ld = (field: number, payload: Buffer | string) => {
      const b = Buffer.from(payload);
      return Buffer.concat([varint((field << 3) | 2), varint(b.length), b]);
    };
    let v = ld(1, "leaf");
    for (let i = 0; i < 20_000; i++) v = ld(6, ld(1, Buffer.concat([ld(1, "k"), ld(2, v)])));
    const start = Buffer.alloc(8);
    start.writeBigUInt64LE(BigInt(Date.now() - 1000) * 1_000_000n);
    const span = Buffer.concat([ld(1, randomBytes(16)), ld(2, randomBytes(8)), ld(5, "chat"), varint((7 << 3) | 1), start, ld(9, Buffer.concat([ld(1, "deep"), ld(2, v)]))]);
    const bomb = await call(otlpPublic.POST, { key, body: new Uint8Array(ld(1, ld(2, ld(2, span)))), headers: { "content-type": "application/x-protobuf" } });
    cases++;
    expect(bomb.status).toBe(400);
    expect(bomb.body.error).toMatch(/nested too deeply/);
  }, 120_000);

  // ---------- native, metrics, events, import ----------
  const NATIVE_BAD: Bad[] = [
    { label: "NUL name", apply: (i) => (i.name = "\u0000"), path: /^name$/ },
    { label: "surrogate model", apply: (i) => (i.model = "gpt\udfff"), path: /^model$/ },
    { label: "NUL tag", apply: (i) => (i.tags = ["a", "b\u0000"]), path: /^tags\.1$/ },
    { label: "NUL inputs", apply: (i) => (i.inputs = { q: "\u0000" }), path: /^inputs\.q$/ },
    { label: "deep metadata", apply: (i) => (i.metadata = JSON.parse(deepJson(40))), path: /^metadata/ },
    { label: "inputTokens 2^31", apply: (i) => (i.inputTokens = 2 ** 31), path: /^inputTokens$/ },
    { label: "cost 1e12", apply: (i) => (i.cost = 1e12), path: /^cost$/ },
    { label: "cost 13 digits", apply: (i) => (i.cost = "1000000000000.5"), path: /^cost$/ },
    { label: "startTime 0001", apply: (i) => (i.startTime = "0001-01-01T00:00:00Z"), path: /^startTime$/ },
  ];
  it("native /api/v1/llm/runs", async () => {
    const r = prng(SEED + 4);
    for (let c = 0; c < CASES_PER_ROUTE; c++) {
      const items = mixed(r, () => ({ id: randomUUID(), model: "gpt-4o", inputTokens: 5, outputTokens: 2_000_000_000, cost: 999_999_999_999.5 }), NATIVE_BAD).map((x) => ({ ...x, id: (x.item as Json).id as string }));
      const res = await call(nativeRuns.POST, { key, body: { runs: items.map((x) => x.item) } });
      await check(`native ${items.map((x) => x.bad?.label ?? "good").join(",")}`, res, items, storedRuns, issuesField);
    }
  }, 60_000);

  const BASIC_BAD: Bad[] = [
    { label: "NUL name", apply: (i) => (i.name = i.type = "m\u0000"), path: /^(name|type)$/ },
    { label: "surrogate in metadata", apply: (i) => (i.metadata = { a: "\ud800" }), path: /^metadata\.a$/ },
    { label: "deep metadata", apply: (i) => (i.metadata = JSON.parse(deepJson(100))), path: /^metadata/ },
    { label: "value 1e999", apply: (i) => (i.value = INF), path: /^value$/ },
    { label: "timestamp 0001", apply: (i) => (i.timestamp = "0001-01-01T00:00:00Z"), path: /^timestamp$/ },
    { label: "timestamp 1999 epoch ms", apply: (i) => (i.timestamp = 915_148_800_000), path: /^timestamp$/ },
  ];
  it("metrics, events and import", async () => {
    const r = prng(SEED + 5);
    // A NUL cannot even be a query parameter: such an item can only be absent.
    const byName = (table: string, col: string) => async (ids: string[]) =>
      new Set((await pool().query<{ v: string }>(`SELECT ${col} AS v FROM ${table} WHERE ${col} = ANY($1)`, [ids.filter((i) => !i.includes("\u0000"))])).rows.map((x) => x.v));
    for (let c = 0; c < CASES_PER_ROUTE; c++) {
      const items = mixed(r, () => ({ agentId: "hi-a1", name: `m-${randomUUID()}`, value: 1.5, timestamp: isoAgo(1000) }), BASIC_BAD).map((x) => ({ ...x, id: (x.item as Json).name as string }));
      const res = await call(metricsRoute.POST, { key, body: splice(JSON.stringify({ metrics: items.map((x) => x.item) })) });
      await check(`metrics ${items.map((x) => x.bad?.label ?? "good").join(",")}`, res, items, byName("metrics", "name"), issuesField);
    }
    for (let c = 0; c < CASES_PER_ROUTE; c++) {
      const items = mixed(r, () => ({ type: `e-${randomUUID()}`, message: "m", severity: "info", agentId: "hi-a1" }), BASIC_BAD.filter((b) => b.label !== "value 1e999")).map((x) => ({ ...x, id: (x.item as Json).type as string }));
      const res = await call(eventsRoute.POST, { key, body: splice(JSON.stringify({ events: items.map((x) => x.item) })) });
      await check(`events ${items.map((x) => x.bad?.label ?? "good").join(",")}`, res, items, byName("events", "type"), issuesField);
    }
    // Import: records named after Object.prototype members are that record's reject, by line.
    const PROTO: Bad[] = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf"].map((name) => ({ label: `record ${name}`, apply: (i) => Object.defineProperty(i, "record", { value: name, enumerable: true, writable: true, configurable: true }), path: /^record$/ }));
    for (let c = 0; c < CASES_PER_ROUTE; c++) {
      const items = mixed(r, () => ({ record: "metric", agentId: "hi-a1", name: `i-${randomUUID()}`, value: 2, timestamp: isoAgo(2000) }), [...PROTO, BASIC_BAD[0]!, BASIC_BAD[4]!]).map((x) => ({ ...x, id: (x.item as Json).name as string }));
      const res = await call(importRoute.POST, { key, body: items.map((x) => JSON.stringify(x.item)).join("\n"), headers: { "content-type": "application/x-ndjson" } });
      // Import issues are numbered by line (1-based).
      await check(`import ${items.map((x) => x.bad?.label ?? "good").join(",")}`, res, items, byName("metrics", "name"), (res) => issuesField(res).map((i) => ({ ...i, index: (i as { line?: number }).line !== undefined ? (i as unknown as { line: number }).line - 1 : i.index! - 1 })));
    }
  }, 120_000);

  it("heartbeat bodies: JSON null, arrays, NUL, surrogates and 1e999 are 400s, an empty body is a ping", async () => {
    const bodies: [string, number][] = [["null", 400], ["[]", 400], ['"x"', 400], ["1", 400], ['{"status":"\\u0000"}', 400], ['{"metadata":{"a":"\\ud800"}}', 400], ['{"metrics":{"cpu":1e999}}', 400], [`{"metadata":${deepJson(5_000)}}`, 400], ["", 200], ['{"status":"ok"}', 200]];
    for (const [body, status] of bodies) {
      const res = await call(heartbeatRoute.POST, { key, params: { id: "hi-a1" }, body, headers: { "content-type": "application/json" } });
      cases++;
      expect(res.status, `heartbeat ${body.slice(0, 40)} → ${JSON.stringify(res.body)}`).toBe(status);
    }
  });
});

// ---------- Part 2: every public route ----------
const ROUTES = import.meta.glob<Record<string, unknown>>("/app/api/**/route.ts");
const routeName = (file: string) => file.replace(/^\/app\/api\//, "").replace(/\/route\.ts$/, "");
const declared = (mod: Record<string, unknown>): string[] => (mod.GET as Record<symbol, RouteMark>)[ROUTE_MARK]!.methods;
// Routes that answer in their own documented shape (tRPC, Better Auth).
const OWN_SHAPE = ["trpc/[trpc]", "auth/[...all]"];
const PARAMS: Record<string, string> = { id: "hi-a1", traceId: "0af7651916cd43dd8448eb211c80319c", trpc: "agents.list", all: "get-session" };

const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const HOSTILE_BODIES: { label: string; body: string | Uint8Array<ArrayBuffer>; type?: string }[] = [
  { label: "JSON null", body: "null" },
  { label: "NUL everywhere", body: '{"id":"\\u0000","name":"\\u0000","post":[{"id":"\\u0000"}],"runs":[{"model":"\\u0000"}],"metrics":[{"agentId":"\\u0000","name":"\\u0000","value":1}],"question":"\\u0000"}' },
  { label: "unpaired surrogates", body: '{"id":"\\ud800","name":"\\udfff","question":"\\ud800","events":[{"type":"\\ud800","message":"m","severity":"info"}]}' },
  { label: "1e999 numbers", body: '{"value":1e999,"metrics":[{"agentId":"hi-a1","name":"x","value":1e999}],"heartbeatIntervalSeconds":1e999,"score":1e999}' },
  { label: "64-bit integers", body: '{"value":9223372036854775808,"runs":[{"model":"m","inputTokens":9223372036854775807}],"graceSeconds":18446744073709551616}' },
  { label: "depth bomb (5,000 objects)", body: deepJson(5_000) },
  { label: "depth bomb (50,000 arrays)", body: "[".repeat(50_000) + "]".repeat(50_000) },
  { label: "prototype keys", body: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"toString":1,"valueOf":"x","hasOwnProperty":null}' },
  { label: "prototype record kinds", body: '{"record":"constructor"}\n{"record":"__proto__"}\n{"record":"toString"}', type: "application/x-ndjson" },
  { label: "invalid UTF-8", body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
  { label: "overlong UTF-8 NUL", body: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0x80, 0x22, 0x7d]) },
  { label: "UTF-16 body", body: new Uint8Array(Buffer.from('{"a":1}', "utf16le")) },
  { label: "huge string (900 KB of NULs)", body: JSON.stringify({ name: "\u0000".repeat(150_000) }) },
  { label: "multipart with NUL part name", body: '--b\r\nContent-Disposition: form-data; name="post.\u0000"\r\n\r\n{}\r\n--b--\r\n', type: "multipart/form-data; boundary=b" },
];
const HOSTILE_QUERIES = [
  "hours=0x10",
  "minutes=1e3",
  "limit=0x10",
  "limit=%201",
  "limit=-0",
  "hours=9".repeat(1) + "9".repeat(30),
  `cursor=${cursor(["2026-01-01T00:00:00Z", "99999999999999999999"])}`,
  `cursor=${cursor(["2026-01-01T00:00:00Z", "\u0000"])}`,
  `cursor=${cursor(["+275760-09-13T00:00:00.000Z", "1"])}`,
  `cursor=${cursor(["-271821-04-20T00:00:00.000Z", "1"])}`,
  `cursor=${cursor({ __proto__: 1 })}`,
  "traceId=%00",
  "model=%00&project=%ED%A0%80",
  "agentId=constructor",
];

describe("every public route", () => {
  it("hostile bodies and queries: no 5xx, the standard error shape, numeric parameters decimal only", async () => {
    const routes = Object.entries(ROUTES);
    expect(routes.length).toBeGreaterThan(20);
    for (const [file, load] of routes) {
      const name = routeName(file);
      const mod = await load();
      const params = PARAMS;
      // Routes without a query schema ignore the query string; the numeric rule applies to the others.
      const readsQuery = declared(mod).includes("GET") && (await call(mod.GET, { path: `/api/${name}?bogus=1`, key, params })).status === 400;
      for (const method of declared(mod)) {
        const inputs = method === "GET" ? HOSTILE_QUERIES.map((q) => ({ label: `?${q.slice(0, 80)}`, path: `/api/${name}?${q}`, body: undefined as string | Uint8Array<ArrayBuffer> | undefined, type: undefined as string | undefined })) : HOSTILE_BODIES.map((b) => ({ label: b.label, path: `/api/${name}`, body: b.body, type: b.type }));
        for (const input of inputs) {
          cases++;
          const headers: Record<string, string> = { origin: "http://localhost" };
          if (input.body !== undefined) headers["content-type"] = input.type ?? "application/json";
          const res = await call(mod[method], { method, path: input.path, body: input.body, key, headers, params });
          const where = `${method} ${name} [${input.label}] → ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`;
          if (res.status >= 500) failures.push(where);
          else if (res.status >= 400 && !OWN_SHAPE.includes(name) && !isErrorShape(res.body)) failures.push(`bad error shape: ${where}`);
          else if (res.status >= 400 && /\b22[0-9A-Z]{3}\b|invalid input syntax|violates .* constraint|out of range for type|invalid byte sequence/i.test(JSON.stringify(res.body))) failures.push(`database message leaked: ${where}`);
          // A query parameter that is not plain decimal digits is never read as a number.
          if (method === "GET" && readsQuery && /^(hours|minutes|limit)=(0x|1e|-0|%20)/.test(input.path.split("?")[1] ?? "") && res.status === 200) failures.push(`non-decimal number accepted: ${where}`);
        }
      }
    }
  }, 120_000);

  it("all cases passed, the case count is ≥ 1,000 and the service is healthy", async () => {
    console.log(`hostile input: ${cases} generated cases (seed ${SEED}; reproduce: HOSTILE_SEED=${SEED} npx vitest run server/http/hostile-input.test.ts)`);
    expect(failures, failures.slice(0, 25).join("\n")).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(1_000);
    const { GET: health } = await import("@/app/api/health/route");
    const h = await call(health);
    expect(h.body.db).toBe("up");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
