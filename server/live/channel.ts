import type { Pool } from "pg";

/** Postgres NOTIFY channel the dashboard's SSE stream listens on. */
export const LIVE_CHANNEL = "vigil_live";

export type LiveEvent =
  | { type: "heartbeat"; agentId: string }
  | { type: "metrics"; agentIds: string[] }
  | { type: "events"; agentIds: string[] }
  | { type: "agent"; agentId: string }
  | { type: "health" }
  | { type: "llm"; runs: number }
  // self-healing & performance (issue 4)
  | { type: "incidents"; agentIds: string[] }
  | { type: "anomalies"; agentIds: string[] }
  | { type: "dbmonitor" };

/** Tells every listening web process that something changed (payload stays tiny: < 8 KB limit). */
export async function notifyLive(pool: Pool, event: LiveEvent): Promise<void> {
  await pool.query("SELECT pg_notify($1, $2)", [LIVE_CHANNEL, JSON.stringify(event)]);
}
