/**
 * Outgoing requests against real receivers on this machine: internal targets are refused unless
 * allow-listed (by address, by range or by name), names are judged by what they resolve to, a
 * refused recovery webhook is a clear failed delivery, an internal webhook URL is refused when
 * it is saved, and the allow-list is an audited admin setting.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, trpcCode } from "@/test/sessions";
import { db } from "../db/client";
import { DEFAULT_DETECTION } from "../incidents/detect";
import type { RecoveryConfig } from "../recovery/config";
import { runSelfHealingCycle } from "../recovery/engine";
import { verifyWebhookSignature } from "../recovery/webhook";
import { currentOutboundPolicy } from "./allowlist";
import { outboundPolicy } from "./policy";
import { OutboundRefusedError, outboundRequest, outboundUrlRefusal } from "./request";

let server: http.Server;
let port = 0;
const hits: { path: string; signed: boolean }[] = [];
const secrets = new Map<string, string>(); // path → the webhook secret the receiver checks

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += String(c)));
    req.on("end", () => {
      const secret = secrets.get(req.url ?? "");
      hits.push({ path: req.url ?? "", signed: secret ? verifyWebhookSignature(secret, req.headers["x-vigil-timestamp"] as string, req.headers["x-vigil-signature"] as string, raw) : false });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const get = (url: string, allow: string[]) => outboundRequest(url, { method: "GET", timeoutMs: 2_000, policy: outboundPolicy(allow) });
const hitsFor = (path: string) => hits.filter((h) => h.path === path).length;

describe("outboundRequest", () => {
  it("refuses 127.0.0.1 by default without connecting, and says how to allow it", async () => {
    const err = await get(`http://127.0.0.1:${port}/direct`, []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboundRefusedError);
    expect((err as Error).message).toMatch(/^127\.0\.0\.1 is in the loopback \(127\.0\.0\.0\/8\) range: refused .*VIGIL_OUTBOUND_ALLOWLIST or Settings/);
    expect(hitsFor("/direct")).toBe(0);
  });

  it("a host name that resolves to an internal address is refused (the resolved address is what counts)", async () => {
    const err = await get(`http://localhost:${port}/by-name`, []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboundRefusedError);
    expect((err as Error).message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which is in the loopback/);
    expect(hitsFor("/by-name")).toBe(0);
    // Only an answer every address of which is allowed goes through: 127.0.0.1 alone is not
    // enough where localhost also resolves to ::1.
    expect((await get(`http://localhost:${port}/by-name`, ["127.0.0.1/32", "::1/128"])).status).toBe(200);
    expect((await get(`http://localhost:${port}/by-name`, ["localhost"])).status).toBe(200); // or the name itself
    expect(hitsFor("/by-name")).toBe(2);
  });

  it("an allow-listed address or range is reached", async () => {
    expect((await get(`http://127.0.0.1:${port}/listed`, ["127.0.0.1/32"])).status).toBe(200);
    expect((await get(`http://127.0.0.1:${port}/listed`, ["127.0.0.0/8"])).status).toBe(200);
    await expect(get(`http://127.0.0.1:${port}/listed`, ["10.0.0.0/8"])).rejects.toThrow(/loopback/);
    expect(hitsFor("/listed")).toBe(2);
  });

  it("at configuration time: internal URLs and names that resolve internally are refused, unresolvable names too", async () => {
    expect(await outboundUrlRefusal(`http://127.0.0.1:${port}/x`, outboundPolicy([]))).toMatch(/loopback/);
    expect(await outboundUrlRefusal(`http://[::1]:${port}/x`, outboundPolicy([]))).toMatch(/^::1 is in the loopback/);
    expect(await outboundUrlRefusal(`http://169.254.169.254/latest/meta-data`, outboundPolicy([]))).toMatch(/link-local/);
    expect(await outboundUrlRefusal(`http://localhost:${port}/x`, outboundPolicy([]))).toMatch(/^localhost resolves to/);
    expect(await outboundUrlRefusal(`http://no-such-host.invalid/x`, outboundPolicy([]))).toMatch(/^no-such-host\.invalid does not resolve/);
    expect(await outboundUrlRefusal(`http://127.0.0.1:${port}/x`, outboundPolicy(["127.0.0.1"]))).toBeNull();
    expect(await outboundUrlRefusal(`https://93.184.215.14/hook`, outboundPolicy([]))).toBeNull(); // public: allowed (not contacted)
  });
});

const cfg: RecoveryConfig = {
  maxAttempts: 3,
  backoff: { baseSeconds: 0.2, maxSeconds: 1 },
  resetSeconds: 600,
  verifySeconds: 3,
  commandTimeoutSeconds: 30,
  healthCheckSeconds: 1,
  detection: { ...DEFAULT_DETECTION, errorWindowSeconds: 10 },
};
const cycle = () => runSelfHealingCycle({ prisma: db(), cfg, workerId: "test", log: { warn: () => {} } });

/** An unresponsive agent whose webhook points at the local receiver (stored directly, as an older install may have it). */
async function agentWithWebhook(id: string): Promise<string> {
  const path = `/hooks/${id}`;
  const secret = `whsec_${id}_0123456789abcdef`;
  secrets.set(path, secret);
  await db().agent.create({
    data: { id, name: id, heartbeatIntervalSeconds: 1, graceSeconds: 1, state: "active", lastHeartbeatAt: new Date(Date.now() - 10_000), firstSeenAt: new Date(Date.now() - 60_000), recoverySettings: { webhookUrl: `http://127.0.0.1:${port}${path}`, webhookSecret: secret } },
  });
  return path;
}

