import { afterEach, describe, expect, it, vi } from "vitest";
import { signIn, userWithSession } from "@/test/sessions";
import { db, pool } from "../db/client";
import { clientIp, forwardedProto, normalizeIp, parseTrustedProxies } from "../http/client-ip";
import { DEVICE_COOKIE } from "./device-cookie";
import { lockSeconds, MAX_FAILS_PER_CLIENT, MAX_FAILS_PER_IP, unlockAccount } from "./login-throttle";

const h = (init: Record<string, string>) => new Headers(init);
const PROXIES = "10.0.0.0/8, 192.168.1.1, fd00::/8";
afterEach(() => vi.unstubAllEnvs());

describe("client address (pure)", () => {
  const proxies = parseTrustedProxies(PROXIES);
  it.each([
    ["no trusted proxies: every forwarding header is ignored", null, { "x-forwarded-for": "203.0.113.5", "x-real-ip": "203.0.113.6" }, null],
    ["the hop a trusted proxy appended wins over what the client wrote", proxies, { "x-forwarded-for": "6.6.6.6, 203.0.113.5" }, "203.0.113.5"],
    ["trusted hops on the right are skipped", proxies, { "x-forwarded-for": "6.6.6.6, 203.0.113.5, 10.1.2.3, 192.168.1.1" }, "203.0.113.5"],
    ["an untrusted neighbour of a trusted subnet is a client", proxies, { "x-forwarded-for": "192.168.1.2" }, "192.168.1.2"],
    ["IPv6 and IPv4-mapped IPv6, with ports and brackets", proxies, { "x-forwarded-for": "[2001:DB8::1]:4711, ::ffff:10.0.0.9" }, "2001:db8::1"],
    ["IPv4 with a port", proxies, { "x-forwarded-for": "203.0.113.5:1234" }, "203.0.113.5"],
    ["x-real-ip only without x-forwarded-for", proxies, { "x-real-ip": "203.0.113.7" }, "203.0.113.7"],
    ["garbage in the chain makes the client unknown", proxies, { "x-forwarded-for": "203.0.113.5, not-an-ip" }, null],
    ["all hops trusted: the left-most one", proxies, { "x-forwarded-for": "10.0.0.1, 10.0.0.2" }, "10.0.0.1"],
  ])("%s", (_name, p, headers, want) => {
    expect(clientIp(h(headers), p)).toBe(want);
  });

  it("x-forwarded-proto counts only from trusted proxies", () => {
    expect(forwardedProto(h({ "x-forwarded-proto": "https" }), null)).toBeNull();
    expect(forwardedProto(h({ "x-forwarded-proto": "https, http" }), proxies)).toBe("https");
    expect(forwardedProto(h({ "x-forwarded-proto": "gopher" }), proxies)).toBeNull();
  });

  it("rejects a malformed VIGIL_TRUSTED_PROXIES entry by name", () => {
    for (const bad of ["10.0.0.0/33", "proxy.local", "10.0.0.1/", "::1/129", "1.2.3.4/8/9"]) expect(() => parseTrustedProxies(`10.0.0.1, ${bad}`)).toThrow(bad);
    expect(parseTrustedProxies(" , ")).toBeNull();
    expect(normalizeIp("::FFFF:1.2.3.4")).toBe("1.2.3.4");
  });

  it("each repeated lock lasts twice as long, up to a day", () => {
    expect([1, 2, 3, 4, 7, 50].map(lockSeconds)).toEqual([900, 1800, 3600, 7200, 57600, 86400]);
  });
});

const fail = (email: string, headers: Record<string, string> = {}) => signIn(email, "wrong-password-x", headers);

async function failTimes(n: number, email: (i: number) => string, headers: (i: number) => Record<string, string>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await fail(email(i), headers(i))).status);
  return statuses;
}

