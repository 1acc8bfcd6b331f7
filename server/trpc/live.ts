import { liveBatches, liveListener } from "../live/listener";
import { protectedProcedure, router } from "./init";

/** Live change feed for the dashboard: Postgres NOTIFY → shared LISTEN → SSE subscription. */
export const liveRouter = router({
  /** Coalesced "what changed" notices; the browser invalidates the matching queries. */
  changes: protectedProcedure.subscription(async function* ({ signal }) {
    yield* liveBatches(signal);
  }),

  /** Listener status of this web process (diagnostics). */
  status: protectedProcedure.query(() => {
    const l = liveListener();
    return { state: l.state, subscribers: l.subscriberCount };
  }),
});
