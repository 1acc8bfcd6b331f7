/** LLM ingestion payloads the way clients send them (tests only): LangSmith multipart bodies and runs, OTLP spans. */
import { gzipSync } from "node:zlib";

export interface TestPart {
  name: string;
  value: unknown;
  /** Raw text instead of JSON.stringify(value). */
  raw?: boolean;
}

export function multipart(parts: readonly TestPart[], opts: { gzip?: boolean; boundary?: string } = {}): { body: Uint8Array<ArrayBuffer>; headers: Record<string, string> } {
  const boundary = opts.boundary ?? `----VigilTest${Math.random().toString(36).slice(2)}`;
  const chunks: string[] = [];
  for (const p of parts) {
    const data = p.raw ? String(p.value) : JSON.stringify(p.value);
    chunks.push(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\nContent-Type: application/json; length=${Buffer.byteLength(data)}\r\n\r\n${data}\r\n`);
  }
  chunks.push(`--${boundary}--\r\n`);
  const raw = Buffer.from(chunks.join(""));
  const headers: Record<string, string> = { "content-type": `multipart/form-data; boundary=${boundary}` };
  if (opts.gzip) headers["content-encoding"] = "gzip";
  return { body: new Uint8Array(opts.gzip ? gzipSync(raw) : raw), headers };
}

/** A LangSmith-style dotted_order segment for a run started at `at`. */
export function segment(at: Date, id: string): string {
  const iso = at.toISOString(); // 2026-01-01T00:00:00.123Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${iso.slice(20, 23)}000Z${id}`;
}

/** An OTLP/JSON span with GenAI attributes (model, input tokens), ended now; `over` replaces fields. */
export function otlpSpan(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    traceId: "5b8efff798038103d269b633813fc60c",
    spanId: "eee19b7ec3c1b174",
    name: "chat",
    startTimeUnixNano: String(BigInt(Date.now() - 1000) * 1_000_000n),
    endTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
    attributes: [{ key: "gen_ai.request.model", value: { stringValue: "gpt-4o" } }, { key: "gen_ai.usage.input_tokens", value: { intValue: "10" } }],
    ...over,
  };
}

/** An OTLP/JSON ExportTraceServiceRequest carrying `spans` under one resource and scope. */
export function otlpExport(spans: unknown[], scope = "t"): Record<string, unknown> {
  return { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: scope }, spans }] }] };
}
