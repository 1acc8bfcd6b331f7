/**
 * Acceptance: the real OpenTelemetry OTLP/HTTP exporters (JSON and protobuf, gzip on) against the
 * real route handlers over HTTP, at both OTLP paths. Spans with GenAI attributes become runs in
 * the right tree with exact tokens and cost; a failed span is an error run.
 */
import { context, SpanStatusCode, trace, type Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter as HttpExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { CompressionAlgorithm } from "@opentelemetry/otlp-exporter-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { describe, expect, it } from "vitest";
import { pool } from "../db/client";
import { getTrace } from "./read";
import { useLlmServer } from "../../test/llm-server";

const llm = useLlmServer();

function provider(kind: "http" | "proto", path: string, service: string) {
  const opts = { url: `${llm.server.url}${path}`, headers: { "x-api-key": llm.key }, compression: CompressionAlgorithm.GZIP };
  const exporter = kind === "http" ? new HttpExporter(opts) : new ProtoExporter(opts);
  return new TracerProvider({ resource: resourceFromAttributes({ "service.name": service }), spanProcessors: [new SimpleSpanProcessor({ exporter })] });
}

/** An agent span with three children: a chat call, a reasoning call, and a failed call. */
function emit(tracer: Tracer, legacyNames: boolean): string {
  const root = tracer.startSpan("agent.run");
  const ctx = trace.setSpan(context.active(), root);
  const usage = (input: number, output: number) =>
    legacyNames ? { "gen_ai.usage.prompt_tokens": input, "gen_ai.usage.completion_tokens": output } : { "gen_ai.usage.input_tokens": input, "gen_ai.usage.output_tokens": output };
  const provider = (p: string) => (legacyNames ? { "gen_ai.system": p } : { "gen_ai.provider.name": p });
  const chat = tracer.startSpan("chat gpt-4o", { attributes: { "gen_ai.operation.name": "chat", ...provider("openai"), "gen_ai.request.model": "gpt-4o", "gen_ai.response.model": "gpt-4o-2024-08-06", ...usage(5000, 800), "gen_ai.usage.cache_read.input_tokens": 3000, "gen_ai.response.finish_reasons": ["stop"], "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: "hi" }] }]), "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "hello" }] }]) } }, ctx);
  chat.end();
  const reason = tracer.startSpan("chat o3-mini", { attributes: { "gen_ai.operation.name": "chat", ...provider("openai"), "gen_ai.request.model": "o3-mini", ...usage(1000, 600), "gen_ai.usage.reasoning.output_tokens": 400 } }, ctx);
  reason.end();
  const failed = tracer.startSpan("chat gemini", { attributes: { "gen_ai.operation.name": "chat", ...provider("gcp.gemini"), "gen_ai.request.model": "gemini-2.0-flash" } }, ctx);
  failed.recordException(new Error("quota exceeded"));
  failed.setStatus({ code: SpanStatusCode.ERROR, message: "quota exceeded" });
  failed.end();
  root.end();
  return root.spanContext().traceId;
}

const cases = [
  { kind: "http" as const, path: "/api/public/otel/v1/traces", legacy: false, type: "application/json" },
  { kind: "proto" as const, path: "/api/public/otel/v1/traces", legacy: true, type: "application/x-protobuf" },
  { kind: "proto" as const, path: "/api/langsmith/otel/v1/traces", legacy: false, type: "application/x-protobuf" },
  { kind: "http" as const, path: "/api/langsmith/otel/v1/traces", legacy: true, type: "application/json" },
];

describe("OpenTelemetry exporters → Vigil", () => {
  it.each(cases)("$kind exporter (gzip) at $path, legacy attribute names: $legacy", async ({ kind, path, legacy, type }) => {
    const service = `otel-${kind}-${legacy ? "legacy" : "current"}-${path.includes("langsmith") ? "ls" : "public"}`;
    const p = provider(kind, path, service);
    const before = llm.server.log.length;
    const traceId = emit(p.getTracer("test"), legacy);
    await p.forceFlush();
    await p.shutdown();

    const requests = llm.server.log.slice(before);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.path === path && r.status === 200 && r.encoding === "gzip" && r.contentType?.startsWith(type))).toBe(true);

    const t = await getTrace(pool(), traceId);
    expect(t, "trace stored").not.toBeNull();
    expect(t!.runCount, "every span arrives exactly once").toBe(4);
    expect(t!.roots).toHaveLength(1);
    const root = t!.roots[0]!;
    expect(root.name).toBe("agent.run");
    expect(root.project).toBe(service);
    const byName = Object.fromEntries(root.children.map((c) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(["chat gemini", "chat gpt-4o", "chat o3-mini"]);

    const chat = byName["chat gpt-4o"]!;
    expect(chat).toMatchObject({ model: "gpt-4o-2024-08-06", provider: "openai", runType: "llm", status: "success", finishReason: "stop" });
    expect(chat.tokens).toMatchObject({ input: 5000, output: 800, cacheRead: 3000 });
    // 2000 plain × 2.5 + 3000 cached × 1.25 + 800 out × 10 (per 1M) = 0.005 + 0.00375 + 0.008
    expect(chat.cost).toBe("0.01675");
    expect(chat.inputs).toEqual({ messages: [{ role: "user", parts: [{ type: "text", content: "hi" }] }] });

    const reasoning = byName["chat o3-mini"]!;
    expect(reasoning.tokens).toMatchObject({ input: 1000, output: 600, reasoning: 400 });
    // 1000 × 1.1 + 200 × 4.4 + 400 reasoning × 4.4 = 0.0011 + 0.00088 + 0.00176
    expect(reasoning.cost).toBe("0.00374");

    const failed = byName["chat gemini"]!;
    expect(failed).toMatchObject({ status: "error", error: "quota exceeded", cost: null, unpricedTokens: [] });
    expect(t!.totals.cost).toBe("0.02049");
  });

  it("re-sending the same export stores nothing twice", async () => {
    const p = provider("proto", "/api/public/otel/v1/traces", "otel-retry");
    const tracer = p.getTracer("test");
    const span = tracer.startSpan("chat", { attributes: { "gen_ai.request.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": 100, "gen_ai.usage.output_tokens": 10 } });
    span.end();
    await p.forceFlush();
    const traceId = span.spanContext().traceId;
    // Export the same finished span again, as an exporter retry would.
    const exporter = new ProtoExporter({ url: `${llm.server.url}/api/public/otel/v1/traces`, headers: { "x-api-key": llm.key } });
    await new Promise<void>((resolve) => exporter.export([span as never], () => resolve()));
    await exporter.shutdown();
    await p.shutdown();
    const t = await getTrace(pool(), traceId);
    expect(t!.runCount).toBe(1);
    expect(t!.roots[0]!.cost).toBe("0.000021");
  });
});
