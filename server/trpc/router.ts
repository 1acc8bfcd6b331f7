import { agentsRouter } from "../agents/router";
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
});

export type AppRouter = typeof appRouter;
