import { describe, expect, it } from "vitest";
import { cronExpressionFor, Scheduler } from "./scheduler";

describe("cronExpressionFor", () => {
  it.each([
    [1, "* * * * * *"],
    [2, "*/2 * * * * *"],
    [15, "*/15 * * * * *"],
    [30, "*/30 * * * * *"],
    [60, "0 * * * * *"],
    [120, "0 */2 * * * *"],
    [300, "0 */5 * * * *"],
    [7, null], // does not divide a minute: setInterval
    [45, null],
    [90, null],
    [0.5, null],
    [0, null],
  ])("%s s → %s", (s, expr) => {
    expect(cronExpressionFor(s)).toBe(expr);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Scheduler", () => {
  it("never overlaps a job with itself, and drain waits for the run in flight", async () => {
    const s = new Scheduler();
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    s.every("slow", 0.05, async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await sleep(120);
      running--;
      runs++;
    });
    await sleep(400);
    void s.trigger("slow");
    s.stop();
    expect(await s.drain(1000)).toBe(true);
    expect(maxRunning).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(2);
    const after = runs;
    await sleep(200);
    expect(runs).toBe(after); // stopped: no new runs
  });

  it("a throwing job is reported and keeps being scheduled", async () => {
    const errors: string[] = [];
    const s = new Scheduler((job, e) => errors.push(`${job}: ${(e as Error).message}`));
    let n = 0;
    s.every("boom", 0.05, async () => {
      n++;
      throw new Error("bad row");
    }, { runNow: true });
    await sleep(300);
    s.stop();
    expect(n).toBeGreaterThanOrEqual(3);
    expect(errors[0]).toBe("boom: bad row");
  });

  it("drain gives up after its timeout", async () => {
    const s = new Scheduler();
    s.every("stuck", 60, async () => void (await sleep(5_000)), { runNow: true });
    s.stop();
    const t0 = Date.now();
    expect(await s.drain(100)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it("uses cron for periods that fit and setInterval for the others", () => {
    const s = new Scheduler();
    s.every("a", 30, async () => {});
    s.every("b", 0.25, async () => {});
    expect(s.describe("a")).toBe('cron "*/30 * * * * *"');
    expect(s.describe("b")).toBe("setInterval 250 ms");
    s.stop();
  });
  it.each([
    ["cron", 1],
    ["setInterval", 0.1],
  ])("forget() detaches a run that never settles (%s job): the job runs again", async (_kind, period) => {
    const s = new Scheduler();
    let calls = 0;
    s.every("hangs-once", period, async () => {
      calls++;
      if (calls === 1) await new Promise(() => {}); // hangs forever, like a stuck agent cycle
    });
    void s.trigger("hangs-once");
    await sleep(period * 1000 * 2 + 200);
    expect(calls).toBe(1); // the hung run blocks every later tick
    s.forget("hangs-once");
    await sleep(period * 1000 * 2 + 300);
    s.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(await s.drain(100)).toBe(true); // the detached run is not waited for
  });
});
