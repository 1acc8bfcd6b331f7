/**
 * Which addresses Vigil may send requests to (recovery webhooks, notification channels).
 *
 * An admin who can set a webhook URL could otherwise make Vigil's server call its own network:
 * a database port on 127.0.0.1, a cloud metadata service on 169.254.169.254, another machine on
 * 10.x. So internal ranges are refused by default, judged on the address actually connected to
 * (request.ts checks what the name resolved to, then connects to exactly that address), and
 * operators allow-list what they really need: host names, IP addresses or CIDRs, from
 * VIGIL_OUTBOUND_ALLOWLIST or Settings.
 *
 * CIDR matching uses Node's built-in net.BlockList.
 */
import { BlockList, isIP } from "node:net";

type Family = "ipv4" | "ipv6";

const V4_RANGES: [string, string, number][] = [
  ["unspecified (0.0.0.0/8)", "0.0.0.0", 8],
  ["private (10.0.0.0/8)", "10.0.0.0", 8],
  ["carrier-grade NAT (100.64.0.0/10)", "100.64.0.0", 10],
  ["loopback (127.0.0.0/8)", "127.0.0.0", 8],
  ["link-local (169.254.0.0/16)", "169.254.0.0", 16],
  ["private (172.16.0.0/12)", "172.16.0.0", 12],
  ["IETF protocol assignments (192.0.0.0/24)", "192.0.0.0", 24],
  ["private (192.168.0.0/16)", "192.168.0.0", 16],
  ["benchmarking (198.18.0.0/15)", "198.18.0.0", 15],
  ["multicast (224.0.0.0/4)", "224.0.0.0", 4],
  ["reserved (240.0.0.0/4)", "240.0.0.0", 4],
];
const V6_RANGES: [string, string, number][] = [
  ["unspecified (::/128)", "::", 128],
  ["loopback (::1/128)", "::1", 128],
  ["link-local (fe80::/10)", "fe80::", 10],
  ["site-local (fec0::/10)", "fec0::", 10],
  ["unique local (fc00::/7)", "fc00::", 7],
  ["multicast (ff00::/8)", "ff00::", 8],
];

const RANGES: { label: string; list: BlockList }[] = [
  ...V4_RANGES.map(([label, net, prefix]) => ({ label, family: "ipv4" as const, net, prefix })),
  ...V6_RANGES.map(([label, net, prefix]) => ({ label, family: "ipv6" as const, net, prefix })),
].map(({ label, family, net, prefix }) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, family);
  return { label, list };
});

/** The 8 groups of an IPv6 address (a valid one, as net.isIP says), dotted IPv4 tails included. */
function ipv6Groups(ip: string): number[] {
  let s = ip.toLowerCase().replace(/%.*$/, "");
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.split("::") as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  return [...h, ...Array(8 - h.length - t.length).fill(0), ...t];
}

/**
 * The IPv4 address an IPv6 address carries, for the forms that reach an IPv4 host: IPv4-mapped
 * (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002:AABB:CCDD::).
 */
export function embeddedIpv4(ip: string): string | null {
  if (isIP(ip) !== 6) return null;
  const g = ipv6Groups(ip);
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return v4(g[6]!, g[7]!);
  if (zeros(0, 6) && (g[6] !== 0 || g[7]! > 1)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  return null;
}

/** The internal range `ip` lies in ("loopback (127.0.0.0/8)"), or null for a public address. */
export function internalRange(ip: string): string | null {
  const family = isIP(ip);
  if (!family) return "not an IP address";
  const inner = family === 6 ? embeddedIpv4(ip) : null;
  if (inner) return internalRange(inner);
  const type: Family = family === 4 ? "ipv4" : "ipv6";
  return RANGES.find((r) => r.list.check(ip, type))?.label ?? null;
}

export interface OutboundPolicy {
  /** The allow-list as given (normalized), for messages and the settings page. */
  entries: string[];
  hosts: Set<string>;
  cidrs: BlockList;
}

const HOST_RE = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** "[::1]" → "::1", "Example.COM." → "example.com". */
export function normalizeHost(host: string): string {
  return host.trim().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();
}

type Entry = { kind: "host"; host: string } | { kind: "cidr"; net: string; prefix: number; family: Family };

/** One allow-list entry: a host name, an IP address (one address) or a CIDR; or an error message. */
export function parseAllowlistEntry(raw: string): Entry | { error: string } {
  const entry = raw.trim();
  const slash = entry.indexOf("/");
  const addr = normalizeHost(slash >= 0 ? entry.slice(0, slash) : entry);
  const family = isIP(addr);
  if (family) {
    const max = family === 4 ? 32 : 128;
    const prefixText = slash >= 0 ? entry.slice(slash + 1) : String(max);
    const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!(prefix >= 0 && prefix <= max)) return { error: `"${entry}": the prefix length must be 0–${max}` };
    return { kind: "cidr", net: addr, prefix, family: family === 4 ? "ipv4" : "ipv6" };
  }
  if (slash < 0 && HOST_RE.test(addr) && !/^[\d.]+$/.test(addr)) return { kind: "host", host: addr };
  return { error: `"${entry}" is not a host name, an IP address or a CIDR (e.g. 10.0.0.0/8)` };
}

/** "a, b ,c" → ["a", "b", "c"] (empty parts dropped). */
export function splitAllowlist(text: string | undefined): string[] {
  return (text ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/** Errors for the entries that do not parse (empty when all do). */
export function allowlistErrors(entries: readonly string[]): string[] {
  return entries.flatMap((e) => {
    const p = parseAllowlistEntry(e);
    return "error" in p ? [p.error] : [];
  });
}

/** A policy from allow-list entries; entries that do not parse are left out (validated where they are entered). */
export function outboundPolicy(entries: readonly string[]): OutboundPolicy {
  const policy: OutboundPolicy = { entries: [], hosts: new Set(), cidrs: new BlockList() };
  for (const raw of entries) {
    const p = parseAllowlistEntry(raw);
    if ("error" in p) continue;
    if (p.kind === "host") {
      policy.hosts.add(p.host);
      policy.entries.push(p.host);
    } else {
      policy.cidrs.addSubnet(p.net, p.prefix, p.family);
      policy.entries.push(`${p.net}/${p.prefix}`);
    }
  }
  return policy;
}

function allowedAddress(policy: OutboundPolicy, ip: string): boolean {
  const family = isIP(ip);
  if (family && policy.cidrs.check(ip, family === 4 ? "ipv4" : "ipv6")) return true;
  const inner = embeddedIpv4(ip);
  return inner !== null && policy.cidrs.check(inner, "ipv4");
}

/**
 * Why a connection to `address` for the URL host `host` is refused, or null when it may go ahead:
 * public addresses always may; internal ones only when the host or the address is allow-listed.
 */
export function refusal(policy: OutboundPolicy, host: string, address: string): string | null {
  const name = normalizeHost(host);
  if (policy.hosts.has(name)) return null;
  const range = internalRange(address);
  if (!range || allowedAddress(policy, address)) return null;
  const what = name === normalizeHost(address) ? address : `${name} resolves to ${address}, which`;
  return `${what} is in the ${range} range: refused for outgoing requests unless allow-listed (VIGIL_OUTBOUND_ALLOWLIST or Settings → Outbound requests)`;
}
