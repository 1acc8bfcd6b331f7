/** Builds multipart/form-data bodies the way LangSmith's clients do (tests only). */
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
