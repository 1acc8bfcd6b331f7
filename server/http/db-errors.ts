/**
 * Recognises "the database is not there right now" errors, whichever layer raised them (pg,
 * pg-pool, @prisma/adapter-pg, Prisma client), so the API can answer 503 + Retry-After instead
 * of a 500: clients retry 503s, and a 500 would suggest the request itself was wrong.
 */

// Socket-level failures and pg-pool's own connect timeout.
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "EPIPE"]);
// Postgres SQLSTATEs: 08xxx connection exceptions, 57P01-57P03 shutdown / not yet accepting, 53300 too many connections.
const PG_CODES = /^(08...|57P0[123]|53300)$/;
// Prisma: can't reach server, timed out, server closed the connection, pool timeout.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// @prisma/adapter-pg's mapped error kinds.
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "DatabaseDoesNotExist"]);
const MESSAGES =
  /timeout exceeded when trying to connect|connection terminated|connect ECONNREFUSED|Connection refused|the database system is (starting up|shutting down|in recovery mode)|Can't reach database server|Server has closed the connection|Client has encountered a connection error|Cannot use a pool after calling end|database unreachable/i;

class DatabaseTimeoutError extends Error {
  constructor(ms: number) {
    super(`database unreachable: no answer within ${ms} ms`);
    this.name = "DatabaseTimeoutError";
  }
}

/**
 * Every error object in a chain: `cause`, Prisma's `meta.driverAdapterError` (raw queries
 * wrap adapter errors there as P2010) and AggregateError's `errors` (ECONNREFUSED on ::1 and
 * 127.0.0.1 at once).
 */
function errorChain(err: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const queue: unknown[] = [err];
  const seen = new Set<unknown>();
  while (queue.length && out.length < 20) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const o = e as Record<string, unknown>;
    out.push(o);
    queue.push(o.cause, (o.meta as Record<string, unknown> | undefined)?.driverAdapterError);
    if (Array.isArray(o.errors)) queue.push(...o.errors);
  }
  return out;
}

export function isDatabaseUnavailable(err: unknown): boolean {
  return errorChain(err).some(
    (o) =>
      o instanceof DatabaseTimeoutError ||
      (typeof o.code === "string" && (NODE_CODES.has(o.code) || PG_CODES.test(o.code) || PRISMA_CODES.has(o.code))) ||
      (typeof o.errorCode === "string" && PRISMA_CODES.has(o.errorCode)) ||
      (typeof o.kind === "string" && ADAPTER_KINDS.has(o.kind)) ||
      (typeof o.message === "string" && MESSAGES.test(o.message)),
  );
}

/** Constraint violation of the given adapter kind / SQLSTATE / Prisma code, at any depth. */
export function isConstraintViolation(err: unknown, kind: "ForeignKeyConstraintViolation" | "UniqueConstraintViolation"): boolean {
  const [sqlstate, prismaCode] = kind === "ForeignKeyConstraintViolation" ? ["23503", "P2003"] : ["23505", "P2002"];
  return errorChain(err).some((o) => o.kind === kind || o.code === sqlstate || o.originalCode === sqlstate || o.code === prismaCode);
}

/**
 * Postgres refused a value (SQLSTATE class 22, data exception: NUL in text/jsonb, invalid
 * encoding, number or date out of range). Input validation should catch these first; this is
 * the safety net so a hostile value that slips through is the client's 4xx, never a 500.
 */
export function dataExceptionDetail(err: unknown): string | null {
  for (const o of errorChain(err)) {
    const code = typeof o.code === "string" ? o.code : typeof o.originalCode === "string" ? o.originalCode : null;
    if (code && /^22[0-9A-Z]{3}$/.test(code)) return typeof o.message === "string" ? o.message.slice(0, 200) : code;
  }
  return null;
}

/** Rejects after `ms` so a stalled database turns into a quick answer instead of a hang. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeoutError(ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
