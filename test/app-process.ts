/**
 * Real processes for tests and the bench: `next start` against the existing production build
 * (npx next build), and a TCP proxy in front of Postgres that can be cut and restored to
 * simulate the database going away mid-traffic (as workers/outage.test.ts does for the worker).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export class TcpProxy {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async start(port = 0): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  /** `url` with host:port replaced by this proxy. */
  wrap(url: string): string {
    const u = new URL(url);
    u.hostname = "127.0.0.1";
    u.port = String(this.port);
    return u.toString();
  }
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export interface WebProcess {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** `next start` on a free port; resolves once /api/health answers (any status: the DB may be cut). */
export async function startWeb(env: Record<string, string>, timeoutMs = 60_000): Promise<WebProcess> {
  if (!existsSync(path.join(".next", "BUILD_ID"))) throw new Error("no production build in .next: run `npx next build` first (npm test does it before e2e)");
  const port = await freePort();
  const child = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.once("exit", () => (clearTimeout(t), resolve()));
      child.kill("SIGTERM");
    });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${out}`);
    try {
      await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      return { child, baseUrl, output: () => out, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`next start did not answer within ${timeoutMs} ms:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
