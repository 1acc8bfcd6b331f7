/**
 * VIGIL_OUTBOUND_ALLOWLIST: the operator's allow-list from the environment lets recovery
 * webhooks reach a receiver on 127.0.0.1, until Settings stores a list of its own.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs } from "@/test/sessions";
import { db } from "../db/client";
import { DEFAULT_DETECTION } from "../incidents/detect";
import { runSelfHealingCycle } from "../recovery/engine";
import { configureWebhook } from "../recovery/operator";

process.env.VIGIL_OUTBOUND_ALLOWLIST = "127.0.0.1/32, hooks.internal";

let server: http.Server;
let base = "";
const hits: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    req.resume().on("end", () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const cycle = () =>
  runSelfHealingCycle({
    prisma: db(),
    cfg: { maxAttempts: 3, backoff: { baseSeconds: 0.2, maxSeconds: 1 }, resetSeconds: 600, verifySeconds: 3, commandTimeoutSeconds: 30, healthCheckSeconds: 1, detection: { ...DEFAULT_DETECTION, errorWindowSeconds: 10 } },
    workerId: "test",
    log: { warn: () => {} },
  });

async function unresponsiveAgentWithWebhook(id: string) {
  await db().agent.create({ data: { id, name: id, heartbeatIntervalSeconds: 1, graceSeconds: 1, state: "active", lastHeartbeatAt: new Date(Date.now() - 10_000), firstSeenAt: new Date(Date.now() - 60_000) } });
  await configureWebhook(db(), id, `${base}/hooks/${id}`);
  await cycle();
  const cmd = await db().agentCommand.findFirstOrThrow({ where: { agentId: id } });
  return (cmd.webhook as { state: string; error: string | null }).state;
}

describe("VIGIL_OUTBOUND_ALLOWLIST", () => {
  it("lets webhooks reach an allow-listed internal receiver (saved and delivered)", async () => {
    expect(await unresponsiveAgentWithWebhook("env-allowed")).toBe("sent");
    expect(hits).toEqual(["/hooks/env-allowed"]);
    const { caller } = await callerAs("admin");
    expect(await caller.settings.security()).toMatchObject({ outboundAllowlist: ["127.0.0.1/32", "hooks.internal"], envOutboundAllowlist: ["127.0.0.1/32", "hooks.internal"], stored: { outboundAllowlist: null } });
  });

  it("a list stored in Settings replaces the environment's (an empty one allows no internal target)", async () => {
    const { caller } = await callerAs("admin");
    await caller.settings.updateSecurity({ outboundAllowlist: [] });
    await expect(configureWebhook(db(), "env-allowed", `${base}/hooks/other`)).rejects.toThrow(/Webhook URL refused: 127\.0\.0\.1 is in the loopback/);
    await db().agent.create({ data: { id: "env-stored", name: "env-stored", heartbeatIntervalSeconds: 1, graceSeconds: 1, state: "active", lastHeartbeatAt: new Date(Date.now() - 10_000), firstSeenAt: new Date(Date.now() - 60_000), recoverySettings: { webhookUrl: `${base}/hooks/env-stored`, webhookSecret: "whsec_env_stored_0123456789" } } });
    await cycle();
    const cmd = await db().agentCommand.findFirstOrThrow({ where: { agentId: "env-stored" } });
    expect(cmd.webhook).toMatchObject({ state: "failed", error: expect.stringMatching(/loopback/) });
    expect(hits).not.toContain("/hooks/env-stored");
    await caller.settings.updateSecurity({ outboundAllowlist: null });
    expect((await caller.settings.security()).outboundAllowlist).toEqual(["127.0.0.1/32", "hooks.internal"]);
  });
});
