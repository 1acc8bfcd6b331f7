/**
 * Signed recovery webhooks. An operator may give an agent a webhook URL (and Vigil
 * generates its secret); each recovery command for that agent is then also POSTed there, once.
 *
 * Signature: `x-vigil-signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>` with
 * `x-vigil-timestamp: <unix seconds>`. Receivers recompute it over the raw body and reject
 * timestamps more than 5 minutes off (replays). Redirects are not followed: a webhook only ever
 * reaches the URL an operator configured, and only where the outbound policy allows (internal
 * addresses need the allow-list: server/outbound). A 2xx answer means "received"; a JSON answer
 * `{"status": "succeeded" | "failed", "message"?: "…"}` also acknowledges the command.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { OutboundPolicy } from "../outbound/policy";
import { outboundRequest } from "../outbound/request";

export const SIGNATURE_HEADER = "x-vigil-signature";
export const TIMESTAMP_HEADER = "x-vigil-timestamp";
const DEFAULT_TOLERANCE_SECONDS = 300;

export const webhookUrlSchema = z
  .string()
  .max(2000)
  .url("must be an absolute http(s) URL")
  .refine((u) => /^https?:\/\//i.test(u), "must be an http or https URL");

/** agents.recovery_settings (JSON): per-agent recovery options set by operators. */
const recoverySettingsSchema = z.object({
  webhookUrl: webhookUrlSchema.nullish(),
  webhookSecret: z.string().min(16).max(200).nullish(),
});
export type RecoverySettings = z.output<typeof recoverySettingsSchema>;

export function parseRecoverySettings(v: unknown): RecoverySettings {
  const parsed = recoverySettingsSchema.safeParse(v ?? {});
  return parsed.success ? parsed.data : {};
}

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** For receivers: true when the signature matches and the timestamp is fresh. */
export function verifyWebhookSignature(secret: string, timestampHeader: string | null, signatureHeader: string | null, rawBody: string, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): boolean {
  if (!timestampHeader || !signatureHeader || !/^\d{1,12}$/.test(timestampHeader)) return false;
  const ts = Number(timestampHeader);
  if (Math.abs(nowSeconds - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, ts, rawBody));
  const given = Buffer.from(signatureHeader);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface WebhookPayload {
  commandId: string;
  agentId: string;
  type: string;
  params: Record<string, unknown>;
  incidentId: string | null;
  attempt: number | null;
  issuedAt: string;
  expiresAt: string;
  /** Path of the ack endpoint for this command (relative to Vigil's base URL). */
  ackPath: string;
}

export interface WebhookResult {
  ok: boolean;
  status: number | null;
  ms: number;
  error?: string;
  /** Present when the receiver acknowledged the command in its answer. */
  ack?: { status: "succeeded" | "failed"; message: string | null };
}

const ackBody = z.object({ status: z.enum(["succeeded", "failed"]), message: z.string().max(2000).nullish() });

export interface SendOptions {
  /** Which internal targets are allowed (server/outbound/allowlist.ts gives the one in force). */
  policy: OutboundPolicy;
  timeoutMs?: number;
  now?: () => number;
}

export async function sendWebhook(url: string, secret: string, payload: WebhookPayload, { policy, timeoutMs = 5_000, now = () => Date.now() }: SendOptions): Promise<WebhookResult> {
  const body = JSON.stringify(payload);
  const ts = Math.floor(now() / 1000);
  const t0 = performance.now();
  try {
    const res = await outboundRequest(url, {
      method: "POST",
      policy,
      timeoutMs,
      headers: { "content-type": "application/json", "user-agent": "vigil-recovery/1", [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: signWebhook(secret, ts, body), "x-vigil-command-id": payload.commandId },
      body,
    });
    const ms = Math.round(performance.now() - t0);
    if (res.status < 200 || res.status > 299) return { ok: false, status: res.status, ms, error: `HTTP ${res.status}` };
    let ack: WebhookResult["ack"];
    try {
      const parsed = ackBody.safeParse(JSON.parse(res.text));
      if (parsed.success) ack = { status: parsed.data.status, message: parsed.data.message ?? null };
    } catch {
      // not JSON: a plain "received"
    }
    return { ok: true, status: res.status, ms, ...(ack ? { ack } : {}) };
  } catch (e) {
    // A refusal (OutboundRefusedError) sent nothing: its message says why and how to allow the target.
    return { ok: false, status: null, ms: Math.round(performance.now() - t0), error: (e instanceof Error ? e.message : String(e)).slice(0, 300) };
  }
}
