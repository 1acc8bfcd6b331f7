import type { Pool } from "pg";
import { pool as defaultPool } from "../db/client";

/** Postgres NOTIFY channel the dashboard's SSE stream listens on (docs/architecture.md, "Live updates"). */
export const LIVE_CHANNEL = "vigil_live";

/**
 * What changed. Every NOTIFY on LIVE_CHANNEL carries exactly one of these, as JSON. The agent ids
 * let dashboards refetch only what concerns those agents; an empty `agentIds` means "any agent"
 * (not known, or too many to list).
 */
export type LiveEvent =
  | { type: "heartbeat"; agentId: string }
  | { type: "metrics"; agentIds: string[] }
  | { type: "events"; agentIds: string[] }
  | { type: "agent"; agentId: string }
  | { type: "health" }
  | { type: "llm"; runs: number }
  | { type: "incidents"; agentIds: string[] }
  | { type: "anomalies"; agentIds: string[] }
  | { type: "dbmonitor" };

/** Longer agent lists go out as "any agent" (empty): payloads stay far below NOTIFY's 8 KB. */
const MAX_LISTED_AGENTS = 40;

/** The NOTIFY arguments for an event: the one place that names the channel and encodes the payload. */
export function liveNotification(event: LiveEvent): { channel: string; payload: string } {
  const listed = "agentIds" in event && event.agentIds.length > MAX_LISTED_AGENTS ? { ...event, agentIds: [] } : event;
  return { channel: LIVE_CHANNEL, payload: JSON.stringify(listed) };
}

/** The event a NOTIFY payload carries; null for a payload that is not one (ignored by listeners). */
export function parseLiveNotification(payload: string | undefined): LiveEvent | null {
  if (!payload) return null;
  try {
    const v = JSON.parse(payload) as unknown;
    if (v && typeof v === "object" && typeof (v as { type?: unknown }).type === "string") return v as LiveEvent;
  } catch {
    // not JSON: ignored
  }
  return null;
}

/**
 * Tells every listening web process that something changed (payload stays tiny: NOTIFY's limit
 * is 8 KB). Never rejects: the data is already committed, so a lost NOTIFY must neither fail nor
 * slow the write that caused it (dashboards also refetch on reconnect).
 */
export async function notifyLive(event: LiveEvent, via?: Pool): Promise<void> {
  try {
    const { channel, payload } = liveNotification(event);
    await (via ?? defaultPool()).query("SELECT pg_notify($1, $2)", [channel, payload]);
  } catch {
    // Database unreachable or no DATABASE_URL: the write before this failed or will be refetched.
  }
}
