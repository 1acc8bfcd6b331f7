/**
 * Test harness: a real HTTP server on 127.0.0.1 that hands requests to the LLM route handlers
 * (the same functions Next.js calls), so the real LangSmith client and OTel exporters can be
 * driven against the app from vitest without a production build.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll } from "vitest";
import { db } from "../server/db/client";
import { ensureModelPrices } from "../server/llm/price-seed";
import { makeKey } from "./http";
import * as info from "@/app/api/langsmith/info/route";
import * as feedback from "@/app/api/langsmith/feedback/route";
import * as lsOtel from "@/app/api/langsmith/otel/v1/traces/route";
import * as runById from "@/app/api/langsmith/runs/[id]/route";
import * as batch from "@/app/api/langsmith/runs/batch/route";
import * as multipart from "@/app/api/langsmith/runs/multipart/route";
import * as runs from "@/app/api/langsmith/runs/route";
import * as publicOtel from "@/app/api/public/otel/v1/traces/route";
import * as nativeRuns from "@/app/api/v1/llm/runs/route";
import * as trace from "@/app/api/v1/llm/traces/[traceId]/route";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Mod = Partial<Record<"GET" | "POST" | "PATCH", unknown>>;

const ROUTES: [RegExp, Mod][] = [
  [/^\/api\/langsmith\/info$/, info],
  [/^\/api\/langsmith\/runs$/, runs],
  [/^\/api\/langsmith\/runs\/multipart$/, multipart],
  [/^\/api\/langsmith\/runs\/batch$/, batch],
  [/^\/api\/langsmith\/runs\/(?<id>[^/]+)$/, runById],
  [/^\/api\/langsmith\/feedback$/, feedback],
  [/^\/api\/langsmith\/otel\/v1\/traces$/, lsOtel],
  [/^\/api\/public\/otel\/v1\/traces$/, publicOtel],
  [/^\/api\/v1\/llm\/runs$/, nativeRuns],
  [/^\/api\/v1\/llm\/traces\/(?<traceId>[^/]+)$/, trace],
];

export interface TestServer {
  url: string;
  /** Requests seen, for asserting what the clients sent. */
  log: { method: string; path: string; status: number; encoding: string | null; contentType: string | null }[];
  close(): Promise<void>;
}

async function toWebRequest(req: IncomingMessage, base: string): Promise<Request> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", base), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
}

export async function startTestServer(): Promise<TestServer> {
  const log: TestServer["log"] = [];
  let base = "";
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const route = ROUTES.find(([re]) => re.test(path));
    const handler = route?.[1][req.method as "GET" | "POST" | "PATCH"] as Handler | undefined;
    if (!route || !handler) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found", issues: [] }));
      log.push({ method: req.method ?? "", path, status: 404, encoding: null, contentType: null });
      return;
    }
    try {
      const params = route[0].exec(path)?.groups ?? {};
      const response = await handler(await toWebRequest(req, base), { params: Promise.resolve({ ...params }) });
      log.push({ method: req.method ?? "", path, status: response.status, encoding: req.headers["content-encoding"] ?? null, contentType: req.headers["content-type"] ?? null });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    log,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A test file's server and ingest key: prices seeded and the server started before its tests,
 * closed after. Read `llm.server` / `llm.key` inside tests (they are set by then).
 */
export function useLlmServer(): { server: TestServer; key: string } {
  const llm = {} as { server: TestServer; key: string };
  beforeAll(async () => {
    await ensureModelPrices(db());
    llm.server = await startTestServer();
    llm.key = await makeKey(["ingest"]);
  });
  afterAll(async () => llm.server?.close());
  return llm;
}
