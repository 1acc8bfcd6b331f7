/**
 * Generators for the fuzz test (server/http/fuzz.test.ts): a seeded PRNG so a failing run
 * reproduces with FUZZ_SEED=<seed>, hostile values, structural mutations of a valid template,
 * and whole-body attacks (truncated JSON, wrong content types, oversized bodies, gzip bombs,
 * broken multipart, invalid protobuf).
 */
import { gzipSync } from "node:zlib";

// The same seeded mulberry32 as the anomaly benchmark: the point is reproducibility (FUZZ_SEED).
import { prng } from "../server/anomalies/benchmark";
export { prng };

export type Rand = () => number;
export const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

function nested(depth: number): unknown {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < depth; i++) v = { n: v };
  return v;
}

/** Values that are wrong, extreme or hostile wherever they land. */
const HOSTILE_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1e308,
  -1e308,
  2 ** 53 + 1,
  Number.MIN_VALUE,
  "",
  " ",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e999",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\uffff\ufffe",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🚀 مرحبا",
  "'; DROP TABLE agents; --",
  "1 OR 1=1",
  "$1::text",
  "%s%s%s%n",
  "../../../etc/passwd",
  "<script>alert(1)</script>",
  "x".repeat(70_000),
  "2026-13-45T25:61:61Z",
  "-000001-01-01T00:00:00Z",
  "9999-12-31T23:59:59.999Z",
  [],
  [null],
  {},
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  nested(200),
  Array.from({ length: 2_000 }, (_, i) => i),
];

const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "", "\u0000", "a.b", "toString", "x".repeat(5_000)] as const;

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** All (container, key) slots of a JSON value. */
function slots(v: unknown, out: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = []): typeof out {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push({ parent: v, key: i }), slots(x, out)));
  else if (v && typeof v === "object") for (const k of Object.keys(v)) out.push({ parent: v as Record<string, unknown>, key: k }), slots((v as Record<string, unknown>)[k], out);
  return out;
}

/** A fresh copy of a hostile value (shared objects would let one case's mutation leak into the next). */
function hostile(r: Rand): unknown {
  const v = pick(r, HOSTILE_VALUES);
  return v !== null && typeof v === "object" ? clone(v) : v;
}

/** One to three mutations of a valid template: replace a value, delete it, add a hostile key, or swap the whole body. */
export function mutate(r: Rand, template: unknown): unknown {
  if (r() < 0.08) return hostile(r);
  const v = clone(template);
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const all = slots(v);
    if (!all.length) break;
    const s = pick(r, all);
    const op = r();
    if (op < 0.6) (s.parent as Record<string | number, unknown>)[s.key] = hostile(r);
    else if (op < 0.75 && !Array.isArray(s.parent)) delete (s.parent as Record<string, unknown>)[s.key as string];
    else {
      const target = (s.parent as Record<string | number, unknown>)[s.key];
      if (target && typeof target === "object" && !Array.isArray(target)) {
        // defineProperty so "__proto__" becomes an own key, as JSON.parse would make it.
        Object.defineProperty(target, pick(r, HOSTILE_KEYS), { value: hostile(r), enumerable: true, writable: true, configurable: true });
      } else (s.parent as Record<string | number, unknown>)[s.key] = hostile(r);
    }
  }
  return v;
}

interface RawBody {
  body: string | Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
  label: string;
}

let bomb: Uint8Array<ArrayBuffer> | null = null;
/** 64 MB of JSON-ish zeros gzipped to ~64 KB: the body limit must apply after decompression. */
function gzipBomb(): Uint8Array<ArrayBuffer> {
  bomb ??= new Uint8Array(gzipSync(Buffer.concat([Buffer.from('{"metrics":["'), Buffer.alloc(64 * 1024 * 1024, 48), Buffer.from('"]}')])));
  return bomb;
}

