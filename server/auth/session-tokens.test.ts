import { createHmac, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...all]/route";
import { BASE, callerWithCookie, trpcCode, userWithSession } from "@/test/sessions";
import { db } from "../db/client";
import { hashSessionToken } from "./hashed-session-tokens";
import { sessionSecret } from "./secret";

const me = async (cookie: string | null) => trpcCode((await callerWithCookie(cookie)).me.get());

/** `name=value` of a session cookie → its name and the token it carries (before the signature). */
function cookieParts(cookie: string): { name: string; token: string } {
  const [name, value] = cookie.split("=") as [string, string];
  const decoded = decodeURIComponent(value);
  return { name, token: decoded.slice(0, decoded.lastIndexOf(".")) };
}

/** A cookie for `token`, signed the way Better Auth signs it (HMAC-SHA256 with the session secret, base64). */
async function signedCookie(name: string, token: string): Promise<string> {
  const signature = createHmac("sha256", await sessionSecret(db())).update(token).digest("base64");
  return `${name}=${encodeURIComponent(`${token}.${signature}`)}`;
}

describe("session tokens are stored hashed", () => {
  it("the row holds sha256(cookie token), never the token; the cookie works; the stored value signed into a cookie does not", async () => {
    const u = await userWithSession("viewer");
    const { name, token } = cookieParts(u.cookie);
    const rows = await db().session.findMany({ where: { userId: u.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token).not.toBe(token);
    expect(rows[0]!.token).toBe(hashSessionToken(token));
    expect(rows[0]!.token).toMatch(/^[0-9a-f]{64}$/);
    expect(await me(u.cookie)).toBe("OK");

    // Someone with a database dump also has the signing secret (it is stored there too): they can
    // sign anything, so the only protection is that the stored value is not the token.
    expect(await signedCookie(name, token)).toBe(u.cookie); // the forging recipe is right…
    expect(await me(await signedCookie(name, rows[0]!.token))).toBe("UNAUTHORIZED"); // …and the dumped value is useless
  });

  it("sign-out deletes the hashed row and the cookie stops working", async () => {
    const u = await userWithSession("operator");
    expect(await db().session.count({ where: { userId: u.id } })).toBe(1);
    const res = await authRoute.POST(new Request(`${BASE}/api/auth/sign-out`, { method: "POST", headers: { cookie: u.cookie, origin: BASE } }));
    expect(res.status).toBe(200);
    expect(await db().session.count({ where: { userId: u.id } })).toBe(0);
    expect(await me(u.cookie)).toBe("UNAUTHORIZED");
  });

  it("a session stored in plaintext before the upgrade keeps working after the migration hashes it", async () => {
    const u = await userWithSession("viewer");
    const { name } = cookieParts(u.cookie);
    const oldToken = randomBytes(24).toString("base64url");
    await db().session.create({ data: { id: `old-${oldToken.slice(0, 8)}`, token: oldToken, userId: u.id, expiresAt: new Date(Date.now() + 3600_000) } });
    const cookie = await signedCookie(name, oldToken);
    expect(await me(cookie)).toBe("UNAUTHORIZED"); // plaintext rows are no longer matched…

    const dir = readdirSync("prisma/migrations").find((d) => d.endsWith("_hash_session_tokens"));
    const update = readFileSync(path.join("prisma/migrations", dir!, "migration.sql"), "utf8").match(/^UPDATE "sessions".*;$/m)?.[0];
    expect(update).toBeTruthy();
    // Only the row made here is plaintext; the others were hashed by the adapter already.
    await db().$executeRawUnsafe(update!.replace(/;$/, ` WHERE "token" = '${oldToken}';`));
    expect((await db().session.findFirst({ where: { id: `old-${oldToken.slice(0, 8)}` } }))!.token).toBe(hashSessionToken(oldToken));
    expect(await me(cookie)).toBe("OK"); // …until the migration hashed them: nobody is signed out
  });
});
