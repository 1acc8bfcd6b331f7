import { createHash } from "node:crypto";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { pool } from "../db/client";

/**
 * Brute-force protection for the sign-in form, with rate-limiter-flexible's RateLimiterPostgres:
 * failed attempts are counted in Postgres (`login_rate_limits`), so the limits hold across every
 * stateless web process and across restarts.
 *
 * A lock must not be a way to keep someone else out, so nothing locks an account as a whole:
 * - per (account, client): MAX_FAILS_PER_CLIENT failures within the window lock that account for
 *   that client only. The client is the browser's device cookie when it holds a valid one for this
 *   account (server/auth/device-cookie.ts: it signed in here before), else its IP (from a trusted
 *   proxy, server/http/client-ip.ts), else "unknown" (every client whose address Vigil cannot
 *   know shares it). An attacker elsewhere locks only themselves; the owner's browser still gets in.
 * - progressive: each further lock of the same pair within a day lasts twice as long (15 min,
 *   30 min, 1 h … capped at 24 h), so a patient attacker gets ever fewer guesses.
 * - per IP (only when the IP is known): MAX_FAILS_PER_IP failures within the window block that
 *   IP whatever account it tries (slows a password spray). A browser with a device cookie for the
 *   account it signs in to is exempt: a neighbour behind the same NAT cannot block it.
 * Unknown emails are counted the same way, so a lock reveals nothing. A success clears the pair.
 * Admins clear an account's locks from the Users page or with `npm run admin -- unlock <email>`.
 * On top of that every attempt costs a scrypt hash, which already makes guessing slow.
 */

export const MAX_FAILS_PER_CLIENT = 10;
export const MAX_FAILS_PER_IP = 50;
const WINDOW_SECONDS = 15 * 60;
const BASE_LOCK_SECONDS = 15 * 60;
const MAX_LOCK_SECONDS = 24 * 3600;
const STRIKE_MEMORY_SECONDS = 24 * 3600;

const TABLE = "login_rate_limits";
const PREFIX = { pair: "login_pair", strikes: "login_strikes", ip: "login_ip" } as const;

export interface LoginClient {
  ip: string | null;
  /** Id of a device cookie valid for the account being signed in to. */
  device: string | null;
}

export interface Lockout {
  retryAfterSeconds: number;
  message: string;
}

interface Limiters {
  pair: RateLimiterPostgres;
  strikes: RateLimiterPostgres;
  ip: RateLimiterPostgres;
}

const globalForThrottle = globalThis as unknown as { vigilLoginLimiters2?: Limiters };

function limiters(): Limiters {
  const make = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterPostgres({ storeClient: pool(), storeType: "pool", tableName: TABLE, tableCreated: true, keyPrefix, points, duration });
  globalForThrottle.vigilLoginLimiters2 ??= {
    pair: make(PREFIX.pair, MAX_FAILS_PER_CLIENT, WINDOW_SECONDS),
    strikes: make(PREFIX.strikes, 1000, STRIKE_MEMORY_SECONDS),
    ip: make(PREFIX.ip, MAX_FAILS_PER_IP, WINDOW_SECONDS),
  };
  return globalForThrottle.vigilLoginLimiters2;
}

// Emails go up to 320 characters and the key column to 255: key on a digest of the email.
const accountKey = (email: string) => createHash("sha256").update(email).digest("hex").slice(0, 32);
const clientKey = (c: LoginClient) => (c.device ? `device:${c.device}` : c.ip ? `ip:${c.ip}` : "unknown");
const pairKey = (email: string, c: LoginClient) => `${accountKey(email)}|${clientKey(c)}`;

/** How long the n-th lock of a pair within a day lasts. */
export function lockSeconds(strike: number): number {
  return Math.min(MAX_LOCK_SECONDS, BASE_LOCK_SECONDS * 2 ** Math.max(0, Math.min(strike - 1, 20)));
}