/** Whole-body attacks that do not depend on the endpoint's schema (the template only seeds truncation). */
export function rawAttack(r: Rand, template: unknown): RawBody {
  const json = JSON.stringify(template);
  const j = { "content-type": "application/json" };
  const attacks: (() => RawBody)[] = [
    () => ({ label: "truncated JSON", body: json.slice(0, Math.max(1, Math.floor(r() * json.length))), headers: j }),
    () => ({ label: "not JSON", body: "hello, world", headers: j }),
    () => ({ label: "empty body", body: "", headers: j }),
    () => ({ label: "JSON with 1e999 (Infinity)", body: json.replace(/:(\s*)(-?\d+(\.\d+)?)/, ":1e999"), headers: j }),
    () => ({ label: "NaN literal", body: json.replace(/:(\s*)(-?\d+(\.\d+)?)/, ":NaN"), headers: j }),
    () => ({ label: "deeply nested JSON (50k)", body: "[".repeat(50_000) + "]".repeat(50_000), headers: j }),
    () => ({ label: "deeply nested object (3k)", body: '{"a":'.repeat(3_000) + "1" + "}".repeat(3_000), headers: j }),
    () => ({ label: "oversized body (2 MB)", body: JSON.stringify({ pad: "x".repeat(2 * 1024 * 1024) }), headers: j }),
    () => ({ label: "gzip bomb", body: gzipBomb(), headers: { ...j, "content-encoding": "gzip" } }),
    () => ({ label: "bad gzip", body: new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef]), headers: { ...j, "content-encoding": "gzip" } }),
    () => ({ label: "unknown encoding", body: json, headers: { ...j, "content-encoding": "br-zstd-lol" } }),
    () => ({ label: "wrong content type (xml)", body: "<a>1</a>", headers: { "content-type": "application/xml" } }),
    () => ({ label: "text/plain JSON", body: json, headers: { "content-type": "text/plain" } }),
    () => ({ label: "invalid UTF-8", body: new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]), headers: j }),
    () => ({ label: "NUL bytes in JSON string", body: json.replace(/"([^"]*)"/, '"\\u0000$1"'), headers: j }),
    () => ({ label: "lone surrogate escape", body: json.replace(/"([^"]*)"/, '"\\ud800$1"'), headers: j }),
    () => ({ label: "duplicate __proto__ key", body: json.replace(/^\{/, '{"__proto__":{"polluted":true},'), headers: j }),
    () => ({ label: "multipart, no boundary", body: "--x\r\n\r\n", headers: { "content-type": "multipart/form-data" } }),
    () => ({ label: "multipart, wrong boundary", body: `--other\r\nContent-Disposition: form-data; name="post.x"\r\n\r\n{}\r\n--other--\r\n`, headers: { "content-type": "multipart/form-data; boundary=abc" } }),
    () => ({ label: "multipart, unterminated", body: `--b\r\nContent-Disposition: form-data; name="post.${"9".repeat(36)}"\r\n\r\n{"id":`, headers: { "content-type": "multipart/form-data; boundary=b" } }),
    () => ({ label: "multipart, huge boundary", body: "x", headers: { "content-type": `multipart/form-data; boundary=${"b".repeat(500)}` } }),
    () => ({ label: "invalid protobuf", body: new Uint8Array(Array.from({ length: 64 }, () => Math.floor(r() * 256))), headers: { "content-type": "application/x-protobuf" } }),
    () => ({ label: "protobuf, truncated varint", body: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), headers: { "content-type": "application/x-protobuf" } }),
    () => ({ label: "NDJSON garbage", body: '{"record":"metric"\n\u0000\n[1,2\n', headers: { "content-type": "application/x-ndjson" } }),
    () => ({ label: "CSV garbage", body: 'record,agentId\n"unterminated,\u0000\n', headers: { "content-type": "text/csv" } }),
  ];
  return pick(r, attacks)();
}

/** Hostile query strings for GET endpoints. */
export function hostileQuery(r: Rand): string {
  const keys = ["agentId", "name", "minutes", "hours", "limit", "cursor", "severity", "type", "status", "metric", "format", "since", "traceId", "model", "project", "grade", "kind", "__proto__", "constructor"];
  const vals = ["-1", "0", "1e999", "NaN", "Infinity", "abc", "%00", "%27%3B%20DROP%20TABLE%20agents%3B--", "9".repeat(400), "%E0%A4%A", "%ud800", encodeURIComponent("x".repeat(3000)), "[]", "{}", "true", "", "2026-13-45"];
  const n = 1 + Math.floor(r() * 4);
  return Array.from({ length: n }, () => `${pick(r, keys)}=${pick(r, vals)}`).join("&");
}
