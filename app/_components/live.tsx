"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { useTRPC, type RouterOutputs } from "./trpc";

type LiveBatch = RouterOutputs["live"]["changes"] extends AsyncIterable<infer T> ? T : never;
export type LiveState = "connecting" | "live" | "offline";

interface LiveContextValue {
  state: LiveState;
  lastChangeAt: number | null;
  changes: number;
}

const LiveContext = createContext<LiveContextValue>({ state: "connecting", lastChangeAt: null, changes: 0 });

export function useLive(): LiveContextValue {
  return useContext(LiveContext);
}

const DEBOUNCE_MS = 250;
const MAX_WAIT_MS = 1_000;

/**
 * Subscribes to the server's live change feed (tRPC SSE subscription) and invalidates the
 * queries affected by each change, debounced so a burst of heartbeats causes one refetch.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = useRef<Set<string>>(new Set());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const firstPendingAt = useRef<number | null>(null);
  const [info, setInfo] = useState<{ lastChangeAt: number | null; changes: number }>({ lastChangeAt: null, changes: 0 });
  // State of the server's LISTEN connection, as last reported on the stream.
  const [feed, setFeed] = useState<LiveBatch["feed"] | null>(null);

  const flush = useCallback(() => {
    timer.current = null;
    firstPendingAt.current = null;
    const topics = pending.current;
    pending.current = new Set();
    const all = topics.has("resync");
    const invalidate = (filter: { queryKey: readonly unknown[] }) => void queryClient.invalidateQueries(filter);
    if (all) {
      void queryClient.invalidateQueries();
      return;
    }
    if (topics.has("heartbeat") || topics.has("agent") || topics.has("health") || topics.has("metrics")) invalidate(trpc.agents.pathFilter());
    if (topics.has("heartbeat") || topics.has("agent") || topics.has("health")) invalidate(trpc.health.pathFilter());
    if (topics.has("events")) invalidate(trpc.events.pathFilter());
    if (topics.has("llm")) invalidate(trpc.llm.pathFilter());
    // self-healing & performance (issue 4)
    if (topics.has("incidents") || topics.has("agent")) {
      invalidate(trpc.incidents.pathFilter());
      invalidate(trpc.recovery.pathFilter());
    }
    // Recovery moves agents between recovering / active / failed.
    if (topics.has("incidents")) invalidate(trpc.agents.pathFilter());
    if (topics.has("anomalies")) invalidate(trpc.anomalies.pathFilter());
    if (topics.has("dbmonitor")) invalidate(trpc.dbmonitor.pathFilter());
  }, [queryClient, trpc]);

  const schedule = useCallback(
    (topics: Iterable<string>) => {
      for (const t of topics) pending.current.add(t);
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
        schedule(batch.topics);
        setInfo((i) => ({ lastChangeAt: Date.now(), changes: i.changes + 1 }));
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
      if (wasLive.current && lostSinceLive.current) schedule(["resync"]);
      wasLive.current = true;
      lostSinceLive.current = false;
    } else if (wasLive.current) {
      lostSinceLive.current = true;
    }
  }, [state, schedule]);

  return <LiveContext.Provider value={{ state, ...info }}>{children}</LiveContext.Provider>;
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
