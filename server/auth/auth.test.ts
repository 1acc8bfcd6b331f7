import { afterEach, describe, expect, it, vi } from "vitest";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as trpcRoute from "@/app/api/trpc/[trpc]/route";
import { BASE, callerWithCookie, signIn, trpcCode, userWithSession } from "@/test/sessions";
import { db } from "../db/client";
import { createUser, ensureInitialAdmin, INITIAL_ADMIN_EMAIL, setDisabled } from "../users/service";
import { MAX_FAILS_PER_CLIENT } from "./login-throttle";

const code = trpcCode;
const me = async (cookie: string | null) => code((await callerWithCookie(cookie)).me.get());

// The forwarding headers below count only when they come from a proxy Vigil was told to trust.
const behindProxy = () => vi.stubEnv("VIGIL_TRUSTED_PROXIES", "10.0.0.0/8");
afterEach(() => vi.unstubAllEnvs());

describe("sign-in", () => {
  it("right password → session cookie (HttpOnly, SameSite=Lax, not Secure over plain http) that works", async () => {
    const u = await userWithSession("viewer");
    const r = await signIn(u.email, u.password);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ user: { id: u.id, email: u.email } });
    const set = r.headers.getSetCookie().find((c) => c.includes("session_token="))!;
    expect(set).toMatch(/^vigil\.session_token=/);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    expect(set).not.toMatch(/Secure/i);
    const caller = await callerWithCookie(r.cookie);
    await expect(caller.me.get()).resolves.toMatchObject({ email: u.email, role: "viewer" });
  });

  it("behind a TLS proxy (x-forwarded-proto: https) the cookie is Secure and __Secure- prefixed", async () => {
    behindProxy();
    const u = await userWithSession("viewer");
    const r = await signIn(u.email, u.password, { "x-forwarded-proto": "https", origin: "https://localhost:3000" });
    expect(r.status).toBe(200);
    const set = r.headers.getSetCookie().find((c) => c.includes("session_token="))!;
    expect(set).toMatch(/^__Secure-vigil\.session_token=.*; Secure/i);
  });

  it("wrong password → 401 in the standard error shape, audited without the password", async () => {
    const u = await userWithSession("viewer");
    const wrong = "definitely-not-it-123";
    behindProxy();
    const r = await signIn(u.email, wrong, { "x-forwarded-for": "203.0.113.7" });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: "Wrong email or password.", issues: [], code: "INVALID_EMAIL_OR_PASSWORD" });
    expect(r.cookie).toBeNull();
    const entry = await db().auditLog.findFirstOrThrow({ where: { action: "auth.login_failed", target: u.email } });
    expect(entry.ip).toBe("203.0.113.7");
    expect(JSON.stringify([entry.details, entry.target, entry.actorEmail])).not.toContain(wrong);
    // Unknown users get the very same answer (no account enumeration).
    const unknown = await signIn("nobody@vigil.test", wrong);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe(r.body.error);
  });

  it("malformed sign-in bodies → 400 naming the field", async () => {
    const res = await authRoute.POST(new Request(`${BASE}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "a@b.c" }) }));
    expect(res.status).toBe(400);
    expect((await res.json()).issues).toEqual([{ index: null, path: "password", message: expect.any(String) }]);
  });

  it(`locks an account after ${MAX_FAILS_PER_CLIENT} failures from one client (429 + Retry-After, clear message) — even for the right password, and rotating an untrusted X-Forwarded-For does not escape it; other accounts unaffected`, async () => {
    const u = await userWithSession("viewer");
    const other = await userWithSession("viewer");
    for (let i = 0; i < MAX_FAILS_PER_CLIENT; i++) expect((await signIn(u.email, `wrong-${i}`, { "x-forwarded-for": `198.51.100.${i}` })).status).toBe(401);
    const locked = await signIn(u.email, u.password, { "x-forwarded-for": "198.51.100.200" });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(60);
    expect(locked.body.error).toMatch(/Too many failed sign-in attempts for this account from this browser or network\. Try again in 15 minute\(s\), or ask an administrator to unlock the account\./);
    expect(locked.body.issues).toEqual([]);
    expect((await signIn(other.email, other.password)).status).toBe(200);
  });

  it("a success resets the account's failure count", async () => {
    const u = await userWithSession("viewer");
    for (let i = 0; i < MAX_FAILS_PER_CLIENT - 1; i++) await signIn(u.email, "nope-nope", { "x-forwarded-for": "192.0.2.1" });
    expect((await signIn(u.email, u.password)).status).toBe(200);
    for (let i = 0; i < MAX_FAILS_PER_CLIENT - 1; i++) await signIn(u.email, "nope-nope", { "x-forwarded-for": "192.0.2.2" });
    expect((await signIn(u.email, u.password)).status).toBe(200);
  });
});

describe("sessions", () => {
  it("no cookie, a tampered cookie or a forged token → UNAUTHORIZED", async () => {
    const u = await userWithSession("viewer");
    expect(await me(u.cookie)).toBe("OK");
    expect(await me(null)).toBe("UNAUTHORIZED");
    const [name, value] = u.cookie.split("=") as [string, string];
    const decoded = decodeURIComponent(value);
    const [token, sig] = decoded.split(".") as [string, string];
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    expect(await me(`${name}=${encodeURIComponent(`${token}.${flip(sig)}`)}`)).toBe("UNAUTHORIZED");
    expect(await me(`${name}=${encodeURIComponent(`${flip(token)}.${sig}`)}`)).toBe("UNAUTHORIZED");
    expect(await me(`${name}=${token}`)).toBe("UNAUTHORIZED"); // the raw DB token without a signature
  });

  it("an expired session is rejected", async () => {
    const u = await userWithSession("viewer");
    await db().session.updateMany({ where: { userId: u.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await me(u.cookie)).toBe("UNAUTHORIZED");
  });

  it("sign-out ends the session in the database (the old cookie no longer works) and is audited", async () => {
    const u = await userWithSession("operator");
    const res = await authRoute.POST(new Request(`${BASE}/api/auth/sign-out`, { method: "POST", headers: { cookie: u.cookie, origin: BASE } }));
    expect(res.status).toBe(200);
    expect(await db().session.count({ where: { userId: u.id } })).toBe(0);
    expect(await me(u.cookie)).toBe("UNAUTHORIZED");
    expect(await db().auditLog.count({ where: { action: "auth.logout", actorEmail: u.email } })).toBe(1);
  });

  it("disabling a user ends their sessions at once and blocks sign-in with a clear 403", async () => {
    const u = await userWithSession("operator");
    await setDisabled(db(), u.id, true, { id: null, email: "test" });
    expect(await me(u.cookie)).toBe("UNAUTHORIZED");
    const r = await signIn(u.email, u.password);
    expect(r.status).toBe(403);
    expect(r.body.error).toMatch(/disabled/);
    // And the wrong password still says only "wrong" (being disabled is revealed to the right password only).
    expect((await signIn(u.email, "wrong-password-1")).status).toBe(401);
  });

  it("refuses cross-site tRPC posts (CSRF) even with a valid cookie", async () => {
    const u = await userWithSession("admin");
    const res = await trpcRoute.POST(
      new Request(`${BASE}/api/trpc/settings.updateSecurity`, {
        method: "POST",
        headers: { cookie: u.cookie, origin: "https://evil.example", "content-type": "application/json" },
        body: JSON.stringify({ apiRateLimitPerMinute: 1 }),
      }),
    );
    expect(res.status).toBe(403);
  });
});

describe("initial admin", () => {
  it("without env: creates admin@vigil.local once with a generated password that signs in", async () => {
    await db().user.deleteMany({});
    const first = await ensureInitialAdmin(db(), undefined, undefined);
    expect(first?.email).toBe(INITIAL_ADMIN_EMAIL);
    expect(first!.password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(await ensureInitialAdmin(db(), undefined, undefined)).toBeNull();
    const r = await signIn(INITIAL_ADMIN_EMAIL, first!.password);
    expect(r.status).toBe(200);
    await expect((await callerWithCookie(r.cookie)).me.get()).resolves.toMatchObject({ role: "admin" });
  });

  it("with VIGIL_INIT_ADMIN_EMAIL/PASSWORD: ensures that admin with exactly that password", async () => {
    const email = "Ops@Example.com";
    expect(await ensureInitialAdmin(db(), email, "first-password-1")).toBeNull();
    expect((await signIn("ops@example.com", "first-password-1")).status).toBe(200);
    // Demoted, disabled and with another password: the next start restores all three.
    const user = await db().user.findUniqueOrThrow({ where: { email: "ops@example.com" } });
    await db().user.update({ where: { id: user.id }, data: { role: "viewer", disabled: true } });
    await ensureInitialAdmin(db(), email, "second-password-2");
    expect((await signIn("ops@example.com", "first-password-1")).status).toBe(401);
    const r = await signIn("ops@example.com", "second-password-2");
    expect(r.status).toBe(200);
    await expect((await callerWithCookie(r.cookie)).me.get()).resolves.toMatchObject({ role: "admin" });
  });

  it("creating a user with an existing email is a conflict", async () => {
    await createUser(db(), { email: "dup@vigil.test", password: "password-123", role: "viewer" }, null);
    await expect(createUser(db(), { email: "DUP@vigil.test", password: "password-123", role: "viewer" }, null)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
