/**
 * Simulated external agents for the fault-injection suite. They talk to Vigil through the real
 * route handlers (register, heartbeat, events, ack), so everything between an agent and the
 * database is the production code path; only the HTTP socket is skipped. A small real HTTP
 * server receives recovery webhooks and checks their signatures.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { POST as heartbeatRoute } from "@/app/api/v1/agents/[id]/heartbeats/route";
import { POST as registerRoute } from "@/app/api/v1/agents/route";
import { POST as ackRoute } from "@/app/api/v1/commands/[id]/ack/route";
import { POST as eventsRoute } from "@/app/api/v1/events/route";
import { call } from "../http";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature, type WebhookPayload } from "../../server/recovery/webhook";

interface SimCommand {
  id: string;
  type: string;
  params: Record<string, unknown>;
}

type Reply = { ack: "succeeded" | "failed"; message?: string } | null;

export class SimAgent {
  /** Sends heartbeats while true. */
  alive = true;
  status = "ok";
  metrics: () => Record<string, number> = () => ({});
  /** Events sent with each tick (e.g. an error burst). */
  events: () => { type: string; message: string; severity: string }[] = () => [];
  /** What the agent does with a command (heartbeat or webhook); null = ignore it. */
  onCommand: (cmd: SimCommand, via: "heartbeat" | "webhook") => Reply | Promise<Reply> = () => ({ ack: "succeeded" });
  /** How often each command id arrived, per channel: must never exceed 1. */
  readonly received = new Map<string, number>();
  readonly viaWebhook = new Map<string, number>();
  readonly badSignatures: string[] = [];
  readonly acks: { id: string; status: string; http: number }[] = [];
  webhookSecret: string | null = null;
  /** Answer webhooks with the outcome in the response body instead of calling the ack API. */
  ackInResponse = false;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  errors: string[] = [];

  constructor(
    readonly id: string,
    private readonly key: string,
    readonly tickMs = 300,
  ) {}

  async register(opts: { heartbeatIntervalSeconds?: number; graceSeconds?: number; expected?: boolean } = {}): Promise<void> {
    const r = await call(registerRoute, { key: this.key, body: { id: this.id, name: `Sim ${this.id}`, heartbeatIntervalSeconds: 1, graceSeconds: 1, ...opts } });
    if (r.status >= 300) throw new Error(`register ${this.id}: ${r.status} ${JSON.stringify(r.body)}`);
  }

  start(): this {
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    void this.tick();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async ack(id: string, status: "succeeded" | "failed", message?: string): Promise<void> {
    const r = await call(ackRoute, { key: this.key, params: { id }, body: { status, message } });
    this.acks.push({ id, status, http: r.status });
  }

  private async handle(cmd: SimCommand, via: "heartbeat" | "webhook"): Promise<Reply> {
    const seen = via === "heartbeat" ? this.received : this.viaWebhook;
    seen.set(cmd.id, (seen.get(cmd.id) ?? 0) + 1);
    return this.onCommand(cmd, via);
  }

  private async tick(): Promise<void> {
    if (this.busy || !this.alive) return;
    this.busy = true;
    try {
      const events = this.events();
      if (events.length) await call(eventsRoute, { key: this.key, body: { events: events.map((e) => ({ ...e, agentId: this.id })) } });
      const hb = await call(heartbeatRoute, { key: this.key, params: { id: this.id }, body: { status: this.status, metrics: this.metrics() } });
      if (hb.status !== 200) throw new Error(`heartbeat ${hb.status}: ${JSON.stringify(hb.body)}`);
      for (const cmd of hb.body.commands as SimCommand[]) {
        const reply = await this.handle(cmd, "heartbeat");
        if (reply) await this.ack(cmd.id, reply.ack, reply.message);
      }
    } catch (e) {
      this.errors.push(e instanceof Error ? e.message : String(e));
    } finally {
      this.busy = false;
    }
  }

  /** Called by the webhook receiver; answers like a real receiver would (the ack comes via the API). */
  async webhook(payload: WebhookPayload, signatureOk: boolean): Promise<{ status: number; body?: unknown }> {
    if (!signatureOk) {
      this.badSignatures.push(payload.commandId);
      return { status: 401 };
    }
    const reply = await this.handle({ id: payload.commandId, type: payload.type, params: payload.params }, "webhook");
    if (reply && this.ackInResponse) return { status: 200, body: { status: reply.ack, message: reply.message } };
    if (reply) void this.ack(payload.commandId, reply.ack, reply.message);
    return { status: 202 };
  }
}

/** One real HTTP server for every simulated agent's webhook, routed by agent id in the path. */
export class WebhookReceiver {
  private server: http.Server | null = null;
  private readonly agents = new Map<string, SimAgent>();
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += String(c)));
      req.on("end", () => {
        const agent = this.agents.get((req.url ?? "").split("/").pop() ?? "");
        if (!agent || !agent.webhookSecret) {
          res.writeHead(404).end();
          return;
        }
        const ok = verifyWebhookSignature(agent.webhookSecret, req.headers[TIMESTAMP_HEADER] as string, req.headers[SIGNATURE_HEADER] as string, raw);
        void agent.webhook(JSON.parse(raw) as WebhookPayload, ok).then((r) => {
          res.writeHead(r.status, { "content-type": "application/json" }).end(r.body === undefined ? "" : JSON.stringify(r.body));
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  urlFor(agent: SimAgent): string {
    this.agents.set(agent.id, agent);
    return `http://127.0.0.1:${this.port}/hooks/${agent.id}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