async function webhookOutcome(agentId: string) {
  const inc = await db().incident.findFirstOrThrow({ where: { agentId } });
  const step = await db().incidentStep.findFirst({ where: { incidentId: inc.id, key: { startsWith: "webhook:" } } });
  const cmd = await db().agentCommand.findFirstOrThrow({ where: { agentId } });
  return { step: step?.message ?? null, webhook: cmd.webhook as { state: string; error: string | null }, status: cmd.status };
}

describe("recovery webhooks and the allow-list setting", () => {
  it("a webhook to 127.0.0.1 is refused by default: a failed delivery that says why; the command stays for the heartbeat", async () => {
    const path = await agentWithWebhook("ob-default");
    await cycle();
    const o = await webhookOutcome("ob-default");
    expect(o.webhook.state).toBe("failed");
    expect(o.webhook.error).toMatch(/127\.0\.0\.1 is in the loopback \(127\.0\.0\.0\/8\) range: refused .*allow-listed/);
    expect(o.step).toMatch(new RegExp(`^Webhook to 127\\.0\\.0\\.1:${port} failed: 127\\.0\\.0\\.1 is in the loopback .*\\(the command stays available in heartbeat responses\\)$`));
    expect(o.status).toBe("pending");
    expect(hitsFor(path)).toBe(0);
  });

  it("saving an internal webhook URL is refused with a clear message until it is allow-listed", async () => {
    await db().agent.create({ data: { id: "ob-config", name: "ob-config", heartbeatIntervalSeconds: 60, graceSeconds: 60 } });
    const { caller: admin } = await callerAs("admin");
    const err = await admin.recovery.setWebhook({ agentId: "ob-config", url: `http://127.0.0.1:${port}/hooks/ob-config` }).catch((e: { code?: string; message: string }) => e);
    expect(err).toMatchObject({ code: "BAD_REQUEST" });
    expect((err as Error).message).toMatch(/^Webhook URL refused: 127\.0\.0\.1 is in the loopback .*VIGIL_OUTBOUND_ALLOWLIST or Settings/);
    expect((await db().agent.findUniqueOrThrow({ where: { id: "ob-config" } })).recoverySettings).not.toHaveProperty("webhookUrl"); // nothing saved
    expect(await trpcCode(admin.recovery.setWebhook({ agentId: "ob-config", url: "https://93.184.215.14/hooks" }))).toBe("OK"); // a public address is fine
  });

  it("only admins edit the allow-list; bad entries are rejected; a change is stored, audited and applies at once", async () => {
    const { caller: viewer } = await callerAs("viewer");
    const { caller: operator } = await callerAs("operator");
    const { caller: admin, user } = await callerAs("admin");
    expect((await viewer.settings.security()).outboundAllowlist).toEqual([]);
    expect(await trpcCode(viewer.settings.updateSecurity({ outboundAllowlist: ["127.0.0.1/32"] }))).toBe("FORBIDDEN");
    expect(await trpcCode(operator.settings.updateSecurity({ outboundAllowlist: ["127.0.0.1/32"] }))).toBe("FORBIDDEN");
    const bad = await admin.settings.updateSecurity({ outboundAllowlist: ["127.0.0.1/33", "not a host"] }).catch((e: { code?: string; message: string }) => e);
    expect(bad).toMatchObject({ code: "BAD_REQUEST" });
    expect((bad as Error).message).toBe('Outbound allow-list: "127.0.0.1/33": the prefix length must be 0–32; Outbound allow-list: "not a host" is not a host name, an IP address or a CIDR (e.g. 10.0.0.0/8)');
    expect(await db().setting.findUnique({ where: { key: "security" } })).toBeNull();

    const s = await admin.settings.updateSecurity({ outboundAllowlist: ["127.0.0.1/32", "Hooks.Internal"] });
    expect(s.outboundAllowlist).toEqual(["127.0.0.1/32", "hooks.internal"]);
    expect((await db().setting.findUniqueOrThrow({ where: { key: "security" } })).value).toMatchObject({ outboundAllowlist: ["127.0.0.1/32", "hooks.internal"] });
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "settings.changed", target: "security" } });
    expect(audit).toMatchObject({ actorEmail: user.email, details: { outboundAllowlist: { from: null, to: ["127.0.0.1/32", "hooks.internal"] } } });
    expect((await currentOutboundPolicy(db())).entries).toEqual(["127.0.0.1/32", "hooks.internal"]);
    expect((await viewer.settings.security()).outboundAllowlist).toEqual(["127.0.0.1/32", "hooks.internal"]);

    // Saving the same list again changes nothing and records nothing.
    await admin.settings.updateSecurity({ outboundAllowlist: ["127.0.0.1/32", "hooks.internal"] });
    expect(await db().auditLog.count({ where: { action: "settings.changed", target: "security" } })).toBe(1);

    // Allowed now: the URL can be saved, and the webhook is delivered, signed.
    expect(await trpcCode(admin.recovery.setWebhook({ agentId: "ob-config", url: `http://127.0.0.1:${port}/hooks/ob-config` }))).toBe("OK");
    const path = await agentWithWebhook("ob-allowed");
    await cycle();
    const o = await webhookOutcome("ob-allowed");
    expect(o.webhook.state).toBe("sent");
    expect(o.step).toMatch(/^Webhook to 127\.0\.0\.1:\d+ answered 200/);
    expect(hits.filter((h) => h.path === path)).toEqual([{ path, signed: true }]);

    await admin.settings.updateSecurity({ outboundAllowlist: null }); // back to the environment's (none here)
    expect((await currentOutboundPolicy(db())).entries).toEqual([]);
  });
});
