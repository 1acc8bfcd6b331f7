import { beforeAll, describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/v1/metrics/route";
import * as settingsRoute from "@/app/api/v1/settings/route";
import { callerAs } from "@/test/sessions";
import { db } from "../db/client";
import { call, isErrorShape, makeAgents, makeKey } from "../../test/http";

// Small limit for this file (config is read lazily, on the first request below).
process.env.VIGIL_RATE_LIMIT_PER_MINUTE = "5";

const metric = { metrics: [{ agentId: "sec-agent", name: "x", value: 1 }] };

beforeAll(async () => {
  await makeAgents(["sec-agent"]);
});

describe("public API auth", () => {
  it("no key → 401; ingest key posting → 202; read key posting → 403; ingest key reading settings → 403; admin key → 200", async () => {
    const none = await call(metricsRoute.POST, { body: metric });
    expect(none.status).toBe(401);
    expect(isErrorShape(none.body)).toBe(true);

    const ingest = await makeKey(["ingest"]);
    expect((await call(metricsRoute.POST, { key: ingest, body: metric })).status).toBeLessThan(300);

    const read = await call(metricsRoute.POST, { key: await makeKey(["read"]), body: metric });
    expect(read.status).toBe(403);
    expect(read.body.error).toMatch(/'ingest' scope/);
    expect(isErrorShape(read.body)).toBe(true);

    const settingsAsIngest = await call(settingsRoute.GET, { key: ingest });
    expect(settingsAsIngest.status).toBe(403);
    expect(isErrorShape(settingsAsIngest.body)).toBe(true);

    const settingsAsAdmin = await call(settingsRoute.GET, { key: await makeKey(["admin"]) });
    expect(settingsAsAdmin.status).toBe(200);
    expect(settingsAsAdmin.body.security.apiRateLimitPerMinute).toBe(5);
  });

  it("a key revoked in the dashboard fails at once in this process (cache dropped), with the error shape", async () => {
    const { caller } = await callerAs("admin");
    const created = await caller.apiKeys.create({ name: "to revoke", scopes: ["read"] });
    expect(created.secret).toMatch(/^vgl_/);
    expect((await call(metricsRoute.GET, { key: created.secret })).status).toBe(200); // now cached
    await caller.apiKeys.revoke({ id: created.id });
    const after = await call(metricsRoute.GET, { key: created.secret });
    expect(after.status).toBe(401);
    expect(after.body.error).toMatch(/revoked/);
    expect(isErrorShape(after.body)).toBe(true);
    const listed = (await caller.apiKeys.list()).find((k) => k.id === created.id)!;
    expect(listed).toMatchObject({ status: "revoked", prefix: created.prefix, scopes: ["read"] });
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(created.secret);
  });

  it("an expired key → 401", async () => {
    const { caller } = await callerAs("admin");
    const k = await caller.apiKeys.create({ name: "short", scopes: ["read"], expiresAt: new Date(Date.now() + 400).toISOString() });
    expect((await call(metricsRoute.GET, { key: k.secret })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 450));
    const r = await call(metricsRoute.GET, { key: k.secret });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatch(/expired/);
    await expect(caller.apiKeys.create({ name: "past", scopes: ["read"], expiresAt: new Date(Date.now() - 1000).toISOString() })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("per-key rate limit", () => {
  it("a key over its limit gets 429 + Retry-After in the error shape; another key is unaffected", async () => {
    const noisy = await makeKey(["read"]);
    const quiet = await makeKey(["read"]);
    for (let i = 0; i < 5; i++) expect((await call(metricsRoute.GET, { key: noisy })).status, `request ${i + 1}`).toBe(200);
    const limited = await call(metricsRoute.GET, { key: noisy });
    expect(limited.status).toBe(429);
    const retry = Number(limited.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(limited.body.error).toMatch(/5 requests per minute/);
    expect(isErrorShape(limited.body)).toBe(true);
    expect((await call(metricsRoute.GET, { key: quiet })).status).toBe(200);
  });

  it("an admin raising the limit in Settings applies at once, and is audited", async () => {
    const noisy = await makeKey(["read"]);
    for (let i = 0; i < 5; i++) await call(metricsRoute.GET, { key: noisy });
    expect((await call(metricsRoute.GET, { key: noisy })).status).toBe(429);
    const { caller, user } = await callerAs("admin");
    const s = await caller.settings.updateSecurity({ apiRateLimitPerMinute: 0 });
    expect(s.apiRateLimitPerMinute).toBe(0);
    expect((await call(metricsRoute.GET, { key: noisy })).status).toBe(200);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "settings.changed" } });
    expect(audit).toMatchObject({ actorEmail: user.email, details: { apiRateLimitPerMinute: { from: null, to: 0 } } });
    await caller.settings.updateSecurity({ apiRateLimitPerMinute: null }); // back to the env value (5)
  });
});
