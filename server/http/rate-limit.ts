import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { config } from "../config";
import { db } from "../db/client";
import { getSecuritySettings } from "../settings/service";
import { ApiError } from "./errors";

/**
 * Per-API-key rate limit on the public API: N requests per minute per key
 * (VIGIL_RATE_LIMIT_PER_MINUTE, default 6000, or the admin's Settings value; 0 = off).
 * rate-limiter-flexible's in-memory limiter: a counter per key in a 60 s window, so a key may
 * burst its whole minute's budget at once, and the check costs microseconds on the ingest hot
 * path (no database round trip). Limits are per web process: with N processes behind a load
 * balancer a key gets up to N× the limit — fine for its purpose (one runaway client must not
 * starve the others), and documented.
 */

let current: { perMinute: number; limiter: RateLimiterMemory } | null = null;

async function perMinute(): Promise<number> {
  try {
    return (await getSecuritySettings(db())).apiRateLimitPerMinute;
  } catch {
    // Settings unreadable (database trouble): the environment's value still protects.
    return config().VIGIL_RATE_LIMIT_PER_MINUTE;
  }
}

/** Throws 429 with Retry-After when this key is over its limit. Other keys are unaffected. */
export async function enforceKeyRateLimit(keyId: string): Promise<void> {
  const limit = await perMinute();
  if (limit === 0) return;
  // A changed limit starts fresh counters (the old window's counts were against another limit).
  if (!current || current.perMinute !== limit) current = { perMinute: limit, limiter: new RateLimiterMemory({ points: limit, duration: 60 }) };
  await consumeOr429(current.limiter, keyId, (retry) => `rate limit exceeded: this API key may make ${limit} requests per minute; retry in ${retry} s`, {
    "ratelimit-limit": String(limit),
    "ratelimit-remaining": "0",
  });
}

/**
 * Takes one point for `key`, or throws 429 with Retry-After (and RateLimit-Reset) in the standard
 * error shape: the one way every in-memory limit of the web process answers.
 */
export async function consumeOr429(limiter: RateLimiterMemory, key: string, message: (retrySeconds: number) => string, headers: Record<string, string> = {}): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (r) {
    if (!(r instanceof RateLimiterRes)) throw r;
    const retry = Math.max(1, Math.ceil(r.msBeforeNext / 1000));
    throw new ApiError(429, message(retry), [], { "retry-after": String(retry), ...headers, "ratelimit-reset": String(retry) });
  }
}
