import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { callerAs, signIn, TEST_CLIENT_IP } from "@/test/sessions";
import { MAX_FAILS_PER_CLIENT } from "../auth/login-throttle";
import { db } from "../db/client";

const code = (p: Promise<unknown>) => p.then(() => "OK", (e) => (e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e)));

// test/sessions.ts reports the client in X-Forwarded-For as a proxy would: trust it here.
beforeAll(() => void vi.stubEnv("VIGIL_TRUSTED_PROXIES", "10.0.0.0/8"));

describe("users (admin)", () => {
  it("creates a user who can sign in with that role; changes role; disables and enables — all audited", async () => {
    const { caller, user: admin } = await callerAs("admin");
    const created = await caller.users.create({ email: "Mia@Example.org", name: "Mia", password: "mia-password-1", role: "viewer" });
    expect(created.email).toBe("mia@example.org");
    expect((await signIn("mia@example.org", "mia-password-1")).status).toBe(200);
    expect(await code(caller.users.create({ email: "mia@example.org", password: "another-pass", role: "viewer" }))).toMatch(/^CONFLICT/);

    await caller.users.setRole({ id: created.id, role: "operator" });
    await caller.users.setDisabled({ id: created.id, disabled: true });
    expect((await signIn("mia@example.org", "mia-password-1")).status).toBe(403);
    await caller.users.setDisabled({ id: created.id, disabled: false });
    expect((await signIn("mia@example.org", "mia-password-1")).status).toBe(200);

    const listed = (await caller.users.list()).find((u) => u.id === created.id)!;
    expect(listed).toMatchObject({ role: "operator", disabled: false, name: "Mia" });
    expect(listed.lastSeenAt).not.toBeNull();

    const trail = await caller.audit.list({ actor: admin.email.toUpperCase(), action: "user." });
    expect(trail.items.map((i) => i.action)).toEqual(["user.enabled", "user.disabled", "user.role_changed", "user.created"]);
    expect(trail.items[2]).toMatchObject({ target: "mia@example.org", ip: TEST_CLIENT_IP, details: { from: "viewer", to: "operator" } });
  });

  it("unlock: the Users list shows a locked account; only an admin can unlock it, at once, audited", async () => {
    const { caller, user: admin } = await callerAs("admin");
    const { caller: operator } = await callerAs("operator");
    const { user: locked } = await callerAs("viewer");
    const from = { "x-forwarded-for": "198.51.100.20" };
    for (let i = 0; i < MAX_FAILS_PER_CLIENT; i++) expect((await signIn(locked.email, `wrong-${i}-password`, from)).status).toBe(401);
    expect((await signIn(locked.email, locked.password, from)).status).toBe(429);
    const row = async () => (await caller.users.list()).find((u) => u.id === locked.id)!;
    expect((await row()).locked).toBe(true);
    expect((await caller.users.list()).filter((u) => u.locked).map((u) => u.email)).toEqual([locked.email]);

    expect(await code(operator.users.unlock({ id: locked.id }))).toMatch(/^FORBIDDEN/);
    expect((await signIn(locked.email, locked.password, from)).status).toBe(429);
    expect(await code(caller.users.unlock({ id: "no-such-user" }))).toMatch(/^NOT_FOUND/);

    expect(await caller.users.unlock({ id: locked.id })).toEqual({ email: locked.email, unlocked: 1 });
    expect((await row()).locked).toBe(false);
    expect((await signIn(locked.email, locked.password, from)).status).toBe(200);
    const trail = await caller.audit.list({ actor: admin.email, action: "user.unlocked" });
    expect(trail.items).toHaveLength(1);
    expect(trail.items[0]).toMatchObject({ target: locked.email, ip: TEST_CLIENT_IP, details: { lockedClients: 1 } });
  });

  it("never leaves the installation without an enabled admin, and admins cannot lock themselves out", async () => {
    await db().user.updateMany({ where: { role: "admin" }, data: { role: "viewer" } });
    const { caller, user: admin } = await callerAs("admin");
    expect(await code(caller.users.setDisabled({ id: admin.id, disabled: true }))).toMatch(/^BAD_REQUEST: you cannot disable your own/);
    expect(await code(caller.users.setRole({ id: admin.id, role: "viewer" }))).toMatch(/^BAD_REQUEST: you cannot take away/);
    const other = await caller.users.create({ email: "second-admin@vigil.test", password: "second-admin-1", role: "admin" });
    // Two admins: demoting one is fine; the remaining one is protected.
    await caller.users.setRole({ id: other.id, role: "operator" });
    await caller.users.setRole({ id: other.id, role: "admin" });
    await caller.users.setDisabled({ id: other.id, disabled: true });
    expect(await code(caller.users.setRole({ id: "no-such-user", role: "admin" }))).toMatch(/^NOT_FOUND/);
  });
});

