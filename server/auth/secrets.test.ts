import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as agentsRoute from "@/app/api/v1/agents/route";
import * as metricsRoute from "@/app/api/v1/metrics/route";
import { callerWithCookie, signIn } from "@/test/sessions";
import { db } from "../db/client";
import { call } from "../../test/http";
import { ensureInitialAdmin } from "../users/service";

/**
 * Secrets never logged, never stored in plaintext. One realistic flow — first-start
 * admin, sign-ins right and wrong, a user created with a password, an API key created, used,
 * misused, revoked, a password reset — runs with every console method and process.stdout/stderr
 * captured. Then neither the captured output nor any row of any table may contain a secret.
 */

const captured: string[] = [];
const restore: (() => void)[] = [];

beforeAll(() => {
  for (const m of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    const orig = console[m];
    console[m] = (...args: unknown[]) => {
      captured.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      orig.apply(console, args);
    };
    restore.push(() => (console[m] = orig));
  }
  for (const stream of [process.stdout, process.stderr]) {
    const orig = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (orig as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = orig));
  }
});
afterAll(() => restore.forEach((r) => r()));

const secrets: Record<string, string> = {};

describe("secrets", () => {
  it("a login + user + API key flow runs (and does what it should)", async () => {
    await db().user.deleteMany({});
    const first = await ensureInitialAdmin(db(), undefined, undefined);
    secrets.generatedAdminPassword = first!.password;
    const admin = await signIn(first!.email, first!.password);
    expect(admin.status).toBe(200);
    secrets.sessionCookie = admin.cookie!.split("=")[1]!;
    const caller = await callerWithCookie(admin.cookie);

    secrets.newUserPassword = "correct-horse-battery-staple-42";
    const u = await caller.users.create({ email: "new.user@vigil.test", password: secrets.newUserPassword, role: "operator" });
    secrets.wrongPassword = "Tr0ub4dor&3-wrong-guess";
    expect((await signIn("new.user@vigil.test", secrets.wrongPassword)).status).toBe(401);
    expect((await signIn("new.user@vigil.test", secrets.newUserPassword)).status).toBe(200);
    secrets.resetPassword = "reset-by-admin-password-77";
    await caller.users.setPassword({ id: u.id, password: secrets.resetPassword });
    expect((await signIn("new.user@vigil.test", secrets.resetPassword)).status).toBe(200);

    const key = await caller.apiKeys.create({ name: "flow key", scopes: ["ingest"] });
    secrets.apiKey = key.secret;
    expect((await call(agentsRoute.POST, { key: key.secret, body: { id: "secret-flow-agent" } })).status).toBe(201);
    expect((await call(metricsRoute.GET, { key: key.secret })).status).toBe(403); // wrong scope
    expect((await call(agentsRoute.POST, { key: key.secret, body: "{not json" })).status).toBe(400);
    await caller.apiKeys.revoke({ id: key.id });
    expect((await call(metricsRoute.GET, { key: key.secret })).status).toBe(401);
    secrets.unknownKey = "vgl_this_key_was_never_issued_0123456789";
    expect((await call(metricsRoute.GET, { key: secrets.unknownKey })).status).toBe(401);
    expect((await call(metricsRoute.GET, { headers: { authorization: `Basic ${Buffer.from(`x:${secrets.unknownKey}`).toString("base64")}` } })).status).toBe(401);
  });

  it("no secret appears in anything logged during the flow", () => {
    console.warn("[secrets.test] capture check"); // proves the capture sees console output at all
    const all = captured.join("\n");
    expect(all).toContain("[secrets.test] capture check");
    for (const [name, value] of Object.entries(secrets)) expect(all.includes(value), `${name} was logged`).toBe(false);
  });

  it("no plaintext password or API key anywhere in the database (every row of every table, as text)", async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
      );
      expect(tables.rows.map((t) => t.table_name)).toEqual(expect.arrayContaining(["users", "accounts", "sessions", "api_keys", "audit_log"]));
      const { sessionCookie, ...mustNotBeStored } = secrets;
      for (const { table_name } of tables.rows) {
        for (const [name, value] of Object.entries(mustNotBeStored)) {
          const r = await client.query(`SELECT count(*)::int AS n FROM "${table_name}" t WHERE position($1 in t::text) > 0`, [value]);
          expect(r.rows[0].n, `${name} found in ${table_name}`).toBe(0);
        }
      }
      // The scan can fail: values that are stored are found the same way.
      const found = await client.query(`SELECT count(*)::int AS n FROM "users" t WHERE position($1 in t::text) > 0`, ["new.user@vigil.test"]);
      expect(found.rows[0].n).toBe(1);
      // (The session cookie is token.signature; the token alone is stored, as Better Auth needs it.)
      expect(sessionCookie).toBeTruthy();
    } finally {
      await client.end();
    }
  });
});
