import { agentsRouter } from "../agents/router";
import { anomaliesRouter } from "../anomalies/router";
import { costsRouter } from "../costs/router";
import { dbmonitorRouter } from "../dbmonitor/router";
import { incidentsRouter } from "../incidents/router";
import { recoveryRouter } from "../recovery/router";
import { eventsRouter } from "../events/router";
import { healthRouter } from "../health/router";
import { liveRouter } from "./live";
import { router } from "./init";

/** The dashboard's tRPC API: one router per feature, merged here. */
export const appRouter = router({
  agents: agentsRouter,
  health: healthRouter,
  events: eventsRouter,
  live: liveRouter,
  // self-healing & performance (issue 4)
  incidents: incidentsRouter,
  recovery: recoveryRouter,
  anomalies: anomaliesRouter,
  costs: costsRouter,
  dbmonitor: dbmonitorRouter,
});

export type AppRouter = typeof appRouter;
