/**
 * Database outage: a real worker process talks to Postgres through a TCP proxy; cutting the
 * proxy (every connection reset, new ones refused) must not kill the worker, and its cycles
 * resume on their own when the proxy comes back.
 */
import { afterAll, describe, expect, it } from "vitest";
import { pool } from "../server/db/client";
import { killWorker, proxiedDatabase, sleep, spawnWorker, waitFor, type SpawnedWorker, type TcpProxy } from "../test/worker-process";

let worker: SpawnedWorker | undefined;
let proxy: TcpProxy | undefined;
afterAll(async () => {
  killWorker(worker);
  await proxy?.stop();
});

describe("database outage", () => {
  it("the worker keeps running while the database is unreachable and resumes by itself", async () => {
    const p = pool();
    const url = new URL(process.env.DATABASE_URL!);
    const proxied = await proxiedDatabase();
    proxy = proxied.proxy;
    worker = spawnWorker({
      DATABASE_URL: proxied.url,
      VIGIL_HEALTH_CHECK_SECONDS: "1",
      VIGIL_CYCLE_SECONDS: "1",
      VIGIL_LEASE_SECONDS: "3",
      VIGIL_WORKER_HEARTBEAT_SECONDS: "1",
    });
    const succeeded = async (since: Date) =>
      (await p.query<{ n: number }>("SELECT count(*)::int AS n FROM agent_cycles WHERE agent_id = 'agent_coordinator' AND status = 'succeeded' AND started_at > $1", [since])).rows[0]!.n;
    await waitFor("cycles before the outage", async () => (await succeeded(new Date(0))) >= 2, 20_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n${worker!.output()}`);
    });

    await proxy.stop();
    await sleep(4_000);
    expect(worker.child.exitCode, worker.output()).toBeNull();
    expect(worker.child.signalCode).toBeNull();

    await proxy.start(proxy.port);
    const back = (await p.query<{ now: Date }>("SELECT now()")).rows[0]!.now;
    await waitFor("cycles after the outage", async () => (await succeeded(back)) >= 2, 15_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n${worker!.output()}`);
    });

    const out = worker.output();
    expect(out).toMatch(/database unreachable/);
    expect(out).toMatch(/database reachable again/);
    expect(out).not.toContain(url.password);
    expect(out.match(/database unreachable/g)!.length).toBeLessThanOrEqual(2); // logged once per outage, not per query

    worker.child.kill("SIGTERM");
    expect((await worker.exited).code).toBe(0);
    if (process.env.SHOW_WORKER_OUTPUT) console.log(worker.output());
  }, 60_000);
});
