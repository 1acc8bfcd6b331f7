/**
 * npm run import -- <file.ndjson|file.csv> [--chunk 500] [--restart]
 *
 * Imports agents, heartbeats, metrics and events (one record per NDJSON line or CSV row, kind in
 * `record`; see docs/import-export.md) straight into the database: DATABASE_URL, or the embedded
 * database of a running `npm start`. Records are validated one by one and stored in chunks; rejects
 * are printed with their line numbers and written to <file>.rejects.ndjson.
 *
 * Resumable: after each committed chunk the last line done is written to <file>.checkpoint.json;
 * a re-run continues after it (--restart ignores it). Idempotent: a chunk committed just before a
 * crash and imported again on resume stores nothing twice (content-hash batch keys, event ids,
 * agent upserts), and importing the same file twice is harmless too.
 * Exit code: 0 all imported, 3 finished with rejects, 2 usage/IO error.
 */
import { createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { parse as csvParse } from "csv-parse";
import { config, dataDir } from "../server/config";
import { closeDb, db } from "../server/db/client";
import { embeddedUrl } from "../server/db/embedded";
import { importChunk, MAX_IMPORT_CHUNK, csvRowToRecord, type Reject, type SourceRecord } from "../server/transfer/records";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
const chunkArg = args.indexOf("--chunk");
const chunkSize = chunkArg >= 0 ? Number(args[chunkArg + 1]) : 500;
if (!file || !existsSync(file) || !(Number.isInteger(chunkSize) && chunkSize > 0 && chunkSize <= MAX_IMPORT_CHUNK)) {
  console.error(`usage: npm run import -- <file.ndjson|file.csv> [--chunk 1-${MAX_IMPORT_CHUNK}] [--restart]${file && !existsSync(file) ? `\nno such file: ${file}` : ""}`);
  process.exit(2);
}
const csv = /\.csv$/i.test(file);
const checkpointFile = `${file}.checkpoint.json`;
const rejectsFile = `${file}.rejects.ndjson`;
const stat = statSync(file);

interface Checkpoint {
  size: number;
  mtimeMs: number;
  line: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}
let cp: Checkpoint = { size: stat.size, mtimeMs: stat.mtimeMs, line: 0, accepted: 0, duplicates: 0, rejected: 0 };
if (!args.includes("--restart") && existsSync(checkpointFile)) {
  const saved = JSON.parse(readFileSync(checkpointFile, "utf8")) as Checkpoint;
  if (saved.size === stat.size && saved.mtimeMs === stat.mtimeMs) {
    cp = saved;
    console.log(`resuming after line ${cp.line} (checkpoint ${checkpointFile}; --restart to start over)`);
  } else {
    console.log("the file changed since the checkpoint was written: starting over");
  }
}
if (cp.line === 0) rmSync(rejectsFile, { force: true });

const url = config().DATABASE_URL ?? embeddedUrl(path.join(dataDir(), "pg"));
if (!url) {
  console.error("no DATABASE_URL and no embedded database yet: run `npm start` first (or set DATABASE_URL)");
  process.exit(2);
}
process.env.DATABASE_URL = url;

let shown = 0;
function report(rejects: Reject[]): void {
  for (const r of rejects) {
    appendFileSync(rejectsFile, JSON.stringify(r) + "\n");
    if (shown++ < 20) console.error(`  line ${r.line}: ${r.path ? `${r.path}: ` : ""}${r.message}`);
  }
  cp.rejected += rejects.length;
}

async function flush(chunk: SourceRecord[], parseRejects: Reject[], lastLine: number): Promise<void> {
  const r = chunk.length ? await importChunk(db(), chunk) : { accepted: 0, duplicates: 0, rejected: [] };
  report([...parseRejects, ...r.rejected].sort((a, b) => a.line - b.line));
  cp.accepted += r.accepted;
  cp.duplicates += r.duplicates;
  cp.line = lastLine;
  writeFileSync(checkpointFile, JSON.stringify(cp));
}

async function* ndjsonRecords(): AsyncGenerator<{ line: number; value?: unknown; reject?: Reject }> {
  const rl = readline.createInterface({ input: createReadStream(file!), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of rl) {
    line++;
    if (line <= cp.line || raw.trim() === "") continue;
    try {
      yield { line, value: JSON.parse(raw) };
    } catch (e) {
      yield { line, reject: { line, path: "", message: `malformed JSON: ${(e as Error).message}` } };
    }
  }
}

async function* csvRecords(): AsyncGenerator<{ line: number; value?: unknown; reject?: Reject }> {
  const parser = createReadStream(file!).pipe(csvParse({ columns: true, skip_empty_lines: true, info: true, bom: true }));
  for await (const r of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    if (r.info.lines <= cp.line) continue;
    yield { line: r.info.lines, value: csvRowToRecord(r.record) };
  }
}

const started = Date.now();
let chunk: SourceRecord[] = [];
let parseRejects: Reject[] = [];
let last = cp.line;
try {
  for await (const r of csv ? csvRecords() : ndjsonRecords()) {
    if (r.reject) parseRejects.push(r.reject);
    else chunk.push({ line: r.line, value: r.value });
    last = r.line;
    if (chunk.length >= chunkSize) {
      await flush(chunk, parseRejects, last);
      chunk = [];
      parseRejects = [];
    }
  }
  await flush(chunk, parseRejects, last);
} catch (e) {
  console.error(`import stopped at line ${last}: ${(e as Error).message}\nprogress is saved in ${checkpointFile}; run the same command again to resume.`);
  await closeDb();
  process.exit(1);
}
await closeDb();
rmSync(checkpointFile, { force: true });
const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(`imported ${cp.accepted} records (${cp.duplicates} already present) in ${secs} s; ${cp.rejected} rejected${cp.rejected ? ` (all listed in ${rejectsFile})` : ""}`);
process.exit(cp.rejected ? 3 : 0);
