import { Counter, Histogram, Registry } from "prom-client";

/**
 * Per-process Prometheus instruments (prom-client). Request counters and latency histograms
 * live in the memory of each web process, so with several web processes Prometheus scrapes each
 * one (labels tell them apart by `instance`). Database-derived gauges (agents, health, cycles…)
 * are computed at scrape time in server/observability/collect.ts instead, so they are the same
 * whichever process answers. Kept on globalThis: Next may load this module more than once.
 */
interface Instruments {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method">;
  ingested: Counter<"kind">;
}

const g = globalThis as unknown as { vigilInstruments?: Instruments };

export function instruments(): Instruments {
  if (g.vigilInstruments) return g.vigilInstruments;
  const registry = new Registry();
  g.vigilInstruments = {
    registry,
    httpRequests: new Counter({
      name: "vigil_http_requests_total",
      help: "Public API requests handled by this process, by route, method and status.",
      labelNames: ["route", "method", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "vigil_http_request_duration_seconds",
      help: "Public API request latency in this process.",
      labelNames: ["route", "method"] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    ingested: new Counter({
      name: "vigil_ingested_items_total",
      help: "Items stored by this process's ingestion endpoints, by kind.",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
  };
  return g.vigilInstruments;
}

// Ids in paths become placeholders so label cardinality stays bounded whatever agents exist.
export function routeLabel(pathname: string): string {
  return pathname
    .replace(/^(\/api\/v1\/(?:agents|commands|incidents|llm\/traces))\/[^/]+/, "$1/{id}")
    .slice(0, 100);
}

export function observeRequest(req: Request, status: number, startedAt: number): void {
  try {
    const { httpRequests, httpDuration } = instruments();
    const route = routeLabel(new URL(req.url).pathname);
    httpRequests.inc({ route, method: req.method, status: String(status) });
    httpDuration.observe({ route, method: req.method }, (performance.now() - startedAt) / 1000);
  } catch {
    // Instrumentation must never fail a request.
  }
}

export function countIngested(kind: "metrics" | "events" | "heartbeats" | "agents", n: number): void {
  if (n > 0) instruments().ingested.inc({ kind }, n);
}
