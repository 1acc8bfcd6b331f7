import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { DiskBuffer, type BufferedRecord } from "./buffer";
import { Transport, VigilHttpError, type TransportOptions } from "./transport";

/**
 * Vigil agent SDK. No dependency on server code: only Node's fetch, fs and crypto.
 *
 * Delivery model: metrics and events are queued in memory and sent in batches (flush at
 * `batchSize` items or every `flushIntervalMs`). A batch that cannot be delivered after the
 * transport's retries goes to a bounded on-disk buffer, and from then on every new batch goes
 * there too, so the order is kept; a drain loop replays the buffer oldest first once Vigil
 * answers again. Events get a UUID `id` and metric batches an `Idempotency-Key`, so a replay
 * (or a retry whose first answer was lost) stores each item exactly once.
 * Heartbeats are never buffered: a heartbeat replayed later would claim liveness it never had.
 */
export interface Command {
  id: string;
  type: string;
  params?: Record<string, unknown>;
}
/** Return a message (or nothing) on success; throw to report failure. */
export type CommandHandler = (cmd: Command) => Promise<string | void> | string | void;

export interface VigilClientOptions extends Omit<TransportOptions, "baseUrl" | "apiKey"> {
  baseUrl: string;
  apiKey: string;
  agentId: string;
  /** Sent on register(). */
  agent?: { name?: string; capabilities?: string[]; version?: string; heartbeatIntervalSeconds?: number; graceSeconds?: number; expected?: boolean; metadata?: Record<string, unknown> };
  heartbeatIntervalMs?: number;
  batchSize?: number;
  flushIntervalMs?: number;
  /** Directory of the on-disk buffer (default ~/.vigil/buffer/<agentId>); null disables it. */
  bufferDir?: string | null;
  bufferMaxBytes?: number;
  /** How often the buffer is retried while it is not empty. */
  drainIntervalMs?: number;
  /** Handlers by command type: restart, reset, or your own. */
  commands?: Record<string, CommandHandler>;
  /** Status and metrics sent with each heartbeat. */
  heartbeatPayload?: () => { status?: string; metrics?: Record<string, number>; metadata?: Record<string, unknown> };
  onError?: (e: unknown) => void;
}

export interface MetricInput {
  name: string;
  value: number;
  unit?: string;
  timestamp?: Date | string | number;
  metadata?: Record<string, unknown>;
}
export interface EventInput {
  id?: string;
  type: string;
  message: string;
  severity?: "debug" | "info" | "warning" | "error" | "critical";
  timestamp?: Date | string | number;
  metadata?: Record<string, unknown>;
}

const iso = (t: Date | string | number | undefined) => (t === undefined ? new Date().toISOString() : t instanceof Date ? t.toISOString() : t);

export class VigilClient {
  readonly agentId: string;
  readonly transport: Transport;
  readonly buffer: DiskBuffer | null;
  /** Delivery counters (items): sent = accepted by Vigil, buffered = written to disk, rejected = refused as invalid. */
  readonly stats = { sent: 0, buffered: 0, rejected: 0, replayed: 0, commandsHandled: 0 };
  private queue: { metrics: unknown[]; events: unknown[] } = { metrics: [], events: [] };
  private timers: NodeJS.Timeout[] = [];
  private sending: Promise<void> = Promise.resolve();
  private draining: Promise<void> | null = null;
  private readonly seenCommands = new Set<string>();
  private closed = false;

  constructor(private readonly opts: VigilClientOptions) {
    this.agentId = opts.agentId;
    this.transport = new Transport(opts);
    const dir = opts.bufferDir === undefined ? path.join(os.homedir(), ".vigil", "buffer", opts.agentId) : opts.bufferDir;
    this.buffer = dir ? new DiskBuffer(dir, opts.bufferMaxBytes) : null;
  }

  /** Registers (or updates) the agent, then starts the heartbeat, flush and drain loops. */
  async start(): Promise<void> {
    await this.register();
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(() => void fn().catch((e) => this.opts.onError?.(e)), ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.opts.heartbeatIntervalMs ?? 30_000, () => this.heartbeat());
    every(this.opts.flushIntervalMs ?? 1_000, () => this.flush());
    every(this.opts.drainIntervalMs ?? 5_000, () => this.drain());
    await this.heartbeat().catch((e) => this.opts.onError?.(e));
  }

  async register(): Promise<void> {
    await this.transport.request("POST", "/api/v1/agents", { id: this.agentId, ...this.opts.agent });
  }

  /** Sends one heartbeat and runs any recovery commands it returns. */
  async heartbeat(payload = this.opts.heartbeatPayload?.() ?? {}): Promise<Command[]> {
    const res = (await this.transport.request("POST", `/api/v1/agents/${encodeURIComponent(this.agentId)}/heartbeats`, payload, { attempts: 2 })) as { commands?: Command[] };
    const commands = Array.isArray(res?.commands) ? res.commands : [];
    for (const cmd of commands) await this.handleCommand(cmd);
    return commands;
  }

