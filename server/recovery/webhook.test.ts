import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboundPolicy } from "../outbound/policy";
import { sendWebhook, signWebhook, verifyWebhookSignature, type WebhookPayload } from "./webhook";

const secret = "whsec_test_0123456789abcdef";
const body = JSON.stringify({ commandId: "c1", type: "restart" });
const now = 1_800_000_000;

describe("webhook signatures (HMAC-SHA256 over timestamp.body)", () => {
  const good = signWebhook(secret, now, body);
  it.each([
    { name: "valid", ts: String(now), sig: good, body, at: now, ok: true },
    { name: "4 min old", ts: String(now), sig: good, body, at: now + 240, ok: true },
    { name: "6 min old (replay)", ts: String(now), sig: good, body, at: now + 360, ok: false },
    { name: "tampered body", ts: String(now), sig: good, body: body.replace("restart", "reduce_load"), at: now, ok: false },
    { name: "other timestamp", ts: String(now + 1), sig: good, body, at: now, ok: false },
    { name: "wrong secret", ts: String(now), sig: signWebhook("whsec_other_secret_0000", now, body), body, at: now, ok: false },
    { name: "missing signature", ts: String(now), sig: null, body, at: now, ok: false },
    { name: "junk timestamp", ts: "12abc", sig: good, body, at: now, ok: false },
  ])("$name → $ok", ({ ts, sig, body: b, at, ok }) => {
    expect(verifyWebhookSignature(secret, ts, sig, b, at)).toBe(ok);
  });

  it("is the documented format", () => {
    expect(good).toMatch(/^v1=[0-9a-f]{64}$/);
  });
});

describe("sendWebhook against a real receiver", () => {
  let server: http.Server;
  let base = "";
  const seen: { path: string; ok: boolean }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += String(c)));
      req.on("end", () => {
        seen.push({ path: req.url ?? "", ok: verifyWebhookSignature(secret, req.headers["x-vigil-timestamp"] as string, req.headers["x-vigil-signature"] as string, raw) });
        if (req.url === "/ack") res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "failed", message: "cannot restart now" }));
        else if (req.url === "/redirect") res.writeHead(302, { location: "/ack" }).end();
        else if (req.url === "/boom") res.writeHead(500).end();
        else if (req.url === "/slow") setTimeout(() => res.writeHead(200).end(), 2_000);
        else res.writeHead(202).end("accepted");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const payload: WebhookPayload = { commandId: "c1", agentId: "a", type: "restart", params: {}, incidentId: "1", attempt: 1, issuedAt: new Date().toISOString(), expiresAt: new Date().toISOString(), ackPath: "/api/v1/commands/c1/ack" };

  // The receiver is on loopback, which outgoing requests reach only when allow-listed.
  const opts = { policy: outboundPolicy(["127.0.0.1/32"]) };

  it("signs every delivery, reads an ack from the answer, follows no redirect, reports failures", async () => {
    expect(await sendWebhook(`${base}/plain`, secret, payload, opts)).toMatchObject({ ok: true, status: 202 });
    expect((await sendWebhook(`${base}/ack`, secret, payload, opts)).ack).toEqual({ status: "failed", message: "cannot restart now" });
    expect(await sendWebhook(`${base}/redirect`, secret, payload, opts)).toMatchObject({ ok: false, status: 302 });
    expect(await sendWebhook(`${base}/boom`, secret, payload, opts)).toMatchObject({ ok: false, status: 500, error: "HTTP 500" });
    const slow = await sendWebhook(`${base}/slow`, secret, payload, { ...opts, timeoutMs: 300 });
    expect(slow.ok).toBe(false);
    expect(slow.status).toBeNull();
    expect(seen.map((s) => s.path)).toEqual(["/plain", "/ack", "/redirect", "/boom", "/slow"]); // the redirect target was not called
    expect(seen.every((s) => s.ok)).toBe(true);
  });
});
