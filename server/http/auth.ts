import type { ApiKeyScope } from "../auth/api-keys";
import { hasScope, hashApiKey } from "../auth/api-keys";
import { db } from "../db/client";
import { ApiError } from "./errors";

/**
 * API-key authentication for the public API (docs/api.md). Keys are looked up by sha256 hash;
 * lookups are cached in-process for a few seconds so auth costs no round trip on the hot
 * ingestion path. Revoking a key in the dashboard drops it from this process's cache at once
 * (forgetApiKey); other web processes notice within CACHE_TTL_MS.
 */

export interface AuthedKey {
  id: string;
  scopes: string[];
}

interface KeyRecord {
  id: string;
  scopes: string[];
  expiresAt: number | null;
  revokedAt: number | null;
}

const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 5_000;
// lastUsedAt is informational: writing it on every request would double the ingest write load.
const TOUCH_EVERY_MS = 60_000;
const MAX_KEY_LENGTH = 256;

// Insertion-ordered Map used as an LRU: a hit is re-inserted, the oldest entry is evicted first.
// Unknown keys are cached too (as null) so a client with a wrong key cannot hammer the database.
const cache = new Map<string, { record: KeyRecord | null; until: number }>();
const lastTouched = new Map<string, number>();

/** Tests drop the whole cache. */
export function clearAuthCache(): void {
  cache.clear();
  lastTouched.clear();
}

/** A revoked key: the next request with it in this process goes to the database (and fails). */
export function forgetApiKey(hash: string): void {
  cache.delete(hash);
}

/** The secret from `Authorization: Bearer`, `x-api-key`, or HTTP Basic (key as password). */
export function extractApiKey(headers: Headers): string | null {
  const header = headers.get("x-api-key")?.trim();
  if (header) return header;
  const auth = headers.get("authorization")?.trim();
  if (!auth) return null;
  const space = auth.indexOf(" ");
  const scheme = (space < 0 ? auth : auth.slice(0, space)).toLowerCase();
  const value = space < 0 ? "" : auth.slice(space + 1).trim();
  if (scheme === "bearer") return value || null;
  if (scheme === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return decoded || null;
    // `curl -u KEY:` puts the key in the user part; accept that too.
    return decoded.slice(colon + 1) || decoded.slice(0, colon) || null;
  }
  throw new ApiError(401, `unsupported Authorization scheme '${scheme}': use Bearer <api key>, x-api-key, or Basic with the key as password`, [], {
    "www-authenticate": 'Bearer realm="vigil"',
  });
}

// Concurrent misses for one key share a single query (a busy agent's key expiring from the
// cache would otherwise send a burst of identical lookups).
const inflight = new Map<string, Promise<KeyRecord | null>>();

async function fetchKey(hash: string): Promise<KeyRecord | null> {
  const row = await db().apiKey.findUnique({
    where: { hash },
    select: { id: true, scopes: true, expiresAt: true, revokedAt: true },
  });
  const record = row
    ? { id: row.id, scopes: row.scopes, expiresAt: row.expiresAt?.getTime() ?? null, revokedAt: row.revokedAt?.getTime() ?? null }
    : null;
  cache.delete(hash);
  cache.set(hash, { record, until: Date.now() + CACHE_TTL_MS });
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  return record;
}

async function lookup(hash: string): Promise<KeyRecord | null> {
  const hit = cache.get(hash);
  if (hit && hit.until > Date.now()) {
    cache.delete(hash);
    cache.set(hash, hit);
    return hit.record;
  }
  let pending = inflight.get(hash);
  if (!pending) {
    pending = fetchKey(hash).finally(() => inflight.delete(hash));
    inflight.set(hash, pending);
  }
  return pending;
}

function touch(id: string): void {
  const now = Date.now();
  if ((lastTouched.get(id) ?? 0) > now - TOUCH_EVERY_MS) return;
  lastTouched.set(id, now);
  if (lastTouched.size > CACHE_MAX) lastTouched.delete(lastTouched.keys().next().value!);
  // Fire-and-forget: never delays or fails the request.
  db()
    .apiKey.update({ where: { id }, data: { lastUsedAt: new Date(now) } })
    .catch(() => lastTouched.delete(id));
}

const unauthorized = (message: string) => new ApiError(401, message, [], { "www-authenticate": 'Bearer realm="vigil"' });

/** Returns the caller's key or throws 401 (missing/invalid/revoked/expired) or 403 (scope). */
export async function authenticate(headers: Headers, scope: ApiKeyScope): Promise<AuthedKey> {
  const secret = extractApiKey(headers);
  if (!secret) throw unauthorized("missing API key: send 'Authorization: Bearer <api key>' (or x-api-key)");
  if (secret.length > MAX_KEY_LENGTH) throw unauthorized("invalid API key");
  const record = await lookup(hashApiKey(secret));
  if (!record) throw unauthorized("invalid API key");
  const now = Date.now();
  if (record.revokedAt !== null && record.revokedAt <= now) throw unauthorized("API key has been revoked");
  if (record.expiresAt !== null && record.expiresAt <= now) throw unauthorized("API key has expired");
  if (!hasScope(record.scopes, scope)) throw new ApiError(403, `API key lacks the '${scope}' scope needed for this request`);
  touch(record.id);
  return { id: record.id, scopes: record.scopes };
}
