import { agentsRouter } from "../agents/router";
import { eventsRouter } from "../events/router";
import { healthRouter } from "../health/router";
import { llmRouter } from "../llm/router";
import { liveRouter } from "./live";
import { router } from "./init";

/** The dashboard's tRPC API: one router per feature, merged here. */
export const appRouter = router({
  agents: agentsRouter,
  health: healthRouter,
  events: eventsRouter,
  live: liveRouter,
  llm: llmRouter,
});

export type AppRouter = typeof appRouter;