describe("audit log filters", () => {
  it("filters by action group, exact action and time, pages newest first", async () => {
    const { caller } = await callerAs("admin");
    await db().auditLog.createMany({
      data: Array.from({ length: 7 }, (_, i) => ({ action: i % 2 ? "agent.paused" : "agent.resumed", actorEmail: "pager@vigil.test", target: `a${i}`, at: new Date(Date.UTC(2020, 0, 1, 0, i)) })),
    });
    const p1 = await caller.audit.list({ actor: "pager@", limit: 4 });
    expect(p1.items.map((i) => i.target)).toEqual(["a6", "a5", "a4", "a3"]);
    const p2 = await caller.audit.list({ actor: "pager@", limit: 4, cursor: p1.nextCursor });
    expect(p2.items.map((i) => i.target)).toEqual(["a2", "a1", "a0"]);
    expect(p2.nextCursor).toBeNull();
    expect((await caller.audit.list({ actor: "pager@", action: "agent.paused" })).items).toHaveLength(3);
    expect((await caller.audit.list({ actor: "pager@", action: "agent." })).items).toHaveLength(7);
    const window = await caller.audit.list({ actor: "pager@", from: "2020-01-01T00:02:00Z", to: "2020-01-01T00:04:00Z" });
    expect(window.items.map((i) => i.target)).toEqual(["a4", "a3", "a2"]);
  });
});

describe("agent pause / resume (operator)", () => {
  it("pauses through transitionState (history + audit) and resumes to where the clock says", async () => {
    const { caller, user } = await callerAs("operator");
    await db().agent.create({ data: { id: "pausable", name: "Pausable", state: "active", lastHeartbeatAt: new Date(), heartbeatIntervalSeconds: 60 } });
    expect(await caller.agentControl.pause({ id: "pausable", reason: "deploy" })).toEqual({ state: "paused", changed: true });
    expect(await caller.agentControl.pause({ id: "pausable" })).toEqual({ state: "paused", changed: false });
    const change = await db().agentStateChange.findFirstOrThrow({ where: { agentId: "pausable", toState: "paused" } });
    expect(change).toMatchObject({ fromState: "active", reason: `paused by ${user.email}: deploy` });
    expect(await caller.agentControl.resume({ id: "pausable" })).toEqual({ state: "active", changed: true });
    expect(await code(caller.agentControl.resume({ id: "pausable" }))).toMatch(/^BAD_REQUEST/);
    expect(await code(caller.agentControl.pause({ id: "nope" }))).toMatch(/^NOT_FOUND/);
    const audits = await db().auditLog.findMany({ where: { target: "pausable" }, orderBy: { id: "asc" } });
    expect(audits.map((a) => [a.action, a.actorEmail])).toEqual([
      ["agent.paused", user.email],
      ["agent.resumed", user.email],
    ]);
  });

  it("an agent that never heartbeated resumes as registered", async () => {
    const { caller } = await callerAs("admin");
    await db().agent.create({ data: { id: "never-seen", name: "Never", state: "paused" } });
    expect((await caller.agentControl.resume({ id: "never-seen" })).state).toBe("registered");
  });
});
