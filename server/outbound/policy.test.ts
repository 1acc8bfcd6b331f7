import { describe, expect, it } from "vitest";
import { allowlistErrors, embeddedIpv4, internalRange, outboundPolicy, parseAllowlistEntry, refusal, splitAllowlist } from "./policy";

describe("internal address ranges", () => {
  it.each([
    ["127.0.0.1", "loopback (127.0.0.0/8)"],
    ["127.255.255.254", "loopback (127.0.0.0/8)"],
    ["10.1.2.3", "private (10.0.0.0/8)"],
    ["172.16.0.1", "private (172.16.0.0/12)"],
    ["172.31.255.255", "private (172.16.0.0/12)"],
    ["192.168.1.10", "private (192.168.0.0/16)"],
    ["100.64.0.1", "carrier-grade NAT (100.64.0.0/10)"],
    ["169.254.169.254", "link-local (169.254.0.0/16)"],
    ["0.0.0.0", "unspecified (0.0.0.0/8)"],
    ["224.0.0.251", "multicast (224.0.0.0/4)"],
    ["255.255.255.255", "reserved (240.0.0.0/4)"],
    ["::1", "loopback (::1/128)"],
    ["::", "unspecified (::/128)"],
    ["fe80::1", "link-local (fe80::/10)"],
    ["fd12:3456::1", "unique local (fc00::/7)"],
    ["ff02::1", "multicast (ff00::/8)"],
    // IPv6 spellings that reach an IPv4 host are judged by that host
    ["::ffff:127.0.0.1", "loopback (127.0.0.0/8)"],
    ["::ffff:7f00:1", "loopback (127.0.0.0/8)"],
    ["::ffff:a9fe:a9fe", "link-local (169.254.0.0/16)"],
    ["64:ff9b::10.0.0.1", "private (10.0.0.0/8)"],
    ["2002:c0a8:0101::1", "private (192.168.0.0/16)"],
  ])("%s → %s", (ip, range) => {
    expect(internalRange(ip)).toBe(range);
  });

  it.each(["93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.0.2.50", "2606:4700::1111", "::ffff:8.8.8.8", "2002:0808:0808::1"])("%s is public", (ip) => {
    expect(internalRange(ip)).toBeNull();
  });

  it("reads the IPv4 address inside IPv6 forms", () => {
    expect(embeddedIpv4("::ffff:10.0.0.1")).toBe("10.0.0.1");
    expect(embeddedIpv4("::ffff:a00:1")).toBe("10.0.0.1");
    expect(embeddedIpv4("2001:db8::1")).toBeNull();
    expect(embeddedIpv4("10.0.0.1")).toBeNull();
  });
});

describe("allow-list entries", () => {
  it.each([
    ["127.0.0.1/32", { kind: "cidr", net: "127.0.0.1", prefix: 32, family: "ipv4" }],
    ["10.0.0.0/8", { kind: "cidr", net: "10.0.0.0", prefix: 8, family: "ipv4" }],
    [" 192.168.1.5 ", { kind: "cidr", net: "192.168.1.5", prefix: 32, family: "ipv4" }],
    ["::1", { kind: "cidr", net: "::1", prefix: 128, family: "ipv6" }],
    ["[fd00::]/8", { kind: "cidr", net: "fd00::", prefix: 8, family: "ipv6" }],
    ["Hooks.Internal.", { kind: "host", host: "hooks.internal" }],
    ["localhost", { kind: "host", host: "localhost" }],
  ])("%j parses", (entry, parsed) => {
    expect(parseAllowlistEntry(entry)).toEqual(parsed);
  });

  it.each([
    ["10.0.0.0/33", /prefix length must be 0–32/],
    ["::1/129", /prefix length must be 0–128/],
    ["10.0.0.0/", /prefix length/],
    ["10.0.0.0/8x", /prefix length/],
    ["10.0.0", /not a host name, an IP address or a CIDR/],
    ["http://hooks.internal", /not a host name/],
    ["hooks.internal/24", /not a host name/],
    ["bad host", /not a host name/],
  ])("%j is rejected with a clear message", (entry, message) => {
    const p = parseAllowlistEntry(entry);
    expect("error" in p && p.error).toMatch(message);
  });

  it("splits the environment variable and reports every bad entry", () => {
    expect(splitAllowlist(" 127.0.0.1/32, ,10.0.0.0/8,hooks.internal ")).toEqual(["127.0.0.1/32", "10.0.0.0/8", "hooks.internal"]);
    expect(splitAllowlist(undefined)).toEqual([]);
    expect(allowlistErrors(["127.0.0.1/32", "10.0.0.0/99", "a b"])).toHaveLength(2);
  });
});

describe("refusal", () => {
  const none = outboundPolicy([]);
  const lan = outboundPolicy(["10.0.0.0/8", "127.0.0.1/32", "hooks.internal"]);

  it("public targets are always allowed", () => {
    expect(refusal(none, "example.com", "93.184.215.14")).toBeNull();
  });

  it("internal ones are refused by default, with the address, the range and how to allow it", () => {
    expect(refusal(none, "127.0.0.1", "127.0.0.1")).toBe(
      "127.0.0.1 is in the loopback (127.0.0.0/8) range: refused for outgoing requests unless allow-listed (VIGIL_OUTBOUND_ALLOWLIST or Settings → Outbound requests)",
    );
    expect(refusal(none, "db.example.com", "10.0.0.7")).toMatch(/^db\.example\.com resolves to 10\.0\.0\.7, which is in the private \(10\.0\.0\.0\/8\) range/);
    expect(refusal(none, "[::1]", "::1")).toMatch(/^::1 is in the loopback/);
  });

  it("an allow-listed address, range or host name is allowed; nothing else is", () => {
    expect(refusal(lan, "10.9.8.7", "10.9.8.7")).toBeNull();
    expect(refusal(lan, "127.0.0.1", "127.0.0.1")).toBeNull();
    expect(refusal(lan, "x", "::ffff:127.0.0.1")).toBeNull(); // the same host, spelled as IPv6
    expect(refusal(lan, "127.0.0.2", "127.0.0.2")).toMatch(/loopback/);
    expect(refusal(lan, "HOOKS.internal", "192.168.7.7")).toBeNull(); // the name is trusted, whatever it resolves to
    expect(refusal(lan, "other.internal", "192.168.7.7")).toMatch(/private \(192\.168\.0\.0\/16\)/);
    expect(refusal(lan, "169.254.169.254", "169.254.169.254")).toMatch(/link-local/);
  });

  it("keeps the entries it understood, normalized", () => {
    expect(outboundPolicy(["127.0.0.1", "Hooks.Internal", "junk/", "::1"]).entries).toEqual(["127.0.0.1/32", "hooks.internal", "::1/128"]);
  });
});
