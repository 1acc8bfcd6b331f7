import { liveBatches, liveListener } from "../live/listener";
import { publicProcedure, router } from "./init";

/** Live change feed for the dashboard: Postgres NOTIFY → shared LISTEN → SSE subscription. */
export const liveRouter = router({
  /** Coalesced "what changed" notices; the browser invalidates the matching queries. */
  changes: publicProcedure.subscription(async function* ({ signal }) {
    yield* liveBatches(signal);
  }),

  /** Listener status of this web process (diagnostics). */
  status: publicProcedure.query(() => {
    const l = liveListener();
    return { state: l.state, subscribers: l.subscriberCount };
  }),
});
