/**
 * Recovery commands for built-in agents, executed by the worker that holds the agent's lease
 * (workers/runtime.ts calls this every lease-loop tick). A restart-like command restarts the
 * agent's loop in this process; an undo command (restore_load, unthrottle_llm) has nothing to
 * undo for a built-in agent. Each command is taken once (deliverPendingCommands is a
 * conditional update) and acknowledged like an external agent's.
 */
import type { PrismaClient } from "../server/db/client";
import { ackCommand, deliverPendingCommands } from "../server/recovery/commands";
import { errorMessage, type Logger } from "./log";

export async function executeBuiltinCommands(
  prisma: PrismaClient,
  workerId: string,
  held: string[],
  restart: (agentId: string, reason: string) => Promise<void>,
  log: Logger,
): Promise<number> {
  const commands = await deliverPendingCommands(prisma, held, `worker:${workerId}`);
  for (const c of commands) {
    let status: "succeeded" | "failed" = "succeeded";
    let message: string;
    try {
      if (c.type === "restore_load" || c.type === "unthrottle_llm") {
        message = `nothing to undo for a built-in agent (${c.type})`;
      } else {
        await restart(c.agentId, `${c.type} command ${c.id}`);
        message = `restarted in worker ${workerId} (${c.type})`;
      }
    } catch (e) {
      status = "failed";
      message = errorMessage(e);
    }
    await ackCommand(prisma, c.id, status, message, `worker:${workerId}`);
    log.info(`${c.agentId}: ${c.type} command ${status} — ${message}`);
  }
  return commands.length;
}
