import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Bounded on-disk FIFO of pending requests while Vigil is unreachable: NDJSON segment files
 * (`<seq>.ndjson`, one record per line) under `dir`, plus a `cursor` file with the number of
 * lines of the oldest segment already delivered. Synchronous fs calls keep ordering trivially
 * correct and survive a crash between any two steps: at worst one record is delivered twice,
 * which ids / idempotency keys make harmless. When the total size exceeds `maxBytes`, whole
 * oldest segments are dropped and counted in `dropped` (newest data is the most useful).
 */
export interface BufferedRecord {
  kind: "metrics" | "events";
  /** Idempotency key of the batch (metrics) — events carry their own ids. */
  key: string;
  items: unknown[];
}

export class DiskBuffer {
  dropped = { records: 0, items: 0 };
  private seq: number;
  private readonly segmentBytes: number;

  constructor(
    readonly dir: string,
    readonly maxBytes = 50 * 1024 * 1024,
  ) {
    mkdirSync(dir, { recursive: true });
    // Small segments: replay reads the oldest segment once per record, and the limit drops whole segments.
    this.segmentBytes = Math.max(4096, Math.min(1024 * 1024, Math.floor(maxBytes / 8)));
    const segs = this.segments();
    this.seq = segs.length ? segs[segs.length - 1]! : 0;
  }

  private segments(): number[] {
    return readdirSync(this.dir)
      .filter((f) => /^\d+\.ndjson$/.test(f))
      .map((f) => Number(f.slice(0, -7)))
      .sort((a, b) => a - b);
  }

  private file(seq: number): string {
    return path.join(this.dir, `${String(seq).padStart(12, "0")}.ndjson`);
  }

  private get cursorFile(): string {
    return path.join(this.dir, "cursor");
  }

  size(): number {
    return this.segments().reduce((n, s) => n + statSync(this.file(s)).size, 0);
  }

  isEmpty(): boolean {
    return this.peek() === null;
  }

  append(record: BufferedRecord): void {
    const line = JSON.stringify(record) + "\n";
    if (this.seq === 0 || !existsSync(this.file(this.seq)) || statSync(this.file(this.seq)).size + line.length > this.segmentBytes) this.seq++;
    appendFileSync(this.file(this.seq), line);
    this.enforceLimit();
  }

  private enforceLimit(): void {
    let total = this.size();
    for (const s of this.segments()) {
      if (total <= this.maxBytes || s === this.seq) break;
      const f = this.file(s);
      const lines = this.lines(s).slice(this.cursorFor(s));
      this.dropped.records += lines.length;
      this.dropped.items += lines.reduce((n, l) => n + ((JSON.parse(l) as BufferedRecord).items?.length ?? 0), 0);
      total -= statSync(f).size;
      rmSync(f);
      if (this.cursorSeq() === s) rmSync(this.cursorFile, { force: true });
    }
  }

  private lines(seq: number): string[] {
    return readFileSync(this.file(seq), "utf8").split("\n").filter(Boolean);
  }

  private cursorSeq(): number | null {
    if (!existsSync(this.cursorFile)) return null;
    const [seq] = readFileSync(this.cursorFile, "utf8").split(" ");
    return Number(seq);
  }

  private cursorFor(seq: number): number {
    if (!existsSync(this.cursorFile)) return 0;
    const [s, n] = readFileSync(this.cursorFile, "utf8").split(" ").map(Number);
    return s === seq ? n! : 0;
  }

  /** The oldest undelivered record, or null. */
  peek(): BufferedRecord | null {
    for (const s of this.segments()) {
      const lines = this.lines(s);
      const done = this.cursorFor(s);
      if (done < lines.length) return JSON.parse(lines[done]!) as BufferedRecord;
      // Fully delivered segment: only the open one is kept (appends continue there).
      if (s !== this.seq) {
        rmSync(this.file(s));
        rmSync(this.cursorFile, { force: true });
      }
    }
    return null;
  }

  /** Marks the record returned by peek() as delivered. */
  shift(): void {
    const s = this.segments().find((seq) => this.cursorFor(seq) < this.lines(seq).length);
    if (s === undefined) return;
    const n = this.cursorFor(s) + 1;
    if (n >= this.lines(s).length && s !== this.seq) {
      rmSync(this.file(s));
      rmSync(this.cursorFile, { force: true });
    } else {
      writeFileSync(this.cursorFile, `${s} ${n}`);
    }
  }
}
