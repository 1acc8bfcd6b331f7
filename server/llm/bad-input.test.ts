/**
 * Bad input at every LLM endpoint → a 4xx with the standard error shape naming what is wrong;
 * in a batch the valid runs are still stored (LangSmith drops whole batches on any 4xx, so a
 * batch with any good operation answers 2xx).
 */
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import * as multipartRoute from "@/app/api/langsmith/runs/multipart/route";
import * as runById from "@/app/api/langsmith/runs/[id]/route";
import * as otlp from "@/app/api/public/otel/v1/traces/route";
import * as native from "@/app/api/v1/llm/runs/route";
import * as trace from "@/app/api/v1/llm/traces/[traceId]/route";
import { db, pool } from "../db/client";
import { call, isErrorShape, makeKey } from "../../test/http";
import { ensureModelPrices } from "./price-seed";
import { multipart, otlpExport, otlpSpan, segment } from "../../test/multipart";

let key: string;
beforeAll(async () => {
  await ensureModelPrices(db());
  key = await makeKey(["ingest", "read"]);
});

const count = async (id: string) => Number((await pool().query("SELECT count(*) FROM llm_runs WHERE id = $1", [id])).rows[0].count);
const post = (id = randomUUID()) => ({ id, trace_id: id, dotted_order: segment(new Date(Date.now() - 1000), id), name: "ok", start_time: new Date(Date.now() - 1000).toISOString() });
const paths = (body: { issues: { path: string }[] }) => body.issues.map((i) => i.path);

