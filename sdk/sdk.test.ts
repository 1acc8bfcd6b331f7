/**
 * The SDK against the real app: `next start` (production build) talking to this file's Postgres
 * through a TCP proxy that the test cuts mid-ingestion. What must hold: clients get 503 +
 * Retry-After while the database is away, the SDK buffers on disk, a new client on the same
 * buffer directory replays it once the database is back, and the stored counts equal what was
 * sent — nothing lost, nothing duplicated.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "../server/db/client";
import { makeKey } from "../test/http";
import { startWeb, TcpProxy, type WebProcess } from "../test/app-process";
import { waitFor } from "../test/worker-process";
import { VigilClient, type Command } from "./index";

let web: WebProcess | undefined;
let proxy: TcpProxy | undefined;
let key = "";
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "vigil-sdk-"));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  key = await makeKey(["ingest", "read"]);
  const url = new URL(process.env.DATABASE_URL!);
  proxy = new TcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  await proxy.start();
  web = await startWeb({ DATABASE_URL: proxy.wrap(process.env.DATABASE_URL!), VIGIL_DB_POOL_SIZE: "4" });
}, 90_000);

afterAll(async () => {
  await web?.stop();
  await proxy?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const count = async (sql: string, params: unknown[]) => (await pool().query<{ n: number }>(sql, params)).rows[0]!.n;

describe("SDK against the running app", () => {
  it("database cut mid-ingestion: 503 + Retry-After, buffered on disk, replayed after restart, zero lost, zero duplicated", async () => {
    const bufferDir = tmp();
    const opts = { baseUrl: web!.baseUrl, apiKey: key, agentId: "sdk-outage", bufferDir, attempts: 2, baseDelayMs: 20, maxDelayMs: 200, batchSize: 40, flushIntervalMs: 50, drainIntervalMs: 200, heartbeatIntervalMs: 60_000 };
    let seq = 0;
    const send = (c: VigilClient, n: number) => {
      for (let i = 0; i < n; i++) {
        const v = seq++;
        c.metric({ name: "seq", value: v });
        if (v % 2 === 0) c.event({ type: "tick", message: `#${v}`, metadata: { v } });
      }
    };
    const first = new VigilClient(opts);
    await first.start();
    send(first, 200);
    await first.flush();
    expect(first.stats.buffered).toBe(0);

    await proxy!.stop(); // Postgres gone for the web process
    const raw = await fetch(`${web!.baseUrl}/api/v1/metrics`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ metrics: [{ agentId: "sdk-outage", name: "probe", value: 1 }] }),
    });
    expect(raw.status).toBe(503);
    expect(Number(raw.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await raw.json()).error).toMatch(/database unavailable/);

    send(first, 300);
    await first.flush();
    expect(first.stats.buffered).toBe(450); // 300 metrics + 150 events
    await first.close(); // the agent process "restarts" with Vigil still unreachable
    expect(readdirSync(bufferDir).some((f) => f.endsWith(".ndjson"))).toBe(true);

    await proxy!.start(proxy!.port);
    const second = new VigilClient(opts);
    await second.start();
    send(second, 50); // new data queues behind the replay
    await waitFor("buffer replayed", async () => second.buffer!.isEmpty(), 30_000, 100);
    await second.close();
    expect(second.stats.replayed).toBe(525); // the 450 from the outage plus the 75 new items that queued behind them

    expect(await count("SELECT count(*)::int AS n FROM metrics WHERE agent_id = 'sdk-outage' AND name = 'seq'", [])).toBe(550);
    expect(await count("SELECT count(DISTINCT value)::int AS n FROM metrics WHERE agent_id = 'sdk-outage' AND name = 'seq'", [])).toBe(550);
    expect(await count("SELECT count(*)::int AS n FROM events WHERE agent_id = 'sdk-outage' AND type = 'tick'", [])).toBe(275);
    expect(await count("SELECT count(DISTINCT (metadata->>'v'))::int AS n FROM events WHERE agent_id = 'sdk-outage' AND type = 'tick'", [])).toBe(275);
    expect(await count("SELECT count(*)::int AS n FROM metrics WHERE name = 'probe'", [])).toBe(0);
  }, 90_000);

  it("a replayed metric batch (same Idempotency-Key) stores once", async () => {
    const c = new VigilClient({ baseUrl: web!.baseUrl, apiKey: key, agentId: "sdk-idem", bufferDir: null });
    await c.register();
    const body = { metrics: [{ agentId: "sdk-idem", name: "m", value: 1 }, { agentId: "sdk-idem", name: "m", value: 2 }] };
    const post = () => c.transport.request("POST", "/api/v1/metrics", body, { headers: { "idempotency-key": "batch-0123456789" } });
    expect(await post()).toMatchObject({ accepted: 2, duplicate: false });
    expect(await post()).toMatchObject({ accepted: 2, duplicate: true });
    expect(await count("SELECT count(*)::int AS n FROM metrics WHERE agent_id = 'sdk-idem'", [])).toBe(2);
  });

  it("vigil-run reports start and failure with exit code and duration, and exits with the command's code", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "sdk/bin/vigil-run.ts", "nightly-job", "--", "sh", "-c", "sleep 0.2; exit 3"], {
      env: { ...process.env, VIGIL_URL: web!.baseUrl, VIGIL_API_KEY: key, VIGIL_BUFFER_DIR: tmp() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stderr!.on("data", (d) => (out += String(d)));
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    expect(code, out).toBe(3);
    const { rows } = await pool().query<{ type: string; meta: { exitCode?: number; durationMs?: number } }>(
      "SELECT type, metadata AS meta FROM events WHERE agent_id = 'nightly-job' ORDER BY id",
    );
    expect(rows.map((r) => r.type)).toEqual(["run.started", "run.failed"]);
    expect(rows[1]!.meta.exitCode).toBe(3);
    expect(rows[1]!.meta.durationMs).toBeGreaterThanOrEqual(200);
    expect(await count("SELECT count(*)::int AS n FROM heartbeats WHERE agent_id = 'nightly-job' AND status = 'failed'", [])).toBe(1);
  }, 30_000);
});

describe("SDK protocol details (a stand-in server: the command endpoints land with self-healing)", () => {
  it("runs command handlers once, acks outcome, retries 429 honouring Retry-After, tolerates a missing ack endpoint", async () => {
    const acks: unknown[] = [];
    let heartbeats = 0;
    const commands: Command[] = [
      { id: "c1", type: "restart" },
      { id: "c2", type: "reset" },
      { id: "c3", type: "rotate-logs", params: { keep: 3 } },
      { id: "c4", type: "unknown-thing" },
    ];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        if (req.url!.endsWith("/heartbeats")) {
          heartbeats++;
          if (heartbeats === 1) {
            res.writeHead(429, { "retry-after": "0" }).end("{}");
            return;
          }
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ accepted: true, commands }));
        } else if (req.url === "/api/v1/commands/c4/ack") {
          res.writeHead(404).end("{}");
        } else if (req.url!.startsWith("/api/v1/commands/")) {
          acks.push({ url: req.url, ...JSON.parse(body) });
          res.writeHead(200).end("{}");
        } else res.writeHead(500).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const errors: unknown[] = [];
    const ran: string[] = [];
    try {
      const c = new VigilClient({
        baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
        apiKey: "k",
        agentId: "a",
        bufferDir: null,
        baseDelayMs: 1,
        onError: (e) => errors.push(e),
        commands: {
          restart: () => void ran.push("restart"),
          reset: () => {
            throw new Error("state dir is read-only");
          },
          "rotate-logs": (cmd) => `kept ${cmd.params?.keep}`,
        },
      });
      await c.heartbeat();
      await c.heartbeat(); // the same commands again: not re-run
      expect(heartbeats).toBe(3); // 429 then retried, then the second heartbeat
      expect(ran).toEqual(["restart"]);
      expect(acks).toEqual([
        { url: "/api/v1/commands/c1/ack", status: "succeeded" },
        { url: "/api/v1/commands/c2/ack", status: "failed", message: "state dir is read-only" },
        { url: "/api/v1/commands/c3/ack", status: "succeeded", message: "kept 3" },
      ]);
      expect(errors).toEqual([]); // c4's 404 ack is tolerated silently
    } finally {
      server.close();
    }
  });
});
