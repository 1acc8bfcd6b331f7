/**
 * Brief worker logging. Errors are reduced to a code and a one-line message with anything that
 * looks like a credential removed: connection strings never reach the log.
 */

function redact(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, "$1***@") // scheme://user:pass@host
    .replace(/(password|passwd|pwd|secret|token|api[_-]?key)(\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi, "$1$2***")
    .replace(/vgl_[A-Za-z0-9_-]{8,}/g, "vgl_***");
}

export function errorMessage(e: unknown): string {
  const err = e as { code?: unknown; message?: unknown } | null;
  const code = err && typeof err.code === "string" ? `${err.code} ` : "";
  const msg = err && typeof err.message === "string" ? err.message : String(e);
  const oneLine = msg.split("\n").map((l) => l.trim()).filter(Boolean).slice(0, 2).join(" — ");
  return redact(`${code}${oneLine}`).slice(0, 300);
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004"]);

/** True for errors that mean "the database is unreachable right now" (retry later). */
function isConnectionError(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!err) return false;
  if (typeof err.code === "string" && CONNECTION_CODES.has(err.code)) return true;
  const msg = typeof err.message === "string" ? err.message : "";
  if (/ECONNREFUSED|ECONNRESET|Connection terminated|connection timeout|timeout exceeded when trying to connect|terminating connection|Can't reach database|the database system is (starting|shutting) up|Client has encountered a connection error/i.test(msg)) return true;
  return err.cause ? isConnectionError(err.cause) : false;
}

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string, e?: unknown): void;
}

export function createLogger(prefix = "worker", sink: (line: string) => void = (l) => console.log(l)): Logger {
  const line = (level: string, msg: string) => sink(`${new Date().toISOString()} [${prefix}] ${level === "info" ? "" : `${level}: `}${redact(msg)}`);
  return {
    info: (m) => line("info", m),
    warn: (m) => line("warn", m),
    error: (m, e) => line("error", e === undefined ? m : `${m}: ${errorMessage(e)}`),
  };
}

/**
 * Logs a database outage once when it starts and once when it ends, instead of one line per
 * failed query every few seconds.
 */
export class OutageTracker {
  private downSince: number | null = null;
  /** `onRecovered` is told how long the database was unreachable (the worker records it). */
  constructor(
    private readonly log: Logger,
    private readonly onRecovered?: (downSeconds: number) => void,
  ) {}

  /** Returns true when the error was a connection error (already logged as an outage). */
  failed(what: string, e: unknown): boolean {
    if (!isConnectionError(e)) return false;
    if (this.downSince === null) {
      this.downSince = Date.now();
      this.log.warn(`database unreachable (${errorMessage(e)}) during ${what}; will keep retrying`);
    }
    return true;
  }

  ok(): void {
    if (this.downSince !== null) {
      const seconds = (Date.now() - this.downSince) / 1000;
      this.log.info(`database reachable again after ${Math.round(seconds)} s`);
      this.downSince = null;
      this.onRecovered?.(seconds);
    }
  }

  get down(): boolean {
    return this.downSince !== null;
  }
}
