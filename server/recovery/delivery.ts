/**
 * Webhook delivery of a recovery command, at most once per command: the sender first claims
 * the command's `webhook` column (`WHERE webhook IS NULL`), so concurrent callers (or a retry
 * after a crash) never POST the same command twice.
 */
import { Prisma, type PrismaClient } from "../db/client";
import { insertStep } from "../incidents/service";
import { currentOutboundPolicy } from "../outbound/allowlist";
import { ackCommand } from "./commands";
import { parseRecoverySettings, sendWebhook } from "./webhook";

export async function deliverWebhookFor(prisma: PrismaClient, actionId: bigint, purpose: "do" | "undo"): Promise<void> {
  const cmd = await prisma.agentCommand.findUnique({ where: { actionId_purpose: { actionId, purpose } } });
  if (!cmd) return;
  const agent = await prisma.agent.findUnique({ where: { id: cmd.agentId }, select: { recoverySettings: true } });
  const settings = parseRecoverySettings(agent?.recoverySettings);
  if (!settings.webhookUrl || !settings.webhookSecret) return;
  const policy = await currentOutboundPolicy(prisma);
  const claimed = await prisma.agentCommand.updateMany({ where: { id: cmd.id, webhook: { equals: Prisma.DbNull }, status: { in: ["pending", "delivered"] } }, data: { webhook: { state: "sending" } } });
  if (claimed.count !== 1) return;
  const action = await prisma.recoveryAction.findUnique({ where: { id: actionId }, select: { incidentId: true, attempt: true } });
  const result = await sendWebhook(settings.webhookUrl, settings.webhookSecret, {
    commandId: cmd.id,
    agentId: cmd.agentId,
    type: cmd.type,
    params: (cmd.params ?? {}) as Record<string, unknown>,
    incidentId: action?.incidentId.toString() ?? null,
    attempt: action?.attempt ?? null,
    issuedAt: cmd.createdAt.toISOString(),
    expiresAt: cmd.expiresAt.toISOString(),
    ackPath: `/api/v1/commands/${cmd.id}/ack`,
  }, { policy });
  const host = new URL(settings.webhookUrl).host;
  await prisma.agentCommand.update({ where: { id: cmd.id }, data: { webhook: { state: result.ok ? "sent" : "failed", url: host, status: result.status, ms: result.ms, error: result.error ?? null } } });
  if (result.ok) {
    await prisma.agentCommand.updateMany({ where: { id: cmd.id, status: "pending" }, data: { status: "delivered", deliveredAt: new Date(), deliveredBy: "webhook" } });
  }
  if (action) {
    await insertStep(
      prisma,
      action.incidentId,
      `webhook:${action.attempt}:${purpose}`,
      "webhook",
      result.ok ? `Webhook to ${host} answered ${result.status} in ${result.ms} ms${result.ack ? ` and reported ${result.ack.status}` : ""}` : `Webhook to ${host} failed: ${result.error} (the command stays available in heartbeat responses)`,
      { commandId: cmd.id, ok: result.ok, status: result.status, ms: result.ms, error: result.error ?? null },
    );
  }
  if (result.ack) await ackCommand(prisma, cmd.id, result.ack.status, result.ack.message, "webhook");
}
