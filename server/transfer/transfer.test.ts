import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as dashboardExport from "@/app/export/route";
import * as exportRoute from "@/app/api/v1/export/route";
import * as importRoute from "@/app/api/v1/import/route";
import { db, pool } from "../db/client";
import { call, makeKey } from "../../test/http";
import { userWithSession } from "../../test/sessions";

let key = "";
let readKey = "";
const dir = mkdtempSync(path.join(os.tmpdir(), "vigil-import-"));
beforeAll(async () => {
  key = await makeKey(["ingest"]);
  readKey = await makeKey(["read"]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ts = (minAgo: number) => new Date(Date.now() - minAgo * 60_000).toISOString();
const n = async (sql: string) => (await pool().query<{ n: number }>(sql)).rows[0]!.n;

const ndjson = [
  JSON.stringify({ record: "agent", id: "imp-a", name: "Imported A", heartbeatIntervalSeconds: 60 }),
  JSON.stringify({ record: "metric", agentId: "imp-a", name: "cpu", value: 1.5, timestamp: ts(10) }),
  "{not json",
  JSON.stringify({ record: "metric", agentId: "imp-a", name: "cpu", value: "NaN", timestamp: ts(9) }),
  "",
  JSON.stringify({ record: "event", id: "imp-e1", agentId: "imp-a", type: "deploy", message: "v1", severity: "info", timestamp: ts(8) }),
  JSON.stringify({ record: "heartbeat", agentId: "imp-a", status: "ok", timestamp: ts(7), metrics: { cpu: 2 } }),
  JSON.stringify({ record: "metric", agentId: "nobody", name: "cpu", value: 1 }),
  JSON.stringify({ record: "llm_run", model: "x" }),
].join("\n");

describe("POST /api/v1/import", () => {
  it("stores valid records, reports each reject with its line, and is idempotent", async () => {
    const post = () => call(importRoute.POST, { key, path: "/api/v1/import", body: ndjson, headers: { "content-type": "application/x-ndjson" } });
    const r = await post();
    expect(r.status).toBe(207);
    expect(r.body.accepted).toBe(4);
    expect(r.body.rejected.map((x: { line: number; path: string }) => [x.line, x.path])).toEqual([
      [3, ""],
      [4, "value"],
      [8, "agentId"],
      [9, "record"],
    ]);
    const again = await post();
    expect(again.body).toMatchObject({ accepted: 4, duplicates: 3 }); // the agent upsert is not a duplicate
    expect(await n("SELECT count(*)::int AS n FROM metrics WHERE agent_id = 'imp-a'")).toBe(1);
    expect(await n("SELECT count(*)::int AS n FROM events WHERE agent_id = 'imp-a'")).toBe(1);
    expect(await n("SELECT count(*)::int AS n FROM heartbeats WHERE agent_id = 'imp-a'")).toBe(1);
    expect((await db().agent.findUnique({ where: { id: "imp-a" } }))?.lastHeartbeatAt).toBeNull(); // history does not fake liveness
  });

  it("CSV with typed columns; nothing valid → 400 in the error shape", async () => {
    const csv = `record,agentId,name,value,timestamp,metadata\nmetric,imp-a,mem,42,${ts(5)},"{""h"":1}"\nmetric,imp-a,mem,abc,${ts(5)},\n`;
    const r = await call(importRoute.POST, { key, path: "/api/v1/import", body: csv, headers: { "content-type": "text/csv" } });
    expect(r.status).toBe(207);
    expect(r.body.rejected).toEqual([{ line: 3, path: "value", message: expect.stringMatching(/finite number/) }]);
    const bad = await call(importRoute.POST, { key, path: "/api/v1/import", body: '{"record":"event"}', headers: { "content-type": "application/x-ndjson" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBeTruthy();
    expect(bad.body.issues.length).toBeGreaterThan(0);
  });
});

describe("export", () => {
  it("streams NDJSON and CSV that import back to the same rows (round trip, idempotent)", async () => {
    const nd = await call(exportRoute.GET, { key: readKey, path: "/api/v1/export?type=metrics&format=ndjson&agentId=imp-a&hours=1" });
    expect(nd.status).toBe(200);
    const lines = (nd.body as string).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ record: "metric", agentId: "imp-a", name: "cpu", value: 1.5 });
    expect((await call(dashboardExport.GET, { path: "/export?type=events&format=csv&hours=1" })).status).toBe(401); // dashboard link needs a session
    const viewer = await userWithSession("viewer");
    const csv = await call(dashboardExport.GET, { path: "/export?type=events&format=csv&hours=1", headers: { cookie: viewer.cookie } });
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="vigil-events-.*\.csv"/);
    expect((csv.body as string).split("\n")[0]).toBe("record,id,agentId,type,severity,message,timestamp,metadata");
    for (const [body, type] of [[nd.body, "application/x-ndjson"], [csv.body, "text/csv"]] as const) {
      const back = await call(importRoute.POST, { key, path: "/api/v1/import", body, headers: { "content-type": type } });
      expect(back.body.rejected).toEqual([]);
      expect(back.body.duplicates).toBe(back.body.accepted);
    }
    expect((await call(exportRoute.GET, { path: "/api/v1/export?type=metrics" })).status).toBe(401);
    const bad = await call(exportRoute.GET, { key: readKey, path: "/api/v1/export?type=secrets" });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe("type");
  });

  it("pages through more rows than one page, oldest first, each once", async () => {
    await pool().query(
      "INSERT INTO metrics (agent_id, name, value, timestamp) SELECT 'imp-a', 'many', g, now() - interval '30 minutes' + (g % 50) * interval '1 ms' FROM generate_series(1, 4500) g",
    );
    const r = await call(exportRoute.GET, { key: readKey, path: "/api/v1/export?type=metrics&format=csv&hours=1" });
    const rows = (r.body as string).trim().split("\n").slice(1).filter((l) => l.includes(",many,"));
    expect(rows).toHaveLength(4500);
    expect(new Set(rows.map((l) => l.split(",")[3])).size).toBe(4500);
  });
});

describe("npm run import", () => {
  it("imports a file, resumes from its checkpoint after a failure, and never duplicates", () => {
    const file = path.join(dir, "data.ndjson");
    const lines = [JSON.stringify({ record: "agent", id: "cli-a" })];
    for (let i = 0; i < 1200; i++) lines.push(JSON.stringify({ record: i % 3 ? "metric" : "event", ...(i % 3 ? { name: "m", value: i } : { id: `cli-${i}`, type: "t", message: "m", severity: "info" }), agentId: "cli-a", timestamp: ts(1) }));
    lines.push('{"record":"metric"}');
    writeFileSync(file, lines.join("\n") + "\n");
    const first = spawnSync(process.execPath, ["--import", "tsx", "scripts/import.ts", file, "--chunk", "250"], { encoding: "utf8" });
    expect(first.status, first.stderr).toBe(3);
    expect(first.stdout).toMatch(/imported 1201 records \(0 already present\)/);
    expect(first.stderr).toMatch(/line 1202: agentId: required field is missing/);
    expect(readFileSync(`${file}.rejects.ndjson`, "utf8").trim().split("\n").map((l) => JSON.parse(l).line)).toEqual([1202, 1202, 1202]); // agentId, name, value
    expect(existsSync(`${file}.checkpoint.json`)).toBe(false);

    // A checkpoint as left by a run that had committed the first 500 lines when it died.
    const { size, mtimeMs } = statSync(file);
    writeFileSync(`${file}.checkpoint.json`, JSON.stringify({ size, mtimeMs, line: 500, accepted: 500, duplicates: 0, rejected: 0 }));
    const resumed = spawnSync(process.execPath, ["--import", "tsx", "scripts/import.ts", file, "--chunk", "250"], { encoding: "utf8" });
    expect(resumed.stdout).toMatch(/resuming after line 500/);
    expect(resumed.stdout).toMatch(/imported 1201 records \(701 already present\)/);
  }, 60_000);

  it("the data is there exactly once", async () => {
    expect(await n("SELECT count(*)::int AS n FROM metrics WHERE agent_id = 'cli-a'")).toBe(800);
    expect(await n("SELECT count(*)::int AS n FROM events WHERE agent_id = 'cli-a'")).toBe(400);
  });
});

describe("CSV exports and formula injection", () => {
  const messages = ["=1+1", "+SUM(A1)", "-2+3", "@SUM(1)", "\t=1+1", "\r=1+1", "'=already quoted", "plain text", "a=b"];

  it("neutralises formula-like strings, keeps negative numbers, and npm run import restores the exact values", async () => {
    const records = [
      { record: "agent", id: "csv-a" },
      ...messages.map((message, i) => ({ record: "event", id: `csv-e${i}`, agentId: "csv-a", type: i ? "note" : "=cmd", message, severity: "info", timestamp: ts(5) })),
      { record: "metric", agentId: "csv-a", name: "=cpu", value: -3.5, unit: "@u", timestamp: ts(5) },
    ];
    const r = await call(importRoute.POST, { key, path: "/api/v1/import", body: records.map((x) => JSON.stringify(x)).join("\n"), headers: { "content-type": "application/x-ndjson" } });
    expect(r.body).toMatchObject({ accepted: records.length, rejected: [] });

    const events = (await call(exportRoute.GET, { key: readKey, path: "/api/v1/export?type=events&format=csv&agentId=csv-a&hours=1" })).body as string;
    const metrics = (await call(exportRoute.GET, { key: readKey, path: "/api/v1/export?type=metrics&format=csv&agentId=csv-a&hours=1" })).body as string;
    const rows = parseCsv(events, { columns: true }) as Record<string, string>[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    messages.forEach((m, i) => {
      const cell = byId.get(`csv-e${i}`)!.message!;
      // What a spreadsheet would run gets a leading quote; everything else is untouched.
      expect(cell).toBe(/^'*[=+\-@\t\r]/.test(m) ? `'${m}` : m);
    });
    expect(byId.get("csv-e0")!.type).toBe("'=cmd");
    // Neutralised cells are double-quoted too; the negative number is a plain number.
    expect(events).toContain(`,"'=1+1",`);
    expect(metrics.split("\n")[1]).toMatch(/^metric,csv-a,"'=cpu",-3\.5,"'@u",/);

    // Import the exports into a database without these rows: the original values come back.
    await pool().query("DELETE FROM events WHERE agent_id = 'csv-a'");
    await pool().query("DELETE FROM metrics WHERE agent_id = 'csv-a'");
    for (const [name, body] of [["events.csv", events], ["metrics.csv", metrics]] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, body);
      const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/import.ts", file], { encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
    }
    const stored = await pool().query<{ client_id: string; type: string; message: string }>("SELECT client_id, type, message FROM events WHERE agent_id = 'csv-a' ORDER BY client_id");
    expect(new Map(stored.rows.map((e) => [e.client_id, e.message]))).toEqual(new Map(messages.map((m, i) => [`csv-e${i}`, m])));
    expect(stored.rows.find((e) => e.client_id === "csv-e0")?.type).toBe("=cmd");
    const metric = await pool().query<{ name: string; value: number; unit: string }>("SELECT name, value, unit FROM metrics WHERE agent_id = 'csv-a'");
    expect(metric.rows).toEqual([{ name: "=cpu", value: -3.5, unit: "@u" }]);
  }, 60_000);
});
