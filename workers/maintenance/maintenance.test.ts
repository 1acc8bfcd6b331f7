import { describe, expect, it } from "vitest";
import { pool } from "../../server/db/client";
import { makeAgents } from "../../test/http";
import { pruneExpired, retentionDays, RETENTION_DEFAULTS } from "./retention";
import { updateRollups } from "./rollups";

const q = async <T extends Record<string, unknown>>(sql: string, p: unknown[] = []) => (await pool().query<T>(sql, p)).rows;

describe("rollups", () => {
  it("fold every committed row exactly once, incrementally, into minute and hour buckets", async () => {
    await makeAgents(["roll-a"]);
    const insert = (from: number, to: number) =>
      pool().query("INSERT INTO metrics (agent_id, name, value, timestamp) SELECT 'roll-a', 'cpu', g, date_trunc('hour', now()) - interval '1 hour' + (g % 120) * interval '1 minute' FROM generate_series($1::int, $2::int) g", [from, to]);
    await insert(1, 1000);
    await pool().query("INSERT INTO heartbeats (agent_id, received_at) SELECT 'roll-a', now() - g * interval '1 second' FROM generate_series(1, 300) g");
    await updateRollups(pool()); // first run only records the horizon
    await updateRollups(pool());
    await insert(1001, 1500);
    await updateRollups(pool());
    await updateRollups(pool());
    await updateRollups(pool()); // idempotent when nothing is new
    const [hour] = await q<{ n: number; s: number; mn: number; mx: number }>("SELECT sum(count)::int AS n, sum(sum)::float8 AS s, min(min) AS mn, max(max) AS mx FROM metric_rollups WHERE agent_id = 'roll-a' AND resolution = 'hour'");
    expect(hour).toEqual({ n: 1500, s: (1500 * 1501) / 2, mn: 1, mx: 1500 });
    const [minute] = await q<{ n: number; buckets: number }>("SELECT sum(count)::int AS n, count(*)::int AS buckets FROM metric_rollups WHERE agent_id = 'roll-a' AND resolution = 'minute'");
    expect(minute).toEqual({ n: 1500, buckets: 120 });
    const [hb] = await q<{ n: number }>("SELECT sum(count)::int AS n FROM heartbeat_rollups WHERE agent_id = 'roll-a' AND resolution = 'minute'");
    expect(hb!.n).toBe(300);
  });
});

describe("retention", () => {
  it("defaults, overridable per type in the `retention` setting; invalid settings fall back to defaults", async () => {
    expect(await retentionDays(pool())).toEqual(RETENTION_DEFAULTS);
    await pool().query(`INSERT INTO settings (key, value, updated_at) VALUES ('retention', '{"events": 2, "metrics": "soon"}', now())`);
    expect((await retentionDays(pool())).events).toBe(RETENTION_DEFAULTS.events);
    await pool().query(`UPDATE settings SET value = '{"events": 2}' WHERE key = 'retention'`);
    expect((await retentionDays(pool())).events).toBe(2);
  });

  it("prunes only expired rows, in batches", async () => {
    await makeAgents(["ret-a"]);
    await pool().query("INSERT INTO events (type, message, severity, agent_id, timestamp) SELECT 'old', 'm', 'info', 'ret-a', now() - interval '3 days' - g * interval '1 second' FROM generate_series(1, 12000) g");
    await pool().query("INSERT INTO events (type, message, severity, agent_id, timestamp) VALUES ('new', 'm', 'info', 'ret-a', now() - interval '1 day')");
    await pool().query("INSERT INTO heartbeats (agent_id, received_at) VALUES ('ret-a', now() - interval '8 days'), ('ret-a', now() - interval '6 days')");
    const pruned = await pruneExpired(pool());
    expect(pruned.events).toBe(12000);
    expect(pruned.heartbeats).toBe(1);
    expect((await q<{ type: string }>("SELECT type FROM events WHERE agent_id = 'ret-a'")).map((r) => r.type)).toEqual(["new"]);
    expect(await pruneExpired(pool())).toEqual({});
  });
});