export function waitText(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} second(s)`;
  if (seconds < 3600) return `${Math.ceil(seconds / 60)} minute(s)`;
  return `${Math.ceil(seconds / 3600)} hour(s)`;
}

/** Non-null when this client may not try this account right now; checked before the password is. */
export async function loginLockout(email: string, client: LoginClient): Promise<Lockout | null> {
  const l = limiters();
  const [byPair, byIp] = await Promise.all([l.pair.get(pairKey(email, client)), client.ip && !client.device ? l.ip.get(client.ip) : null]);
  if (byPair && byPair.consumedPoints >= MAX_FAILS_PER_CLIENT) {
    const s = Math.ceil(byPair.msBeforeNext / 1000);
    return {
      retryAfterSeconds: s,
      message: `Too many failed sign-in attempts for this account from this browser or network. Try again in ${waitText(s)}, or ask an administrator to unlock the account.`,
    };
  }
  if (byIp && byIp.consumedPoints >= MAX_FAILS_PER_IP) {
    const s = Math.ceil(byIp.msBeforeNext / 1000);
    return { retryAfterSeconds: s, message: `Too many failed sign-in attempts from your network. Try again in ${waitText(s)}.` };
  }
  return null;
}

/** consume() rejects with the limiter's result once the points are used up: that is a count too. */
async function count(limiter: RateLimiterPostgres, key: string): Promise<number> {
  const res = await limiter.consume(key).catch((r: unknown) => {
    if (r instanceof Error) throw r; // database trouble, not a limit
    return r;
  });
  return (res as { consumedPoints?: number }).consumedPoints ?? Number.MAX_SAFE_INTEGER;
}

/** Counts a failed attempt; the one that reaches a limit starts a lock (longer for each repeat). */
export async function recordLoginFailure(email: string, client: LoginClient): Promise<void> {
  const l = limiters();
  const key = pairKey(email, client);
  const pairFails = async () => {
    if ((await count(l.pair, key)) < MAX_FAILS_PER_CLIENT) return;
    const strike = await count(l.strikes, key);
    await l.pair.block(key, lockSeconds(strike));
  };
  const ipFails = async () => {
    if (!client.ip) return;
    if ((await count(l.ip, client.ip)) >= MAX_FAILS_PER_IP) await l.ip.block(client.ip, BASE_LOCK_SECONDS);
  };
  await Promise.all([pairFails(), ipFails()]);
}

/** The right password from this client: its count starts again (earlier strikes are remembered for a day). */
export async function recordLoginSuccess(email: string, client: LoginClient): Promise<void> {
  await limiters().pair.delete(pairKey(email, client));
}

const accountPrefixes = (email: string) => [PREFIX.pair, PREFIX.strikes].map((p) => `${p}:${accountKey(email)}|`);

/** Clears every lock, count and strike of one account (all clients). Returns how many clients were locked. */
export async function unlockAccount(email: string): Promise<number> {
  const [pairs, strikes] = accountPrefixes(email) as [string, string];
  const res = await pool().query<{ locked: string }>(
    `WITH gone AS (DELETE FROM ${TABLE} WHERE left(key, $3) = $1 OR left(key, $4) = $2 RETURNING key, points, expire)
     SELECT count(*) FILTER (WHERE left(key, $3) = $1 AND points >= $5 AND (expire IS NULL OR expire > $6))::text AS locked FROM gone`,
    [pairs, strikes, pairs.length, strikes.length, MAX_FAILS_PER_CLIENT, Date.now()],
  );
  return Number(res.rows[0]?.locked ?? 0);
}

/** Normalised emails that are locked for at least one client right now (for the Users page). */
export async function lockedAccounts(emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const byKey = new Map(emails.map((e) => [`${PREFIX.pair}:${accountKey(e)}|`, e]));
  const res = await pool().query<{ key: string }>(
    `SELECT key FROM ${TABLE} WHERE left(key, $1) = ANY($2::text[]) AND points >= $3 AND (expire IS NULL OR expire > $4)`,
    [`${PREFIX.pair}:`.length + 33, [...byKey.keys()], MAX_FAILS_PER_CLIENT, Date.now()],
  );
  return new Set(res.rows.map((r) => byKey.get(r.key.slice(0, `${PREFIX.pair}:`.length + 33))!).filter(Boolean));
}
