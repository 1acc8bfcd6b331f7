/**
 * The caller's IP as the nearest proxy reports it (first `x-forwarded-for` entry, else
 * `x-real-ip`). Next route handlers do not expose the socket address. Without a proxy a client
 * can forge this header, so it only keys the per-IP login limit and the audit trail; the
 * per-account lockout does not depend on it.
 */
export function clientIp(headers: Headers): string | null {
  const first = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = first || headers.get("x-real-ip")?.trim() || null;
  return ip ? ip.slice(0, 64) : null;
}