describe("login throttle without trusted proxies (the default)", () => {
  it("rotating X-Forwarded-For neither escapes the lock nor gets recorded as the client's address", async () => {
    const u = await userWithSession("viewer");
    const statuses = await failTimes(MAX_FAILS_PER_CLIENT + 2, () => u.email, (i) => ({ "x-forwarded-for": `198.51.100.${i}`, "x-real-ip": `198.51.101.${i}` }));
    expect(statuses.slice(0, MAX_FAILS_PER_CLIENT)).toEqual(Array(MAX_FAILS_PER_CLIENT).fill(401));
    expect(statuses.slice(MAX_FAILS_PER_CLIENT)).toEqual([429, 429]);
    expect((await signIn(u.email, u.password, { "x-forwarded-for": "203.0.113.250" })).status).toBe(429);
    const ips = await db().auditLog.findMany({ where: { target: u.email, action: "auth.login_failed" }, select: { ip: true } });
    expect(new Set(ips.map((e) => e.ip))).toEqual(new Set([null]));
  });

  it("the owner's browser (device cookie from an earlier sign-in) still signs in while an attacker has locked the account for everyone else", async () => {
    const admin = await userWithSession("admin");
    const first = await signIn(admin.email, admin.password);
    const device = first.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE}=`))!;
    expect(device).toMatch(/HttpOnly/);
    expect(device).toMatch(/Path=\/api\/auth/);
    const deviceCookie = device.split(";")[0]!;

    await failTimes(MAX_FAILS_PER_CLIENT, () => admin.email, () => ({ "x-forwarded-for": "6.6.6.6" }));
    // A new browser is locked out…
    const stranger = await signIn(admin.email, admin.password);
    expect(stranger.status).toBe(429);
    expect(stranger.body.error).toMatch(/ask an administrator to unlock the account/);
    // …the owner's browser is not, and its cookie is only good for the account it was issued for.
    const owner = await signIn(admin.email, admin.password, { cookie: deviceCookie });
    expect(owner.status).toBe(200);
    const other = await userWithSession("viewer");
    await failTimes(MAX_FAILS_PER_CLIENT, () => other.email, () => ({}));
    expect((await signIn(other.email, other.password, { cookie: deviceCookie })).status).toBe(429);
    const [name, value] = deviceCookie.split("=") as [string, string];
    const forged = `${name}=${value.slice(0, -2)}${value.endsWith("AA") ? "BB" : "AA"}`;
    expect((await signIn(admin.email, admin.password, { cookie: forged })).status).toBe(429);
  });
});

describe("login throttle behind trusted proxies (VIGIL_TRUSTED_PROXIES)", () => {
  it("uses the forwarded address: the victim admin signs in from their own IP while an attacker fails from another", async () => {
    vi.stubEnv("VIGIL_TRUSTED_PROXIES", "10.0.0.1");
    const admin = await userWithSession("admin");
    // What the proxy sends: whatever the client wrote, then the address it saw.
    const attacker = (i: number) => ({ "x-forwarded-for": `203.0.113.${i}, 198.51.100.66` });
    const statuses = await failTimes(MAX_FAILS_PER_CLIENT + 1, () => admin.email, attacker);
    expect(statuses.at(-1)).toBe(429);
    expect((await signIn(admin.email, admin.password, attacker(99))).status).toBe(429);
    const victim = await signIn(admin.email, admin.password, { "x-forwarded-for": "192.0.2.10" });
    expect(victim.status).toBe(200);
    const audited = await db().auditLog.findFirstOrThrow({ where: { target: admin.email, action: "auth.login_failed" } });
    expect(audited.ip).toBe("198.51.100.66");
  });

  it(`the per-IP limit (${MAX_FAILS_PER_IP} failures over any accounts) holds however the client rotates its own header, and a forged header blocks only the forger`, async () => {
    vi.stubEnv("VIGIL_TRUSTED_PROXIES", "10.0.0.0/8");
    const victimIp = "192.0.2.77";
    const victim = await userWithSession("operator");
    // A password spray from 198.51.100.1: a new email each time (no account lock), the victim's IP
    // and a changing address forged on the left; the outer proxy appended the attacker's address,
    // the inner one (10.0.0.5) the outer proxy's.
    const statuses = await failTimes(MAX_FAILS_PER_IP + 1, (i) => `spray-${i}@vigil.test`, (i) => ({ "x-forwarded-for": `${victimIp}, 203.0.113.${i}, 198.51.100.1, 10.0.0.5` }));
    expect(statuses.slice(0, MAX_FAILS_PER_IP).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const blocked = await fail("someone-else@vigil.test", { "x-forwarded-for": `203.0.113.200, 198.51.100.1` });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toMatch(/^Too many failed sign-in attempts from your network\. Try again in 15 minute\(s\)\.$/);
    expect((await signIn(victim.email, victim.password, { "x-forwarded-for": victimIp })).status).toBe(200);
  }, 60_000);

  it("a lock that comes back after it ran out lasts twice as long; unlockAccount clears it at once", async () => {
    vi.stubEnv("VIGIL_TRUSTED_PROXIES", "10.0.0.1");
    const u = await userWithSession("viewer");
    const from = () => ({ "x-forwarded-for": "198.51.100.9" });
    await failTimes(MAX_FAILS_PER_CLIENT, () => u.email, from);
    const firstLock = await signIn(u.email, u.password, from());
    expect(Number(firstLock.headers.get("retry-after"))).toBeLessThanOrEqual(15 * 60);
    // Let the first lock run out (as 15 minutes would).
    await pool().query("UPDATE login_rate_limits SET expire = $1 WHERE key LIKE 'login_pair:%'", [Date.now() - 1]);
    expect((await fail(u.email, from())).status).toBe(401);
    await failTimes(MAX_FAILS_PER_CLIENT - 1, () => u.email, from);
    const second = await signIn(u.email, u.password, from());
    expect(second.status).toBe(429);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(15 * 60);
    expect(second.body.error).toMatch(/Try again in 30 minute\(s\)/);

    expect(await unlockAccount(u.email)).toBe(1);
    expect((await signIn(u.email, u.password, from())).status).toBe(200);
  }, 60_000);
});
