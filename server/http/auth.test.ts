import { beforeAll, describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/v1/metrics/route";
import { db } from "../db/client";
import { authenticate, clearAuthCache, extractApiKey } from "./auth";
import { ApiError } from "./errors";
import { call, makeKey } from "../../test/http";

let key = "";
beforeAll(async () => {
  key = await makeKey(["read", "ingest"]);
});

describe("API key extraction", () => {
  it("reads Bearer, x-api-key and Basic (key as password, or as user with empty password)", () => {
    expect(extractApiKey(new Headers({ authorization: "Bearer abc" }))).toBe("abc");
    expect(extractApiKey(new Headers({ authorization: "bearer   abc " }))).toBe("abc");
    expect(extractApiKey(new Headers({ "x-api-key": "xyz" }))).toBe("xyz");
    const basic = (s: string) => new Headers({ authorization: `Basic ${Buffer.from(s).toString("base64")}` });
    expect(extractApiKey(basic("agent:secret"))).toBe("secret");
    expect(extractApiKey(basic("secret:"))).toBe("secret");
    expect(extractApiKey(new Headers())).toBeNull();
    expect(() => extractApiKey(new Headers({ authorization: "Digest x" }))).toThrow(ApiError);
  });
});

describe("authenticate", () => {
  it("accepts all three header styles end to end", async () => {
    const styles: Record<string, string>[] = [
      { authorization: `Bearer ${key}` },
      { "x-api-key": key },
      { authorization: `Basic ${Buffer.from(`agent:${key}`).toString("base64")}` },
    ];
    for (const headers of styles) {
      const r = await call(metricsRoute.GET, { headers });
      expect(r.status, JSON.stringify(headers)).toBe(200);
    }
  });

  it("admin implies every scope", async () => {
    const admin = await makeKey(["admin"]);
    await expect(authenticate(new Headers({ "x-api-key": admin }), "ingest")).resolves.toMatchObject({ scopes: ["admin"] });
    await expect(authenticate(new Headers({ "x-api-key": admin }), "read")).resolves.toBeTruthy();
  });

  it("updates lastUsedAt once per minute, without blocking the request", async () => {
    const k = await makeKey(["read"]);
    const row = () => db().apiKey.findFirstOrThrow({ where: { prefix: k.slice(0, 12) } });
    expect((await row()).lastUsedAt).toBeNull();
    await authenticate(new Headers({ "x-api-key": k }), "read");
    await expect.poll(async () => (await row()).lastUsedAt, { timeout: 5000 }).not.toBeNull();
    const first = (await row()).lastUsedAt!;
    await authenticate(new Headers({ "x-api-key": k }), "read");
    await new Promise((r) => setTimeout(r, 100));
    expect((await row()).lastUsedAt!.getTime()).toBe(first.getTime());
  });

  it("caches lookups: a cached key authenticates without a database round trip", async () => {
    const k = await makeKey(["read"]);
    const h = new Headers({ "x-api-key": k });
    await authenticate(h, "read"); // warm
    const n = 2000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await authenticate(h, "read");
    const perCall = (performance.now() - t0) / n;
    // Generous bound (CI noise); a DB round trip would be ~0.2 ms+ each.
    expect(perCall).toBeLessThan(1);
  });

  it("revocation applies after the cache is dropped (TTL), expiry immediately", async () => {
    const k = await makeKey(["read"]);
    const h = new Headers({ "x-api-key": k });
    await authenticate(h, "read");
    await db().apiKey.updateMany({ where: { prefix: k.slice(0, 12) }, data: { revokedAt: new Date() } });
    clearAuthCache();
    await expect(authenticate(h, "read")).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/revoked/) });

    const soon = await makeKey(["read"], { expiresAt: new Date(Date.now() + 300) });
    const hs = new Headers({ "x-api-key": soon });
    await authenticate(hs, "read");
    await new Promise((r) => setTimeout(r, 350));
    // Still cached, but the cached record carries expiresAt, so expiry needs no DB lookup.
    await expect(authenticate(hs, "read")).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/expired/) });
  });

  it("401 responses carry WWW-Authenticate", async () => {
    const r = await call(metricsRoute.GET, {});
    expect(r.status).toBe(401);
    expect(r.headers.get("www-authenticate")).toMatch(/Bearer/);
    expect(r.body).toEqual({ error: expect.any(String), issues: [] });
  });
});
