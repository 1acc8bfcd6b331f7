import type { Pool } from "pg";
import type { Logger } from "../log";
import { errorMessage } from "../log";
import { pruneExpired } from "./retention";
import { updateRollups } from "./rollups";

/**
 * The worker's maintenance job (rollups every minute, retention pruning every 10 minutes), kept
 * outside the built-in agents' runtime: it is housekeeping, not an agent on the roster. Safe on
 * several workers at once (rollups take an advisory lock; pruning deletes are idempotent).
 * Returns a stop function that waits for a run in flight.
 */
export function startMaintenance(pool: Pool, log: Logger, opts: { rollupSeconds?: number; pruneSeconds?: number } = {}): () => Promise<void> {
  let running: Promise<void> | null = null;
  let lastPrune = 0;
  const pruneMs = (opts.pruneSeconds ?? 600) * 1000;
  const tick = () => {
    if (running) return;
    running = (async () => {
      try {
        await updateRollups(pool);
        if (Date.now() - lastPrune >= pruneMs) {
          lastPrune = Date.now();
          const pruned = await pruneExpired(pool);
          if (Object.keys(pruned).length) log.info(`retention: pruned ${JSON.stringify(pruned)}`);
        }
      } catch (e) {
        // Typically the database being down (reported once by the worker's outage tracker): retry next tick.
        if (!/database|connect|ECONNREFUSED|terminat/i.test(errorMessage(e))) log.warn(`maintenance failed: ${errorMessage(e)}`);
      } finally {
        running = null;
      }
    })();
  };
  const timer = setInterval(tick, (opts.rollupSeconds ?? 60) * 1000);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
