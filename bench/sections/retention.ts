/**
 * Retention cost on the bench dataset (docs/retention.md), opt-in (`--retention` or
 * `--only retention`) because it deletes data the other sections read. Expires the oldest metrics
 * (the partial first clock hour and the next full one, ~350k rows at 1,000 agents) two ways:
 * - what the worker does today (workers/maintenance/retention.ts): DELETE … WHERE id IN (SELECT
 *   id … LIMIT 5,000) until done, then the VACUUM that has to reclaim the dead rows;
 * - reference: the same rows as one partition of a range-partitioned copy, dropped with
 *   DETACH + DROP TABLE (what native time partitioning would do).
 */
import { BATCH } from "../../workers/maintenance/retention";
import { figure, type BenchContext, type Figure } from "../lib";

export async function retentionSection(ctx: BenchContext): Promise<Figure[]> {
  const p = ctx.pool;
  const min = (await p.query<{ t: Date }>("SELECT min(timestamp) AS t FROM metrics")).rows[0]!.t;
  // The oldest clock hour is partial (the data starts mid-hour): expire it and the first full hour.
  const floor = new Date(Math.floor(min.getTime() / 3_600_000) * 3_600_000);
  const cutoff = new Date(floor.getTime() + 2 * 3_600_000);
  const next = new Date(cutoff.getTime() + 3_600_000);

  // Partitioned copy of the oldest hours: the expiring rows in one partition, the next hour in another.
  await p.query("DROP TABLE IF EXISTS bench_metrics_part");
  await p.query("CREATE TABLE bench_metrics_part (LIKE metrics INCLUDING DEFAULTS) PARTITION BY RANGE (timestamp)");
  await p.query(`CREATE TABLE bench_metrics_p0 PARTITION OF bench_metrics_part FOR VALUES FROM ('${floor.toISOString()}') TO ('${cutoff.toISOString()}')`);
  await p.query(`CREATE TABLE bench_metrics_p1 PARTITION OF bench_metrics_part FOR VALUES FROM ('${cutoff.toISOString()}') TO ('${next.toISOString()}')`);
  await p.query("CREATE INDEX ON bench_metrics_part (agent_id, name, timestamp DESC)");
  await p.query("CREATE INDEX ON bench_metrics_part (timestamp)");
  await p.query("INSERT INTO bench_metrics_part SELECT * FROM metrics WHERE timestamp >= $1 AND timestamp < $2", [floor, next]);
  let t = performance.now();
  await p.query("ALTER TABLE bench_metrics_part DETACH PARTITION bench_metrics_p0");
  await p.query("DROP TABLE bench_metrics_p0");
  const dropMs = performance.now() - t;
  await p.query("DROP TABLE bench_metrics_part");

  ctx.log(`retention: deleting metrics older than ${cutoff.toISOString()} in batches of ${BATCH}`);
  t = performance.now();
  let rows = 0;
  for (;;) {
    const r = await p.query(`DELETE FROM metrics WHERE id IN (SELECT id FROM metrics WHERE timestamp < $1 LIMIT ${BATCH})`, [cutoff]);
    rows += r.rowCount ?? 0;
    if ((r.rowCount ?? 0) < BATCH) break;
  }
  const deleteMs = performance.now() - t;
  t = performance.now();
  await p.query("VACUUM metrics");
  const vacuumMs = performance.now() - t;
  return [
    figure({ name: `retention: batched DELETE of oldest metrics (${rows.toLocaleString("en-US")} rows)`, value: deleteMs / 1000, unit: "s", reference: { name: "DROP of their partition", value: dropMs / 1000, unit: "s" }, target: null }),
    figure({ name: "retention: VACUUM after the DELETE", value: vacuumMs / 1000, unit: "s", reference: { name: "DROP of their partition", value: dropMs / 1000, unit: "s" }, target: null }),
  ];
}
