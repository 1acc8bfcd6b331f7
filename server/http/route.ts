import type { z } from "zod";
import type { ApiKeyScope } from "../auth/api-keys";
import { sessionFromHeaders, type CurrentSession } from "../auth/session";
import { observeRequest } from "../observability/registry";
import type { AuthedKey } from "./auth";
import { authenticate } from "./auth";
import { MAX_BODY_BYTES, parseJson, readBodyBytes, decodeUtf8 } from "./body";
import { dataExceptionDetail, isDatabaseUnavailable } from "./db-errors";
import { ApiError, errorResponse, issue, json } from "./errors";
import { parseQuery } from "./query";
import { enforceKeyRateLimit } from "./rate-limit";
import { zodIssues } from "./zod-issues";

/**
 * The one way an `app/**` route handler is declared. A route file declares its methods, then
 * exports `dynamic`, `runtime` (Next reads those statically, so they stay in the file) and every
 * method built by `apiRoutes`:
 *
 *   const routes = apiRoutes({
 *     POST: apiRoute({ auth: { scope: "ingest" }, body: schema, status: 201, handler: ({ body }) => … }),
 *   });
 *
 *   export const dynamic = "force-dynamic";
 *   export const runtime = "nodejs";
 *   export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routes;
 *
 * `apiRoute` declares one method; the helper owns, in this order: auth (API key scope,
 * dashboard session, or public), the per-key rate limit, path params, the strict query string,
 * reading the body (one size limit, gzip/deflate accepted) and its zod validation, then the
 * error shape `{error, issues: [{index, path, message}]}` for anything thrown, 503 +
 * Retry-After when the database is unreachable, and request metrics. `apiRoutes` binds a path's
 * methods: every HTTP method is exported, so a method the path does not declare answers a JSON
 * 405 with `Allow` instead of Next's empty 405, and OPTIONS lists the declared methods.
 * Status codes and the error shape are documented in docs/api.md.
 */

export const RETRY_AFTER_SECONDS = 5;

/** Who may call: an API key with a scope, a signed-in dashboard user, or anyone. */
type AuthSpec = { scope: ApiKeyScope } | { session: true } | "public";

/**
 * How the body is read. A zod schema: JSON validated by it (400 with every issue). "json": parsed
 * but unvalidated (batch routes validate item by item). "text" / "bytes": decoded within the size
 * limit for routes with their own format (NDJSON/CSV, multipart, protobuf). "raw": untouched, for
 * the tRPC and Better Auth adapters that read the request themselves.
 */
type BodySpec = z.ZodType | "json" | "text" | "bytes" | "raw";

type BodyOf<B> = B extends z.ZodType ? z.output<B> : B extends "json" ? unknown : B extends "text" ? string : B extends "bytes" ? Buffer : undefined;
type OutOf<S> = S extends z.ZodType ? z.output<S> : undefined;
type KeyOf<A> = A extends { scope: ApiKeyScope } ? AuthedKey : A extends () => AuthSpec ? AuthedKey | null : null;
type SessionOf<A> = A extends { session: true } ? CurrentSession : null;

interface RouteContext<A, Q, B, P> {
  req: Request;
  query: OutOf<Q>;
  body: BodyOf<B>;
  params: OutOf<P>;
  key: KeyOf<A>;
  session: SessionOf<A>;
}

interface RouteConfig<A, Q, B, P> {
  /** A function when the requirement depends on configuration (the Prometheus scrape). */
  auth: A;
  /** Strict zod object for the query string (unknown parameters are a 400). */
  query?: Q;
  body?: B;
  /** An empty (or blank) body is allowed: the schema then validates `{}` (heartbeats may be bare pings). */
  emptyBody?: boolean;
  /** Largest body after decompression; MAX_BODY_BYTES unless the route raises it. */
  maxBytes?: number;
  /** zod object for the path segments; a mismatch is a 404 (no such resource). */
  params?: P;
  /** An extra limit on top of the per-key one (the dashboard chat's per-user limit), checked before the body is read. */
  rateLimit?: (caller: { key: KeyOf<A>; session: SessionOf<A> }) => Promise<void>;
  /** Refuse a cross-site Origin on non-GET requests (session-cookie routes: CSRF). */
  sameOrigin?: boolean;
  /** Status of a plain-object result (default 200). */
  status?: number;
  handler: (ctx: RouteContext<A, Q, B, P>) => Promise<Response | object> | Response | object;
}

