import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DiskBuffer } from "./buffer";
import { backoffMs, parseRetryAfter } from "./transport";

const dir = mkdtempSync(path.join(os.tmpdir(), "vigil-buf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("DiskBuffer", () => {
  it("is FIFO across segments and across instances (a restarted agent resumes where it stopped)", () => {
    const d = path.join(dir, "fifo");
    const a = new DiskBuffer(d, 64 * 1024);
    for (let i = 0; i < 100; i++) a.append({ kind: "events", key: `k${i}`, items: [{ i, pad: "x".repeat(100) }] });
    for (let i = 0; i < 30; i++) {
      expect(a.peek()!.key).toBe(`k${i}`);
      a.shift();
    }
    const b = new DiskBuffer(d, 64 * 1024);
    const seen: string[] = [];
    for (let r = b.peek(); r; r = b.peek()) (seen.push(r.key), b.shift());
    expect(seen).toEqual(Array.from({ length: 70 }, (_, i) => `k${i + 30}`));
    expect(b.isEmpty()).toBe(true);
  });

  it("stays under its size limit by dropping the oldest records, counted", () => {
    const b = new DiskBuffer(path.join(dir, "bounded"), 16 * 1024);
    for (let i = 0; i < 400; i++) b.append({ kind: "metrics", key: `k${i}`, items: [{ pad: "y".repeat(200) }] });
    expect(b.size()).toBeLessThanOrEqual(16 * 1024 + 4096);
    expect(b.dropped.records).toBeGreaterThan(300);
    expect(b.dropped.items).toBe(b.dropped.records);
    const first = Number(b.peek()!.key.slice(1));
    expect(first).toBe(b.dropped.records); // exactly the oldest ones went
  });
});

describe("retry timing", () => {
  it("Retry-After in seconds or as an HTTP date", () => {
    expect(parseRetryAfter("5")).toBe(5000);
    expect(parseRetryAfter(new Date(Date.now() + 3000).toUTCString(), Date.now())).toBeGreaterThan(1000);
    expect(parseRetryAfter("soon")).toBeNull();
  });
  it("full jitter: within [0, min(max, base·2^n)]", () => {
    expect(backoffMs(3, 100, 10_000, () => 1)).toBe(800);
    expect(backoffMs(20, 100, 10_000, () => 1)).toBe(10_000);
    expect(backoffMs(3, 100, 10_000, () => 0)).toBe(0);
  });
});
