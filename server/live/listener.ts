import pg from "pg";
import { LIVE_CHANNEL, parseLiveNotification, type LiveEvent } from "./channel";

/**
 * One shared `LISTEN vigil_live` connection per web process, fanned out to every subscriber
 * (each open dashboard tab's SSE stream). Uses a dedicated pg.Client — never a pool connection,
 * since LISTEN is bound to a session. Reconnects with backoff when the connection drops; after
 * a reconnect subscribers get `{ type: "resync" }` because notifications sent while we were
 * disconnected are lost. The connection is closed again a while after the last subscriber leaves.
 */

type LiveMessage = LiveEvent | { type: "resync" };
type LiveStatus = "idle" | "connecting" | "listening" | "reconnecting";
type Subscriber = (msg: LiveMessage) => void;

const IDLE_CLOSE_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

class LiveListener {
  private client: pg.Client | null = null;
  private subscribers = new Set<Subscriber>();
  private statusWatchers = new Set<(s: LiveStatus) => void>();
  private _status: LiveStatus = "idle";
  private backoffMs = 500;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private everConnected = false;
  private generation = 0;

  constructor(private readonly connectionString: () => string) {}

  get state(): LiveStatus {
    return this._status;
  }

  private get status(): LiveStatus {
    return this._status;
  }

  private set status(next: LiveStatus) {
    if (next === this._status) return;
    this._status = next;
    for (const fn of this.statusWatchers) fn(next);
  }

  /** Called on every status change (e.g. to tell browsers the feed is down). */
  onStatus(fn: (s: LiveStatus) => void): () => void {
    this.statusWatchers.add(fn);
    return () => this.statusWatchers.delete(fn);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  subscribe(fn: Subscriber): () => void {
    this.subscribers.add(fn);
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    if (this.status === "idle") void this.connect();
    return () => {
      this.subscribers.delete(fn);
      if (this.subscribers.size === 0 && !this.idleTimer) {
        this.idleTimer = setTimeout(() => {
          this.idleTimer = null;
          if (this.subscribers.size === 0) void this.close();
        }, IDLE_CLOSE_MS);
        this.idleTimer.unref?.();
      }
    };
  }

  /** Closes the connection (subscribers stay registered; a new subscribe reconnects). */
  async close(): Promise<void> {
    this.generation++;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const client = this.client;
    this.client = null;
    this.status = "idle";
    this.everConnected = false;
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    this.status = this.everConnected ? "reconnecting" : "connecting";
    let client: pg.Client;
    try {
      client = new pg.Client({ connectionString: this.connectionString(), connectionTimeoutMillis: 5_000, keepAlive: true });
    } catch (err) {
      this.scheduleReconnect(gen, err);
      return;
    }
    client.on("notification", (n) => {
      if (n.channel !== LIVE_CHANNEL) return;
      const msg = parseLiveNotification(n.payload);
      if (msg) this.dispatch(msg);
    });
    client.on("error", (err) => this.onLost(gen, client, err));
    client.on("end", () => this.onLost(gen, client, new Error("connection ended")));
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (err) {
      client.end().catch(() => undefined);
      this.scheduleReconnect(gen, err);
      return;
    }
    if (gen !== this.generation) {
      // close() ran while we were connecting.
      client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.status = "listening";
    this.backoffMs = 500;
    if (this.everConnected) this.dispatch({ type: "resync" });
    this.everConnected = true;
  }

  private onLost(gen: number, client: pg.Client, err: unknown): void {
    if (gen !== this.generation || this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.scheduleReconnect(gen, err);
  }

  private scheduleReconnect(gen: number, err: unknown): void {
    if (gen !== this.generation) return;
    this.status = "reconnecting";
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    console.warn(`[live] LISTEN connection lost (${err instanceof Error ? err.message : String(err)}); retrying in ${delay} ms`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (gen !== this.generation) return;
      if (this.subscribers.size === 0) {
        this.status = "idle";
        return;
      }
      void this.connect();
    }, delay);
    this.reconnectTimer.unref?.();
  }

  private dispatch(msg: LiveMessage): void {
    for (const fn of this.subscribers) {
      try {
        fn(msg);
      } catch (err) {
        console.error("[live] subscriber failed:", err);
      }
    }
  }
}

// One listener per process, kept on globalThis so Next's dev reloads don't open another.
const g = globalThis as unknown as { vigilLiveListener?: LiveListener };

export function liveListener(): LiveListener {
  g.vigilLiveListener ??= new LiveListener(() => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    return url;
  });
  return g.vigilLiveListener;
}

function subscribeLive(fn: Subscriber): () => void {
  return liveListener().subscribe(fn);
}

/** Coalesced change notice sent to browsers: which kinds of data changed, for which agents. */
export interface LiveBatch {
  /** State of this web process's LISTEN connection: anything but "listening" means changes may be missed. */
  feed: LiveStatus;
  topics: Array<LiveMessage["type"]>;
  /** Agents touched (capped); empty with `allAgents` when too many to list. */
  agentIds: string[];
  allAgents: boolean;
  at: string;
}

const MAX_AGENT_IDS = 50;

/**
 * Async stream of coalesced live batches for one subscriber: the first change after a quiet
 * period goes out at once, later ones at most every `throttleMs` (a busy fleet posting
 * thousands of heartbeats a second must not flood every browser).
 */
export async function* liveBatches(signal: AbortSignal | undefined, throttleMs = 250): AsyncGenerator<LiveBatch> {
  const topics = new Set<LiveMessage["type"]>();
  const agentIds = new Set<string>();
  let allAgents = false;
  let wake: (() => void) | null = null;
  let lastFlush = 0;
  const listener = liveListener();
  let feed = listener.state;
  // The first batch (topics empty) tells the browser whether the feed is up.
  let statusDirty = true;

  const unwatch = listener.onStatus((st) => {
    feed = st;
    statusDirty = true;
    wake?.();
  });
  const unsubscribe = subscribeLive((msg) => {
    topics.add(msg.type);
    if ("agentId" in msg) agentIds.add(msg.agentId);
    if ("agentIds" in msg) {
      if (msg.agentIds.length === 0) allAgents = true; // "any agent"
      for (const id of msg.agentIds) agentIds.add(id);
    }
    if (msg.type === "resync" || msg.type === "health") allAgents = true;
    if (agentIds.size > MAX_AGENT_IDS) allAgents = true;
    wake?.();
  });
  const aborted = new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener("abort", () => resolve(), { once: true });
  });

  try {
    while (!signal?.aborted) {
      if (topics.size === 0 && !statusDirty) {
        await Promise.race([new Promise<void>((r) => (wake = r)), aborted]);
        wake = null;
        continue;
      }
      const wait = topics.size ? lastFlush + throttleMs - Date.now() : 0;
      if (wait > 0) {
        await Promise.race([new Promise((r) => setTimeout(r, wait)), aborted]);
        if (signal?.aborted) break;
      }
      statusDirty = false;
      const batch: LiveBatch = {
        feed,
        topics: [...topics],
        agentIds: allAgents ? [] : [...agentIds],
        allAgents,
        at: new Date().toISOString(),
      };
      topics.clear();
      agentIds.clear();
      allAgents = false;
      lastFlush = Date.now();
      yield batch;
    }
  } finally {
    unsubscribe();
    unwatch();
  }
}