/** What Next calls: the request and a promise of the path's dynamic segments. */
type RouteHandler = ((req: Request, ctx?: { params: Promise<unknown> }) => Promise<Response>) & { [ROUTE_MARK]: RouteMark };

/** Set on every exported method so a test can prove each route file was built here. */
export const ROUTE_MARK = Symbol.for("vigil.apiRoute");
export interface RouteMark {
  /** Methods the path declares (what `Allow` lists, besides HEAD and OPTIONS). */
  methods: string[];
}

type Endpoint = (req: Request, params: Promise<unknown> | undefined) => Promise<Response>;

/** One method of a path. Used only inside `apiRoutes({...})`. */
export function apiRoute<A extends AuthSpec | (() => AuthSpec), Q extends z.ZodType | undefined = undefined, B extends BodySpec | undefined = undefined, P extends z.ZodType | undefined = undefined>(
  config: RouteConfig<A, Q, B, P>,
): Endpoint {
  return async (req, paramsPromise) => {
    if (config.sameOrigin && crossSite(req)) throw new ApiError(403, "cross-site request refused");
    const auth: AuthSpec = typeof config.auth === "function" ? (config.auth as () => AuthSpec)() : (config.auth as AuthSpec);
    let key: AuthedKey | null = null;
    let session: CurrentSession | null = null;
    if (auth !== "public" && "scope" in auth) {
      key = await authenticate(req.headers, auth.scope);
      await enforceKeyRateLimit(key.id);
    } else if (auth !== "public") {
      session = await sessionFromHeaders(req.headers, req.url);
      if (!session) throw new ApiError(401, "sign in first: this endpoint needs a dashboard session");
    }
    if (config.rateLimit) await config.rateLimit({ key, session } as { key: KeyOf<A>; session: SessionOf<A> });
    const params = config.params ? validateParams(config.params, (await paramsPromise) ?? {}) : undefined;
    const query = config.query ? parseQuery(req, config.query) : undefined;
    const body = await readBody(req, config);
    const result = await config.handler({ req, query, body, params, key, session } as RouteContext<A, Q, B, P>);
    return result instanceof Response ? result : json(result, config.status ?? 200);
  };
}

function validateParams(schema: z.ZodType, raw: unknown): unknown {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ApiError(404, "not found", zodIssues(parsed.error, null));
  return parsed.data;
}

async function readBody(req: Request, config: { body?: BodySpec; emptyBody?: boolean; maxBytes?: number }): Promise<unknown> {
  const spec = config.body;
  if (spec === undefined || spec === "raw") return undefined;
  const bytes = await readBodyBytes(req, config.maxBytes ?? MAX_BODY_BYTES);
  if (spec === "bytes") return bytes;
  if (spec === "text") return decodeUtf8(bytes);
  const value = config.emptyBody && decodeUtf8(bytes).trim() === "" ? {} : parseJson(bytes);
  if (spec === "json") return value;
  const parsed = spec.safeParse(value);
  if (!parsed.success) throw new ApiError(400, "invalid request body", zodIssues(parsed.error, null));
  return parsed.data;
}

/**
 * A browser always sends Origin on a cross-site POST; refusing foreign origins stops CSRF against
 * the session cookie even where SameSite=Lax would not (e.g. a sibling subdomain).
 */
