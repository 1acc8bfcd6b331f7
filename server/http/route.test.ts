/**
 * The route contract: every route file under app/api (and the dashboard's /export) is built by
 * the one helper (server/http/route.ts), unknown paths and methods answer JSON, and the same
 * invalid body gets the same status on every ingestion route.
 */
import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { makeAgents, makeKey, call, isErrorShape, type CallOptions } from "../../test/http";
import { multipart } from "../../test/multipart";
import { HTTP_METHODS, ROUTE_MARK, type RouteMark } from "./route";

const ROOT = path.resolve(import.meta.dirname, "../..");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" ? [full] : [];
  });
}

const FILES = [...routeFiles(path.join(ROOT, "app/api")), path.join(ROOT, "app/export/route.ts")].map((f) => path.relative(ROOT, f)).sort();
const load = (file: string) => import(/* @vite-ignore */ path.join(ROOT, file)) as Promise<Record<string, unknown>>;
const mark = (fn: unknown) => (fn as Record<symbol, RouteMark | undefined>)[ROUTE_MARK];

describe("every route file uses the route helper", () => {
  it("finds the route files", () => {
    expect(FILES.length).toBeGreaterThan(25);
    expect(FILES).toContain("app/api/[...path]/route.ts");
  });

  it.each(FILES)("%s exports only dynamic, runtime and the helper's methods", async (file) => {
    const mod = await load(file);
    expect(Object.keys(mod).sort()).toEqual(["dynamic", "runtime", ...HTTP_METHODS].sort());
    expect(mod.dynamic).toBe("force-dynamic");
    expect(mod.runtime).toBe("nodejs");
    for (const m of HTTP_METHODS) {
      expect(typeof mod[m], `${file} ${m}`).toBe("function");
      expect(mark(mod[m]), `${file} ${m} was not built by apiRoutes`).toBeDefined();
    }
    expect(mark(mod.GET)!.methods.length, `${file} declares no method`).toBeGreaterThan(0);
  });
});

let key = "";
beforeAll(async () => {
  key = await makeKey(["admin"]);
  await makeAgents(["rt-a1"]);
});

describe("unknown paths and methods", () => {
  it("an unknown /api path is a JSON 404 in the error shape, whatever the method", async () => {
    const mod = await load("app/api/[...path]/route.ts");
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"] as const) {
      const res = await call(mod[method], { method, path: "/api/v1/nope", params: { path: ["v1", "nope"] } as never, body: method === "GET" ? undefined : {} });
      expect(res.status, method).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      expect(isErrorShape(res.body)).toBe(true);
      expect(res.body.error).toMatch(/no such API endpoint: \w+ \/api\/v1\/nope/);
    }
  });

  it("a method the path does not declare is a JSON 405 with Allow; OPTIONS lists the methods", async () => {
    const agents = await load("app/api/v1/agents/route.ts");
    const del = await call(agents.DELETE, { method: "DELETE", path: "/api/v1/agents", key });
    expect(del.status).toBe(405);
    expect(isErrorShape(del.body)).toBe(true);
    expect(del.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    const options = await call(agents.OPTIONS, { method: "OPTIONS", path: "/api/v1/agents" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");

    const ingestOnly = await load("app/api/langsmith/runs/batch/route.ts");
    const get = await call(ingestOnly.GET, { method: "GET", path: "/api/langsmith/runs/batch", key });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST, OPTIONS");
    // HEAD follows GET where there is one, and is a 405 where there is not.
    expect((await call(ingestOnly.HEAD, { method: "HEAD", path: "/api/langsmith/runs/batch", key })).status).toBe(405);
    const health = await load("app/api/health/route.ts");
    expect((await call(health.HEAD, { method: "HEAD", path: "/api/health" })).status).toBe(200);
  });

  it("405 comes before authentication (the method is wrong whoever asks)", async () => {
    const metrics = await load("app/api/v1/metrics/route.ts");
    const res = await call(metrics.PUT, { method: "PUT", path: "/api/v1/metrics", body: {} });
    expect(res.status).toBe(405);
  });
});

/** Each ingestion route with the same two faults put in its own format. */
interface IngestRoute {
  file: string;
  method?: "POST" | "PATCH";
  params?: Record<string, string>;
  /** The route's format around a value (JSON unless said otherwise). */
  wrap?: (json: string) => Pick<CallOptions, "body" | "headers">;
}

const asNdjson = (json: string) => ({ body: json, headers: { "content-type": "application/x-ndjson" } });
const asMultipart = (json: string) => multipart([{ name: `post.${randomUUID()}`, value: json, raw: true }]);

const INGESTION: IngestRoute[] = [
  { file: "app/api/v1/agents/route.ts" },
  { file: "app/api/v1/agents/[id]/heartbeats/route.ts", params: { id: "rt-a1" } },
  { file: "app/api/v1/metrics/route.ts" },
  { file: "app/api/v1/events/route.ts" },
  { file: "app/api/v1/llm/runs/route.ts" },
  { file: "app/api/v1/commands/[id]/ack/route.ts", params: { id: randomUUID() } },
  { file: "app/api/v1/import/route.ts", wrap: asNdjson },
  { file: "app/api/v1/help/ask/route.ts" },
  { file: "app/api/langsmith/runs/route.ts" },
  { file: "app/api/langsmith/runs/[id]/route.ts", method: "PATCH", params: { id: randomUUID() } },
  { file: "app/api/langsmith/runs/batch/route.ts" },
  { file: "app/api/langsmith/runs/multipart/route.ts", wrap: asMultipart },
  { file: "app/api/langsmith/feedback/route.ts" },
  { file: "app/api/public/otel/v1/traces/route.ts" },
  { file: "app/api/langsmith/otel/v1/traces/route.ts" },
];

const FAULTS = {
  "malformed JSON": '{"x": ',
  "JSON of the wrong shape": "[1]",
};

describe("the same invalid body gets 400 on every ingestion route", () => {
  it("covers every route that accepts a body", async () => {
    const accepting: string[] = [];
    for (const file of FILES) {
      const mod = await load(file);
      const methods = mark(mod.GET)!.methods;
      if (file.includes("[...path]") || /auth|trpc|help\/chat/.test(file)) continue;
      if (methods.some((m) => m !== "GET")) accepting.push(file);
    }
    expect(accepting.sort()).toEqual(INGESTION.map((r) => r.file).sort());
  });

  for (const [fault, text] of Object.entries(FAULTS)) {
    it.each(INGESTION)(`${fault}: %o`, async (route) => {
      const mod = await load(route.file);
      const method = route.method ?? "POST";
      const wrapped = route.wrap ? route.wrap(text) : { body: text, headers: { "content-type": "application/json" } };
      const res = await call(mod[method], { method, key, params: route.params, ...wrapped });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(isErrorShape(res.body)).toBe(true);
    });
  }
});
