import { RateLimiterPostgres } from "rate-limiter-flexible";
import { pool } from "../db/client";

/**
 * Brute-force protection for the sign-in form, with rate-limiter-flexible's RateLimiterPostgres
 * (its documented login-protection recipe): failed attempts are counted in Postgres
 * (`login_rate_limits`, created by our migration), so the limit holds across every stateless web
 * process and across restarts. Two counters:
 * - per account: MAX_FAILS_PER_EMAIL failures within the window lock that email for LOCK_SECONDS
 *   (unknown emails too, so a lock reveals nothing); a successful sign-in resets it;
 * - per client IP: MAX_FAILS_PER_IP failures within the window block that IP, whatever email it
 *   tries (slows a password spray).
 * On top of that every attempt costs a scrypt hash, which already makes guessing slow.
 */

export const MAX_FAILS_PER_EMAIL = 10;
const MAX_FAILS_PER_IP = 50;
const WINDOW_SECONDS = 15 * 60;
const LOCK_SECONDS = 15 * 60;

export interface Lockout {
  retryAfterSeconds: number;
  message: string;
}

interface Limiters {
  email: RateLimiterPostgres;
  ip: RateLimiterPostgres;
}

const globalForThrottle = globalThis as unknown as { vigilLoginLimiters?: Limiters };

function limiters(): Limiters {
  const make = (keyPrefix: string, points: number) =>
    new RateLimiterPostgres({
      storeClient: pool(),
      storeType: "pool",
      tableName: "login_rate_limits",
      tableCreated: true,
      keyPrefix,
      points,
      duration: WINDOW_SECONDS,
    });
  globalForThrottle.vigilLoginLimiters ??= { email: make("login_email", MAX_FAILS_PER_EMAIL), ip: make("login_ip", MAX_FAILS_PER_IP) };
  return globalForThrottle.vigilLoginLimiters;
}

const minutes = (s: number) => Math.max(1, Math.ceil(s / 60));

/** Non-null when this email or IP is locked out right now; checked before the password is. */
export async function loginLockout(email: string, ip: string | null): Promise<Lockout | null> {
  const l = limiters();
  const [byEmail, byIp] = await Promise.all([l.email.get(email), ip ? l.ip.get(ip) : null]);
  if (byEmail && byEmail.consumedPoints >= MAX_FAILS_PER_EMAIL) {
    const s = Math.ceil(byEmail.msBeforeNext / 1000);
    return { retryAfterSeconds: s, message: `Too many failed sign-in attempts for this account. It is locked for ${minutes(s)} more minute(s).` };
  }
  if (byIp && byIp.consumedPoints >= MAX_FAILS_PER_IP) {
    const s = Math.ceil(byIp.msBeforeNext / 1000);
    return { retryAfterSeconds: s, message: `Too many failed sign-in attempts from your network. Try again in ${minutes(s)} minute(s).` };
  }
  return null;
}

/** Counts a failed attempt; the failure that reaches a limit starts a full LOCK_SECONDS lock. */
export async function recordLoginFailure(email: string, ip: string | null): Promise<void> {
  const l = limiters();
  const count = async (limiter: RateLimiterPostgres, key: string, max: number) => {
    // consume() rejects (with the limiter's result) once the points are used up: that is a lock too.
    const res = await limiter.consume(key).catch((r: unknown) => {
      if (r instanceof Error) throw r; // database trouble, not a limit
      return r;
    });
    const used = (res as { consumedPoints?: number }).consumedPoints ?? max;
    if (used >= max) await limiter.block(key, LOCK_SECONDS);
  };
  await Promise.all([count(l.email, email, MAX_FAILS_PER_EMAIL), ip ? count(l.ip, ip, MAX_FAILS_PER_IP) : null]);
}

export async function recordLoginSuccess(email: string): Promise<void> {
  await limiters().email.delete(email);
}
