"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { isStale, mergeChanges, refreshPlan, type LiveChanges } from "./live-refresh";
import { useTRPC, type RouterOutputs } from "./trpc";

type LiveBatch = RouterOutputs["live"]["changes"] extends AsyncIterable<infer T> ? T : never;
type LiveState = "connecting" | "live" | "offline";

interface LiveContextValue {
  state: LiveState;
}

const LiveContext = createContext<LiveContextValue>({ state: "connecting" });

function useLive(): LiveContextValue {
  return useContext(LiveContext);
}

const DEBOUNCE_MS = 250;
const MAX_WAIT_MS = 1_000;

/**
 * Subscribes to the server's live change feed (tRPC SSE subscription) and invalidates the
 * queries affected by each change (live-refresh.ts: only the queries of the agents named in it),
 * debounced so a burst of heartbeats causes one refetch.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = useRef<LiveChanges | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const firstPendingAt = useRef<number | null>(null);
  // State of the server's LISTEN connection, as last reported on the stream.
  const [feed, setFeed] = useState<LiveBatch["feed"] | null>(null);

  const flush = useCallback(() => {
    timer.current = null;
    firstPendingAt.current = null;
    const changes = pending.current;
    pending.current = null;
    if (!changes) return;
    const plan = refreshPlan(changes);
    void queryClient.invalidateQueries({ predicate: (q) => isStale(plan, q.queryKey) });
  }, [queryClient]);

  const schedule = useCallback(
    (changes: LiveChanges) => {
      pending.current = pending.current ? mergeChanges(pending.current, changes) : changes;
      const now = Date.now();
      firstPendingAt.current ??= now;
      if (timer.current) clearTimeout(timer.current);
      const wait = Math.max(0, Math.min(DEBOUNCE_MS, firstPendingAt.current + MAX_WAIT_MS - now));
      timer.current = setTimeout(flush, wait);
    },
    [flush],
  );

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const sub = useSubscription(
    trpc.live.changes.subscriptionOptions(undefined, {
      onData: (batch: LiveBatch) => {
        setFeed(batch.feed);
        if (batch.topics.length === 0) return;
        schedule(batch);
      },
    }),
  );

  const state: LiveState =
    sub.status === "error"
      ? "offline"
      : sub.status !== "pending" || feed === null || feed === "connecting"
        ? "connecting"
        : feed === "listening"
          ? "live"
          : "offline";

  // A subscription that ended in an error does not retry by itself: try again every 5 s.
  const { reset } = sub;
  useEffect(() => {
    if (sub.status !== "error") return;
    const t = setTimeout(reset, 5_000);
    return () => clearTimeout(t);
  }, [sub.status, reset]);

  // After a reconnect, anything may have changed while we were away: refresh everything once.
  const wasLive = useRef(false);
  const lostSinceLive = useRef(false);
  useEffect(() => {
    if (state === "live") {
      if (wasLive.current && lostSinceLive.current) schedule({ topics: ["resync"], agentIds: [], allAgents: true });
      wasLive.current = true;
      lostSinceLive.current = false;
    } else if (wasLive.current) {
      lostSinceLive.current = true;
    }
  }, [state, schedule]);

  return <LiveContext.Provider value={{ state }}>{children}</LiveContext.Provider>;
}

/** Small "Live / Connecting / Offline" pill. */
export function LiveIndicator({ className = "" }: { className?: string }) {
  const { state } = useLive();
  const label = state === "live" ? "Live" : state === "connecting" ? "Connecting" : "Offline";
  const title =
    state === "live"
      ? "Receiving live updates"
      : state === "connecting"
        ? "Connecting to the live update stream"
        : "Live updates unavailable: refreshing every 30 s";
  const dot = state === "live" ? "bg-emerald-400" : state === "connecting" ? "bg-amber-400" : "bg-rose-500";
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full border border-white/15 px-2 py-0.5 text-xs font-medium ${className}`}
      title={title}
      data-testid="live-indicator"
      data-state={state}
    >
      <span className="relative flex h-2 w-2">
        {state === "live" && <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-60" />}
        <span className={`relative inline-flex h-2 w-2 rounded-full ${dot}`} />
      </span>
      {label}
    </span>
  );
}