function crossSite(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (!origin || req.method === "GET" || req.method === "HEAD") return false;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

const DECLARABLE = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Declarable = (typeof DECLARABLE)[number];
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Method = (typeof HTTP_METHODS)[number];

/**
 * Every HTTP method Next routes, for one path. Declared methods run their endpoint; HEAD runs GET
 * (Node drops the body); OPTIONS answers 204 with `Allow`; anything else is a JSON 405 with
 * `Allow`. `"*"` answers every method the same way (the unknown-path 404). `metricsPath` is the
 * request-metrics label for paths whose segments the client chooses (ids, tRPC procedures).
 * All seven are exported because Next fills only missing HEAD/OPTIONS itself and answers other
 * missing methods with an empty 405.
 */
export function apiRoutes(endpoints: Partial<Record<Declarable | "*", Endpoint>>, opts: { metricsPath?: string } = {}): Record<Method, RouteHandler> {
  const declared = DECLARABLE.filter((m) => endpoints[m]);
  const allow = [...declared, ...(endpoints.GET ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const pick = (method: Method): Endpoint => {
    const any = endpoints["*"];
    if (any) return any;
    const own = method === "HEAD" ? endpoints.GET : method === "OPTIONS" ? undefined : endpoints[method];
    if (own) return own;
    if (method === "OPTIONS") return async () => new Response(null, { status: 204, headers: { allow } });
    return async (req) => {
      throw new ApiError(405, `method ${req.method} not allowed on ${new URL(req.url).pathname}: use ${allow}`, [issue("", `allowed methods: ${allow}`)], { allow });
    };
  };
  const out = {} as Record<Method, RouteHandler>;
  // A path with client-chosen parts names its metrics label, so clients cannot grow the label set.
  const label = opts.metricsPath ?? null;
  for (const method of HTTP_METHODS) out[method] = bind(pick(method), { methods: endpoints["*"] ? [...DECLARABLE] : declared }, label);
  return out;
}

function bind(endpoint: Endpoint, mark: RouteMark, label: string | null): RouteHandler {
  const handler = async (req: Request, ctx?: { params: Promise<unknown> }) => {
    const startedAt = performance.now();
    let res: Response;
    try {
      res = await endpoint(req, ctx?.params);
    } catch (err) {
      res = handleError(err, req);
    }
    observeRequest(label ? new Request(new URL(label, req.url), { method: req.method }) : req, res.status, startedAt);
    return res;
  };
  return Object.assign(handler, { [ROUTE_MARK]: mark });
}

/** Any thrown value → the standard error response (never a stack trace). */
export function handleError(err: unknown, req: Request): Response {
  if (err instanceof ApiError) return errorResponse(err);
  if (isDatabaseUnavailable(err)) {
    return json({ error: `database unavailable: retry in ${RETRY_AFTER_SECONDS} s`, issues: [] }, 503, { "retry-after": String(RETRY_AFTER_SECONDS) });
  }
  // Postgres refused a value validation let through: the client's input, so a 400 like any invalid input.
  const refused = dataExceptionDetail(err);
  if (refused !== null) {
    // The database's own message stays in the server log: it names internals, not the client's field.
    console.warn(`[api] ${req.method} ${new URL(req.url).pathname}: value refused by the database: ${refused}`);
    return errorResponse(new ApiError(400, "a value in the request cannot be stored (NUL characters, invalid Unicode or an out-of-range number or date)", [issue("", "remove NUL characters, invalid Unicode or out-of-range numbers/dates")]));
  }
  // Unexpected: log for operators (method + path only: no headers, so no keys in logs).
  console.error(`[api] ${req.method} ${new URL(req.url).pathname} failed:`, err);
  return json({ error: "internal error", issues: [] }, 500);
}

/** Every method of an /api path no route declares: JSON 404 (the catch-all route app/api/[...path]). */
export const unknownApiPath = apiRoutes({
  "*": apiRoute({
    auth: "public",
    handler: ({ req }) => {
      throw new ApiError(404, `no such API endpoint: ${req.method} ${new URL(req.url).pathname.slice(0, 200)} (see docs/api.md)`, [issue("", "unknown path")]);
    },
  }),
}, { metricsPath: "/api/{unknown}" });
