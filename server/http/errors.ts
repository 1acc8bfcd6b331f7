/**
 * The one error shape of the public API (docs/api.md): `{error, issues: [{index, path, message}]}`.
 * `index` is the item's position in a batch (null for request-level problems) and `path` the
 * dotted field path inside that item, so a client can point at exactly what to fix.
 */
export interface Issue {
  index: number | null;
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: Issue[] = [],
    readonly headers: Record<string, string> = {},
    /** Extra top-level fields (e.g. `accepted: 0, rejected` for an all-invalid batch). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Request-level issue (not tied to a batch item). */
export function issue(path: string, message: string, index: number | null = null): Issue {
  return { index, path, message };
}

// BigInt ids (heartbeats, metrics, events) travel as strings: JSON has no 64-bit integers.
function replacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body, replacer), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

export function errorResponse(err: ApiError): Response {
  return json({ error: err.message, issues: err.issues, ...err.extra }, err.status, err.headers);
}
