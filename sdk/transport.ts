/**
 * HTTP with retries for the SDK: exponential backoff with full jitter on network errors and on
 * 429/502/503/504, honouring Retry-After (seconds or an HTTP date) as the minimum wait. Other
 * 4xx answers are final: retrying a request the server rejected as invalid cannot succeed.
 */
export interface TransportOptions {
  baseUrl: string;
  apiKey: string;
  /** Attempts per request before giving up (the caller then buffers to disk). Default 4. */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class VigilHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    /** True when the request may succeed later (network down, 429, 503…). */
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(`Vigil answered ${status || "no response"}: ${typeof body === "string" ? body : JSON.stringify(body)?.slice(0, 300)}`);
    this.name = "VigilHttpError";
  }
}

const RETRYABLE_STATUS = new Set([408, 429, 502, 503, 504]);

export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Full jitter (AWS architecture blog): uniform in [0, min(max, base·2^attempt)]. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  return Math.round(random() * Math.min(maxMs, baseMs * 2 ** attempt));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Transport {
  private readonly opts: Required<Omit<TransportOptions, "fetch">> & { fetch: typeof fetch };
  constructor(opts: TransportOptions) {
    this.opts = {
      attempts: 4,
      baseDelayMs: 200,
      maxDelayMs: 10_000,
      timeoutMs: 10_000,
      fetch: globalThis.fetch,
      ...opts,
      baseUrl: opts.baseUrl.replace(/\/+$/, ""),
    };
  }

  /** One attempt. Resolves with the parsed JSON body on 2xx, else throws VigilHttpError. */
  async once(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    let res: Response;
    try {
      res = await this.opts.fetch(`${this.opts.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.opts.apiKey}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (e) {
      throw new VigilHttpError(0, (e as Error).message, true);
    }
    const text = await res.text().catch(() => "");
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (a proxy's error page): keep the text
    }
    if (res.ok) return parsed;
    throw new VigilHttpError(res.status, parsed, RETRYABLE_STATUS.has(res.status), parseRetryAfter(res.headers.get("retry-after")));
  }

  /** With retries; `attempts` overrides the default (1 = no retry). */
  async request(method: string, path: string, body?: unknown, opts: { headers?: Record<string, string>; attempts?: number } = {}): Promise<unknown> {
    const attempts = opts.attempts ?? this.opts.attempts;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(method, path, body, opts.headers);
      } catch (e) {
        const err = e as VigilHttpError;
        if (!err.retryable || attempt + 1 >= attempts) throw err;
        const wait = Math.max(backoffMs(attempt, this.opts.baseDelayMs, this.opts.maxDelayMs), Math.min(err.retryAfterMs ?? 0, this.opts.maxDelayMs));
        await sleep(wait);
      }
    }
  }
}