describe("multipart", () => {
  it("rejects a body that is not multipart, has no boundary, or is malformed", async () => {
    const notMultipart = await call(multipartRoute.POST, { key, body: { post: [] } });
    expect(notMultipart.status).toBe(415);
    const noBoundary = await call(multipartRoute.POST, { key, body: "x", headers: { "content-type": "multipart/form-data" } });
    expect(noBoundary.status).toBe(400);
    expect(noBoundary.body.error).toMatch(/boundary/i);
    const malformed = await call(multipartRoute.POST, { key, body: "--b\r\nno-colon-header\r\n\r\n{}\r\n", headers: { "content-type": "multipart/form-data; boundary=b" } });
    expect(malformed.status).toBe(400);
    expect(isErrorShape(malformed.body)).toBe(true);
  });

  it("stores the valid runs and reports unknown part names, invalid UUIDs, bad dotted_order, non-JSON parts and negative tokens", async () => {
    const good = post();
    const badDotted = { ...post(), dotted_order: "not-a-dotted-order" };
    const negative = { ...post(), outputs: { usage_metadata: { input_tokens: -5, output_tokens: 3 } } };
    const nonJsonId = randomUUID();
    const bogusField = post();
    const res = await call(multipartRoute.POST, {
      key,
      ...multipart([
        { name: `post.${good.id}`, value: good },
        { name: "mystery.part", value: {} },
        { name: "post.not-a-uuid", value: { name: "x" } },
        { name: `post.${badDotted.id}`, value: badDotted },
        { name: `post.${negative.id}`, value: negative },
        { name: `post.${nonJsonId}`, value: "{not json", raw: true },
        { name: `post.${bogusField.id}`, value: bogusField },
        { name: `post.${bogusField.id}.bogus`, value: {} },
      ]),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(207);
    expect(res.body.accepted).toBe(1);
    expect(await count(good.id)).toBe(1);
    const p = paths({ issues: res.body.rejected });
    expect(p).toEqual(
      expect.arrayContaining(["mystery.part", "post.not-a-uuid", `post.${badDotted.id}.dotted_order`, `post.${negative.id}.outputs.usage_metadata.input_tokens`, `post.${nonJsonId}`, `post.${bogusField.id}.bogus`]),
    );
    expect(res.body.rejected.find((i: { path: string }) => i.path === `post.${negative.id}.outputs.usage_metadata.input_tokens`).message).toMatch(/negative/);
    expect(await count(badDotted.id)).toBe(0);
    expect(await count(negative.id)).toBe(0);
    expect(await count(bogusField.id)).toBe(0);
  });

  it("a batch with one good run answers 207 and stores it; all bad answers 400", async () => {
    const good = post();
    const mixed = await call(multipartRoute.POST, { key, ...multipart([{ name: `post.${good.id}`, value: good }, { name: "bogus", value: 1 }]) });
    expect(mixed.status).toBe(207);
    expect(await count(good.id)).toBe(1);
    const allBad = await call(multipartRoute.POST, { key, ...multipart([{ name: "bogus", value: 1 }]) });
    expect(allBad.status).toBe(400);
    expect(isErrorShape(allBad.body)).toBe(true);
  });

  it("oversize bodies (declared, or a gzip bomb) are 413; corrupt gzip is 400", async () => {
    const declared = await call(multipartRoute.POST, { key, body: "x", headers: { "content-type": "multipart/form-data; boundary=b", "content-length": String(100 * 1024 * 1024) } });
    expect(declared.status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(30 * 1024 * 1024, 0x20));
    const zipped = await call(multipartRoute.POST, { key, body: new Uint8Array(bomb), headers: { "content-type": "multipart/form-data; boundary=b", "content-encoding": "gzip" } });
    expect(zipped.status).toBe(413);
    expect(zipped.body.error).toMatch(/limit/);
    const corrupt = await call(multipartRoute.POST, { key, body: "definitely not gzip", headers: { "content-type": "multipart/form-data; boundary=b", "content-encoding": "gzip" } });
    expect(corrupt.status).toBe(400);
  });

  it("PATCH /runs/{id} with an invalid id is 400; without a key 401", async () => {
    const bad = await call(runById.PATCH, { key, method: "PATCH", body: { end_time: Date.now() }, params: { id: "123" } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe("id");
    const anon = await call(multipartRoute.POST, { ...multipart([{ name: `post.${randomUUID()}`, value: {} }]) });
    expect(anon.status).toBe(401);
  });
});

describe("OTLP", () => {
  const span = otlpSpan;
  const body = (spans: unknown[]) => otlpExport(spans);

  it("bad protobuf, malformed JSON and an unsupported content type are rejected", async () => {
    const proto = await call(otlp.POST, { key, body: new Uint8Array([0xff, 0xff, 0xff, 0x0f, 0x01]), headers: { "content-type": "application/x-protobuf" } });
    expect(proto.status).toBe(400);
    expect(proto.body.error).toMatch(/protobuf/);
    const badJson = await call(otlp.POST, { key, body: "{", headers: { "content-type": "application/json" } });
    expect(badJson.status).toBe(400);
    const text = await call(otlp.POST, { key, body: "hi", headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
  });

  it("invalid spans are reported as partial success while valid ones are stored; all invalid is 400", async () => {
    const good = span({ spanId: "1111111111111111", traceId: "22222222222222222222222222222222" });
    const badId = span({ spanId: "xyz" });
    const negative = span({ spanId: "3333333333333333", attributes: [{ key: "gen_ai.usage.output_tokens", value: { intValue: -4 } }] });
    const res = await call(otlp.POST, { key, body: body([good, badId, negative]) });
    expect(res.status).toBe(200);
    expect(res.body.partialSuccess.rejectedSpans).toBe(2);
    expect(paths({ issues: res.body.rejected })).toEqual(["resourceSpans.0.scopeSpans.0.spans.1.spanId", "resourceSpans.0.scopeSpans.0.spans.2.attributes.gen_ai.usage.output_tokens"]);
    expect(await count("1111111111111111")).toBe(1);
    const allBad = await call(otlp.POST, { key, body: body([badId]) });
    expect(allBad.status).toBe(400);
    expect(isErrorShape(allBad.body)).toBe(true);
  });
});

describe("native API", () => {
  it("missing model, negative tokens and wrong types are rejected per item; valid items stored", async () => {
    const id = `native-ok-${randomUUID()}`;
    const res = await call(native.POST, { key, body: { runs: [{ id, model: "gpt-4o", inputTokens: 5 }, { inputTokens: 5 }, { model: "gpt-4o", outputTokens: -1 }, { model: "gpt-4o", inputTokens: "many" }] } });
    expect(res.status).toBe(207);
    expect(res.body.rejected.map((i: { index: number; path: string }) => [i.index, i.path])).toEqual([
      [1, "model"],
      [2, "outputTokens"],
      [3, "inputTokens"],
    ]);
    expect(await count(id)).toBe(1);
  });

  it("more than 1,000 runs is 413; bad query parameters are 400; an unknown trace is 404", async () => {
    const many = await call(native.POST, { key, body: { runs: Array.from({ length: 1001 }, () => ({ model: "gpt-4o" })) } });
    expect(many.status).toBe(413);
    const q = await call(native.GET, { key, path: "/api/v1/llm/runs?hours=abc&grade=Z&bogus=1" });
    expect(q.status).toBe(400);
    expect(paths(q.body).sort()).toEqual(["bogus", "grade", "hours"]);
    const missing = await call(trace.GET, { key, params: { traceId: "nope" } });
    expect(missing.status).toBe(404);
  });
});
