/**
 * A real HTTP server on 127.0.0.1 in front of the help route handlers (the functions Next.js
 * calls), streaming responses chunk by chunk: SSE tests and the bench measure what a client
 * sees over a socket, without a production build.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import * as chat from "@/app/api/help/chat/route";
import * as ask from "@/app/api/v1/help/ask/route";
import * as request from "@/app/api/v1/help/requests/[id]/route";
import type { HelpEvent } from "../server/help/contract";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTES: [RegExp, "GET" | "POST", unknown][] = [
  [/^\/api\/v1\/help\/ask$/, "POST", ask.POST],
  [/^\/api\/v1\/help\/requests\/(?<id>[^/]+)$/, "GET", request.GET],
  [/^\/api\/help\/chat$/, "POST", chat.POST],
];

export interface HelpTestServer {
  url: string;
  close(): Promise<void>;
}

function toWebRequest(req: IncomingMessage, base: string): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", base), { method: req.method, headers, body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined, duplex: "half" } as RequestInit);
}

export async function startHelpServer(): Promise<HelpTestServer> {
  let base = "";
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const route = ROUTES.find(([re, method]) => re.test(path) && method === req.method);
    if (!route) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found", issues: [] }));
      return;
    }
    try {
      const params = route[0].exec(path)?.groups ?? {};
      const response = await (route[2] as Handler)(toWebRequest(req, base), { params: Promise.resolve({ ...params }) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (!response.body) return void res.end();
      // Streamed as produced: each SSE frame reaches the socket when the pipeline emits it.
      Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>).pipe(res);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Parses an SSE body into HelpEvents, checking that each frame's `event:` matches its data's type. */
function parseSse(text: string): HelpEvent[] {
  return text
    .split("\n\n")
    .filter((f) => f.trim())
    .map((frame) => {
      const name = /^event: (.+)$/m.exec(frame)?.[1];
      const data = /^data: (.+)$/m.exec(frame)?.[1];
      const e = JSON.parse(data ?? "null") as HelpEvent;
      if (e?.type !== name) throw new Error(`SSE frame event "${name}" does not match data type "${e?.type}"`);
      return e;
    });
}

/** Reads an SSE response incrementally; calls onEvent as each frame arrives. */
export async function readSse(res: Response, onEvent?: (e: HelpEvent, atMs: number) => void): Promise<HelpEvent[]> {
  const t0 = performance.now();
  const dec = new TextDecoder();
  let buf = "";
  const out: HelpEvent[] = [];
  // Node's web streams are async iterable; the DOM typings do not say so.
  for await (const value of res.body! as unknown as AsyncIterable<Uint8Array>) {
    buf += dec.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const frame = buf.slice(0, i + 2);
      buf = buf.slice(i + 2);
      for (const e of parseSse(frame)) {
        out.push(e);
        onEvent?.(e, performance.now() - t0);
      }
    }
  }
  return out;
}
