/** Helpers for route-handler integration tests: real Request objects, real keys, real DB. */
import type { ApiKeyScope } from "../server/auth/api-keys";
import { createApiKey } from "../server/auth/api-keys";
import { db } from "../server/db/client";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  path?: string;
  /** Object → JSON; string or bytes → sent verbatim (malformed input tests); undefined → no body. */
  body?: unknown;
  key?: string | null;
  headers?: Record<string, string>;
  params?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function call(handler: unknown, opts: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization ??= `Bearer ${opts.key}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" ? opts.body : opts.body instanceof Uint8Array ? new Uint8Array(opts.body) : JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const req = new Request(`http://localhost${opts.path ?? "/api/v1/test"}`, { method: opts.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  const res = await (handler as Handler)(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // leave as text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export async function makeKey(scopes: ApiKeyScope[], extra: { expiresAt?: Date } = {}): Promise<string> {
  return (await createApiKey(db(), { name: `test ${scopes.join("+")}`, scopes, ...extra })).secret;
}

export async function makeAgents(ids: string[]): Promise<void> {
  await db().agent.createMany({ data: ids.map((id) => ({ id, name: id })), skipDuplicates: true });
}

/** The API's error shape (docs/api.md): `{error: string, issues: [{index, path, message}]}`. */
export function isErrorShape(body: unknown): boolean {
  const b = body as { error?: unknown; issues?: unknown };
  return (
    typeof b?.error === "string" &&
    Array.isArray(b.issues) &&
    b.issues.every((i: { index?: unknown; path?: unknown; message?: unknown }) => (i.index === null || Number.isInteger(i.index)) && typeof i.path === "string" && typeof i.message === "string")
  );
}
