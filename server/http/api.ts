import type { ApiKeyScope } from "../auth/api-keys";
import type { AuthedKey } from "./auth";
import { authenticate } from "./auth";
import { dataExceptionDetail, isDatabaseUnavailable } from "./db-errors";
import { ApiError, errorResponse, issue, json } from "./errors";
import { observeRequest } from "../observability/registry";
import { enforceKeyRateLimit } from "./rate-limit";

/**
 * The wrapper every public route handler goes through, so each route file is a few lines:
 * API-key auth with the needed scope, the per-key rate limit, the error shape of SPEC §4, and 503 + Retry-After when
 * the database is unreachable (never a hang or a stack trace). Route files still export
 * `dynamic = "force-dynamic"` and `runtime = "nodejs"` themselves: Next reads those statically.
 */

export const RETRY_AFTER_SECONDS = 5;

export interface ApiContext<P> {
  req: Request;
  params: P;
  /** null only for routes declared with `scope: null` (no auth). */
  key: AuthedKey | null;
}

type RouteHandler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

export function withApi<P extends Record<string, string> = Record<string, never>>(
  opts: { scope: ApiKeyScope | null },
  handler: (ctx: ApiContext<P>) => Promise<Response>,
): RouteHandler<P> {
  return async (req, ctx) => {
    const startedAt = performance.now();
    let res: Response;
    try {
      const key = opts.scope ? await authenticate(req.headers, opts.scope) : null;
      if (key) await enforceKeyRateLimit(key.id);
      const params = ((await ctx?.params) ?? {}) as P;
      res = await handler({ req, params, key });
    } catch (err) {
      res = handleError(err, req);
    }
    observeRequest(req, res.status, startedAt);
    return res;
  };
}

export function handleError(err: unknown, req: Request): Response {
  if (err instanceof ApiError) return errorResponse(err);
  if (isDatabaseUnavailable(err)) {
    return json(
      { error: `database unavailable: retry in ${RETRY_AFTER_SECONDS} s`, issues: [] },
      503,
      { "retry-after": String(RETRY_AFTER_SECONDS) },
    );
  }
  const refused = dataExceptionDetail(err);
  if (refused !== null) {
    return errorResponse(new ApiError(422, `a value in the request cannot be stored: ${refused}`, [issue("", "remove NUL characters, invalid Unicode or out-of-range numbers/dates")]));
  }
  // Unexpected: log for operators (method + path only: no headers, so no keys in logs).
  console.error(`[api] ${req.method} ${new URL(req.url).pathname} failed:`, err);
  return json({ error: "internal error", issues: [] }, 500);
}
