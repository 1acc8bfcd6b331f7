import { BlockList, isIP } from "node:net";

/**
 * Who is on the other end of a request, for the login throttle, the audit trail and the cookie's
 * Secure flag.
 *
 * Next route handlers never see the socket: `next start` fills `x-forwarded-for` with the peer
 * address only when the request has none (`??=`), so a client that sends its own header replaces
 * the peer address with anything it likes. Forwarding headers are therefore trusted only when the
 * operator lists the proxies in front of Vigil in VIGIL_TRUSTED_PROXIES (IPs or CIDRs, comma
 * separated). Without that list they are ignored entirely and the client is unknown (null): a
 * forged header can neither win a fresh per-IP budget nor get someone else's address blocked.
 *
 * With the list, `x-forwarded-for` is read from the right (each proxy appends the address it saw)
 * and the first hop that is not a trusted proxy is the client; entries a client wrote itself sit
 * to the left of that and are never reached. Since the last hop (proxy → Vigil) is not visible
 * here, Vigil must then be reachable only through those proxies (docs/deploy.md).
 *
 * Matching uses Node's own net.BlockList (IPv4, IPv6, IPv4-mapped IPv6 and CIDR prefixes).
 */

export const TRUSTED_PROXIES_ENV = "VIGIL_TRUSTED_PROXIES";

export interface TrustedProxies {
  list: BlockList;
  entries: string[];
}

/** Parses `10.0.0.1, 10.0.0.0/8, ::1, fd00::/8`; throws naming the first entry that is neither an IP nor a CIDR. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies | null {
  const entries = (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [addr = "", prefix, ...rest] = entry.split("/");
    const family = isIP(addr);
    const bits = prefix === undefined ? null : Number(prefix);
    const max = family === 4 ? 32 : 128;
    if (!family || rest.length || (bits !== null && !(prefix !== "" && Number.isInteger(bits) && bits >= 0 && bits <= max))) {
      throw new Error(`${TRUSTED_PROXIES_ENV}: "${entry}" is not an IP address or CIDR (e.g. 10.0.0.1 or 10.0.0.0/8)`);
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === null) list.addAddress(addr, type);
    else list.addSubnet(addr, bits, type);
  }
  return { list, entries };
}

// Parsed once per distinct value: the env is fixed in production, tests change it.
let cached: { raw: string | undefined; parsed: TrustedProxies | null } | null = null;

/**
 * The configured list. A malformed one is reported once and treated as empty: trusting nothing
 * is the safe side (headers ignored), whereas failing would take every request down with it.
 */
export function trustedProxies(): TrustedProxies | null {
  const raw = process.env[TRUSTED_PROXIES_ENV];
  if (!cached || cached.raw !== raw) {
    let parsed: TrustedProxies | null = null;
    try {
      parsed = parseTrustedProxies(raw);
    } catch (e) {
      console.error(`[vigil] ${(e as Error).message}; forwarding headers are ignored until it is fixed`);
    }
    cached = { raw, parsed };
  }
  return cached.parsed;
}

/** A bare IP from one header entry (`1.2.3.4`, `1.2.3.4:5678`, `[::1]:80`, `::1`), or null. */
export function normalizeIp(value: string): string | null {
  let v = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) v = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(":"));
  if (!isIP(v)) return null;
  const lower = v.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/.exec(lower);
  return mapped ? mapped[1]! : lower;
}

const isTrusted = (proxies: TrustedProxies, ip: string) => proxies.list.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");

/**
 * The client's IP, or null when it cannot be known (no trusted proxies configured, or the
 * forwarded chain holds nothing usable). `x-real-ip` is used only when there is no
 * `x-forwarded-for` and only with trusted proxies.
 */
export function clientIp(headers: Headers, proxies: TrustedProxies | null = trustedProxies()): string | null {
  if (!proxies) return null;
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (chain.length === 0) return normalizeIp(headers.get("x-real-ip") ?? "");
  for (let i = chain.length - 1; i >= 0; i--) {
    const ip = normalizeIp(chain[i]!);
    if (!ip) return null; // garbage in the chain: whatever is left of it is not trustworthy either
    if (!isTrusted(proxies, ip)) return ip;
  }
  // Every hop is a proxy of ours: the left-most one is the closest thing to a client.
  return normalizeIp(chain[0]!);
}

/** "https"/"http" as a trusted proxy reports it, or null (no trusted proxies, or no header). */
export function forwardedProto(headers: Headers, proxies: TrustedProxies | null = trustedProxies()): "http" | "https" | null {
  if (!proxies) return null;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return proto === "https" || proto === "http" ? proto : null;
}
