import { agentControlRouter } from "../agents/control-router";
import { agentsRouter } from "../agents/router";
import { auditRouter } from "../audit/router";
import { apiKeysRouter, meRouter } from "../auth/router";
import { anomaliesRouter } from "../anomalies/router";
import { costsRouter } from "../costs/router";
import { dbmonitorRouter } from "../dbmonitor/router";
import { incidentsRouter } from "../incidents/router";
import { recoveryRouter } from "../recovery/router";
import { eventsRouter } from "../events/router";
import { healthScoreRouter } from "../health-score/router";
import { helpRouter } from "../help/router";
import { llmRouter } from "../llm/router";
import { settingsRouter } from "../settings/router";
import { usersRouter } from "../users/router";
import { liveRouter } from "./live";
import { router } from "./init";

/** The dashboard's tRPC API: one router per feature, merged here. */
export const appRouter = router({
  agents: agentsRouter,
  // Health scores (server/health-score), not the readiness probe GET /api/health.
  health: healthScoreRouter,
  events: eventsRouter,
  live: liveRouter,
  llm: llmRouter,
  // accounts & security
  me: meRouter,
  apiKeys: apiKeysRouter,
  users: usersRouter,
  audit: auditRouter,
  settings: settingsRouter,
  agentControl: agentControlRouter,
  // self-healing & performance
  incidents: incidentsRouter,
  recovery: recoveryRouter,
  anomalies: anomaliesRouter,
  costs: costsRouter,
  dbmonitor: dbmonitorRouter,
  // help agent
  help: helpRouter,
});

export type AppRouter = typeof appRouter;
