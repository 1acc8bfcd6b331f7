/**
 * npm run doctor — is this Vigil ready? Each check prints ✓ or ✗ with a reason; exit code 1 if any ✗.
 * Works against DATABASE_URL, or the embedded cluster that `npm start` runs under VIGIL_DATA_DIR.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { BUILTIN_AGENTS } from "../server/agents/roster";
import { config, dataDir } from "../server/config";
import { embeddedUrl } from "../server/db/embedded";
import { readEmbeddedStatus } from "../server/db/embedded-supervisor";
import { migrationChecksum, readMigrations } from "../server/db/schema-engine";
import { requiredViews } from "../server/db/views";
import { readRunbooks } from "../server/help/runbooks";

type Check = { name: string; ok: boolean; detail: string };
const results: Check[] = [];
const check = (name: string, ok: boolean, detail: string) => results.push({ name, ok, detail });

async function main(): Promise<void> {
  const major = Number(process.versions.node.split(".")[0]);
  check("Node.js", major >= 20, `v${process.versions.node}${major >= 20 ? "" : " (need ≥ 20)"}`);

  let cfg;
  try {
    cfg = config();
    check("Environment", true, `PORT=${cfg.PORT}, data dir ${cfg.VIGIL_DATA_DIR}${cfg.LLM_BASE_URL ? ", LLM configured" : ""}`);
  } catch (e) {
    check("Environment", false, (e as Error).message.replace(/\n/g, " "));
    return;
  }

  const embeddedDir = path.join(dataDir(), "pg");
  const url = cfg.DATABASE_URL ?? embeddedUrl(embeddedDir);
  if (!url) {
    check("Database connectivity", false, "no DATABASE_URL and the embedded database has never been started: run `npm start`");
    return;
  }
  const supervised = cfg.DATABASE_URL ? null : supervisorView(embeddedDir);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const v = await client.query<{ server_version: string }>("SHOW server_version");
    check("Database connectivity", true, `PostgreSQL ${v.rows[0]!.server_version} (${cfg.DATABASE_URL ? "DATABASE_URL" : "embedded"})${supervised?.history ?? ""}`);
  } catch (e) {
    check("Database connectivity", false, `${(e as Error).message}${cfg.DATABASE_URL ? "" : supervised?.down ?? " — is `npm start` running?"}`);
    // The web app still answers while the database is away: say what it reports.
    await checkWeb(cfg.PORT);
    return;
  }
  try {
    await checkDatabase(client, cfg.PORT);
  } finally {
    await client.end();
  }
}

async function checkDatabase(client: pg.Client, port: number): Promise<void> {
  const { names, list } = readMigrations();
  try {
    const rows = (await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations",
    )).rows.filter((r) => !r.rolled_back_at);
    const applied = new Map(rows.filter((r) => r.finished_at).map((r) => [r.migration_name, r.checksum]));
    const pending = names.filter((n) => !applied.has(n));
    const edited = list.migrationDirectories.filter((d) => applied.has(d.path) && applied.get(d.path) !== migrationChecksum(d.migrationFile.content.value)).map((d) => d.path);
    const failed = rows.filter((r) => !r.finished_at).map((r) => r.migration_name);
    const ok = !pending.length && !edited.length && !failed.length;
    check("Migrations applied", ok, ok ? `${names.length} of ${names.length}` : [pending.length && `pending: ${pending.join(", ")}`, edited.length && `edited after apply: ${edited.join(", ")}`, failed.length && `failed: ${failed.join(", ")}`].filter(Boolean).join("; "));
  } catch {
    check("Migrations applied", false, "no _prisma_migrations table: run `npm start` or `npm run db:migrate`");
    return;
  }

  const wanted = requiredViews(readFileSync("prisma/views.sql", "utf8"));
  const views = new Set((await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.views WHERE table_schema = current_schema()")).rows.map((r) => r.table_name));
  const missingViews = wanted.filter((v) => !views.has(v));
  check("Reporting views", !missingViews.length, missingViews.length ? `missing: ${missingViews.join(", ")}` : wanted.join(", "));

  const agents = new Map((await client.query<{ id: string; state: string; last_heartbeat_at: Date | null }>("SELECT id, state, last_heartbeat_at FROM agents WHERE kind = 'builtin'")).rows.map((r) => [r.id, r]));
  const missingAgents = BUILTIN_AGENTS.filter((a) => !agents.has(a.id)).map((a) => a.id);
  check("Built-in agents registered", !missingAgents.length, missingAgents.length ? `missing: ${missingAgents.join(", ")}` : `${BUILTIN_AGENTS.length} of ${BUILTIN_AGENTS.length} on the roster`);

  const runbooks = readRunbooks().length;
  const synced = Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM knowledge_documents WHERE source = 'builtin'").catch(() => ({ rows: [{ n: "0" }] }))).rows[0]!.n);
  check("Help knowledge base", runbooks > 0 && synced === runbooks, runbooks === 0 ? "no runbooks in knowledge/" : synced === runbooks ? `${synced} built-in runbooks searchable${process.env.LLM_BASE_URL ? "; LLM answers on" : "; deterministic answers (no LLM_BASE_URL)"}` : `${synced} of ${runbooks} runbooks synced: restart to sync them`);

  const keys = (await client.query<{ n: string }>("SELECT count(*) AS n FROM api_keys WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())")).rows[0]!.n;
  check("API key", Number(keys) > 0, Number(keys) > 0 ? `${keys} active key(s)` : "no active API key: set VIGIL_INIT_API_KEY or restart to create one");

  const worker = (await client.query<{ id: string; age: number }>(
    "SELECT id, EXTRACT(EPOCH FROM now() - last_seen_at)::float AS age FROM worker_processes WHERE stopped_at IS NULL ORDER BY last_seen_at DESC LIMIT 1",
  )).rows[0];
  check("Worker alive", !!worker && worker.age < 90, worker ? `${worker.id} seen ${Math.round(worker.age)} s ago` : "no running worker process: start one with `npm start` or `npm run worker`");

  const coord = agents.get("agent_coordinator");
  const age = coord?.last_heartbeat_at ? (Date.now() - coord.last_heartbeat_at.getTime()) / 1000 : null;
  check("Coordinator heartbeat", age !== null && age < 120, age === null ? "agent_coordinator has never heartbeated" : `last heartbeat ${Math.round(age)} s ago (state ${coord!.state})`);

  await checkWeb(port);
}

async function checkWeb(port: number): Promise<void> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(3_000) });
    const body = (await res.json()) as { status?: string; db?: string };
    check("Web app", res.ok, `http://localhost:${port}/api/health → ${res.status} ${body.status ?? ""}${body.db === "down" ? " (database down)" : ""}`.trim());
  } catch (e) {
    check("Web app", false, `http://localhost:${port} not reachable (${(e as Error).message})`);
  }
}

/** What `npm start`'s database supervisor last reported, if it is still running. */
function supervisorView(dir: string): { down: string; history: string } | null {
  const s = readEmbeddedStatus(dir);
  if (!s || s.state === "stopped" || !processAlive(s.supervisorPid)) return null;
  const last = s.lastOutageSeconds === null ? "" : `, last outage ${s.lastOutageSeconds} s`;
  return {
    down: s.state === "down" ? ` — embedded PostgreSQL down since ${s.since} (${s.reason ?? "not answering"}); npm start (pid ${s.supervisorPid}) is restarting it` : " — npm start is running: the database may have just gone away",
    history: s.restarts ? `; restarted ${s.restarts} time(s) by npm start${last}` : "",
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

await main().catch((e) => check("Doctor", false, (e as Error).message));
for (const r of results) console.log(`${r.ok ? "✓" : "✗"} ${r.name.padEnd(28)} ${r.detail}`);
const failed = results.filter((r) => !r.ok).length;
console.log(failed ? `\n${failed} check(s) failed.` : "\nAll checks passed.");
process.exit(failed ? 1 : 0);