  private async handleCommand(cmd: Command): Promise<void> {
    if (!cmd || typeof cmd.id !== "string" || this.seenCommands.has(cmd.id)) return;
    this.seenCommands.add(cmd.id);
    const handler = this.opts.commands?.[cmd.type];
    let status: "succeeded" | "failed" = "succeeded";
    let message: string | undefined;
    if (!handler) {
      status = "failed";
      message = `agent has no handler for '${cmd.type}'`;
    } else {
      try {
        message = (await handler(cmd)) ?? undefined;
      } catch (e) {
        status = "failed";
        message = (e as Error).message ?? String(e);
      }
    }
    this.stats.commandsHandled++;
    try {
      await this.transport.request("POST", `/api/v1/commands/${encodeURIComponent(cmd.id)}/ack`, { status, message: message?.slice(0, 2000) });
    } catch (e) {
      // A Vigil without the ack endpoint (404) must not break the agent.
      if (!(e instanceof VigilHttpError && e.status === 404)) this.opts.onError?.(e);
    }
  }

  metric(m: MetricInput): void {
    this.queue.metrics.push({ agentId: this.agentId, name: m.name, value: m.value, unit: m.unit, timestamp: iso(m.timestamp), metadata: m.metadata });
    if (this.queue.metrics.length >= (this.opts.batchSize ?? 500)) void this.flush();
  }

  /** Queues an event; returns its id (a UUID unless given). */
  event(e: EventInput): string {
    const id = e.id ?? randomUUID();
    this.queue.events.push({ id, type: e.type, message: e.message, severity: e.severity ?? "info", agentId: this.agentId, timestamp: iso(e.timestamp), metadata: e.metadata });
    if (this.queue.events.length >= (this.opts.batchSize ?? 500)) void this.flush();
    return id;
  }

  /** Sends everything queued in memory (serialized: batches leave in the order they were made). */
  flush(): Promise<void> {
    const batches: BufferedRecord[] = [];
    const size = Math.min(this.opts.batchSize ?? 500, 1000);
    for (const kind of ["metrics", "events"] as const) {
      const items = this.queue[kind];
      this.queue[kind] = [];
      for (let i = 0; i < items.length; i += size) batches.push({ kind, key: randomUUID(), items: items.slice(i, i + size) });
    }
    this.sending = this.sending.then(async () => {
      for (const b of batches) await this.deliver(b);
    });
    return this.sending;
  }

  private async deliver(record: BufferedRecord): Promise<void> {
    // Something is already waiting on disk: queue behind it to keep the order.
    if (this.buffer && !this.buffer.isEmpty()) return this.toDisk(record);
    try {
      await this.send(record);
    } catch (e) {
      if (e instanceof VigilHttpError && e.retryable && this.buffer) this.toDisk(record);
      else this.reject(record, e);
    }
  }

  private toDisk(record: BufferedRecord): void {
    this.buffer!.append(record);
    this.stats.buffered += record.items.length;
  }

  private reject(record: BufferedRecord, e: unknown): void {
    this.stats.rejected += record.items.length;
    this.opts.onError?.(e);
  }

  private async send(record: BufferedRecord, attempts?: number): Promise<void> {
    const path = record.kind === "metrics" ? "/api/v1/metrics" : "/api/v1/events";
    const res = (await this.transport.request("POST", path, { [record.kind]: record.items }, { headers: { "idempotency-key": record.key }, attempts })) as { rejected?: unknown[] };
    // 207: some items were invalid; they will never be accepted, so they are not retried.
    const rejected = Array.isArray(res?.rejected) ? new Set(res.rejected.map((r) => (r as { index: number }).index)).size : 0;
    this.stats.sent += record.items.length - rejected;
    this.stats.rejected += rejected;
  }

  /** Replays the disk buffer in order until it is empty or Vigil is unreachable again. */
  drain(): Promise<void> {
    if (!this.buffer) return Promise.resolve();
    this.draining ??= (async () => {
      try {
        await this.sending;
        for (let r = this.buffer!.peek(); r; r = this.buffer!.peek()) {
          try {
            await this.send(r, 1);
          } catch (e) {
            if (e instanceof VigilHttpError && e.retryable) return; // still down: next drain tick
            this.reject(r, e);
          }
          this.buffer!.shift();
          this.stats.replayed += r.items.length;
        }
      } finally {
        this.draining = null;
      }
    })();
    return this.draining;
  }

  /** Stops the loops, flushes the memory queue and tries once to empty the disk buffer (what stays there is replayed by the next client on the same bufferDir). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    await this.flush();
    await this.drain();
  }
}
