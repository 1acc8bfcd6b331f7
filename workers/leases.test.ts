import { describe, expect, it } from "vitest";
import { pool } from "../server/db/client";
import { acquireLease, acquireLeases, currentLeases, extendHeldLeases, releaseLeases } from "./leases";

describe("Postgres leases", () => {
  it("a lease is held by one worker until it expires, then another takes it", async () => {
    const p = pool();
    expect(await acquireLease(p, "w1", "x", 1)).toBe(true);
    expect(await acquireLease(p, "w2", "x", 1)).toBe(false);
    expect(await acquireLease(p, "w1", "x", 1)).toBe(true); // renew
    expect((await currentLeases(p)).get("x")).toBe("w1");
    await new Promise((r) => setTimeout(r, 1100));
    expect(await acquireLease(p, "w2", "x", 5)).toBe(true);
    expect(await acquireLease(p, "w1", "x", 5)).toBe(false);
    const row = await p.query("SELECT worker_id, acquired_at, lease_until FROM worker_leases WHERE agent_id = 'x'");
    expect(row.rows[0].worker_id).toBe("w2");
  });

  it("renewal keeps acquired_at; a takeover resets it", async () => {
    const p = pool();
    const [first] = await acquireLeases(p, "a1", ["y"], 0.3);
    await new Promise((r) => setTimeout(r, 50));
    const [renewed] = await acquireLeases(p, "a1", ["y"], 0.3);
    expect(renewed!.acquiredAt).toEqual(first!.acquiredAt);
    expect(renewed!.leaseUntil.getTime()).toBeGreaterThan(first!.leaseUntil.getTime());
    await new Promise((r) => setTimeout(r, 400));
    const [taken] = await acquireLeases(p, "a2", ["y"], 5);
    expect(taken!.acquiredAt.getTime()).toBeGreaterThan(first!.acquiredAt.getTime());
  });

  it("many workers racing for the same free leases: each lease goes to exactly one", async () => {
    const p = pool();
    const ids = ["r1", "r2", "r3", "r4"];
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => acquireLeases(p, `racer${i}`, i % 2 ? ids : [...ids].reverse(), 30)));
    const winners = new Map<string, string[]>();
    results.forEach((held, i) => held.forEach((l) => winners.set(l.agentId, [...(winners.get(l.agentId) ?? []), `racer${i}`])));
    for (const id of ids) expect(winners.get(id)).toHaveLength(1);
  });

  it("extend only touches leases still held; release frees them for others at once", async () => {
    const p = pool();
    await acquireLeases(p, "s1", ["s-a", "s-b"], 30);
    await acquireLeases(p, "s2", ["s-c"], 30);
    expect(await extendHeldLeases(p, "s1", 60)).toEqual(["s-a", "s-b"]);
    expect(await releaseLeases(p, "s1", ["s-a"])).toEqual(["s-a"]);
    expect(await acquireLease(p, "s2", "s-a", 30)).toBe(true);
    expect(await releaseLeases(p, "s1")).toEqual(["s-b"]);
    expect(await extendHeldLeases(p, "s1", 60)).toEqual([]);
  });
});
