import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { signIn } from "@/test/sessions";
import { MAX_FAILS_PER_CLIENT } from "../server/auth/login-throttle";
import { db } from "../server/db/client";
import { createUser } from "../server/users/service";

/** `npm run admin -- …` as the operator runs it: a child process on this file's database. */
function admin(args: string[], opts: { env?: Record<string, string>; input?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  if (!opts.env?.VIGIL_NEW_PASSWORD) delete env.VIGIL_NEW_PASSWORD;
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], { encoding: "utf8", env, input: opts.input ?? "" });
}

async function lockedOutAdmin(email: string, password: string) {
  await createUser(db(), { email, password, role: "admin" }, null);
  for (let i = 0; i < MAX_FAILS_PER_CLIENT; i++) await signIn(email, `wrong-${i}-password`);
  expect((await signIn(email, password)).status).toBe(429);
}

describe("npm run admin (the last admin locked out)", () => {
  it("unlock <email> clears the lock and is audited; unknown emails and bad usage fail clearly", async () => {
    await lockedOutAdmin("last-admin@vigil.test", "last-admin-pw-1");
    const r = admin(["unlock", "Last-Admin@vigil.test"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/last-admin@vigil\.test: unlocked \(it was locked for 1 browser\(s\) or network\(s\)\)/);
    expect((await signIn("last-admin@vigil.test", "last-admin-pw-1")).status).toBe(200);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "user.unlocked", target: "last-admin@vigil.test" } });
    expect(audit.actorEmail).toBe("cli");

    const unknown = admin(["unlock", "nobody@vigil.test"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no user with email nobody@vigil\.test/);
    const usage = admin(["lock", "x@y.z"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/usage: npm run admin -- unlock <email>/);
  }, 60_000);

  it("reset-password prints a generated password once, or takes it from the environment or stdin; each one signs in", async () => {
    await lockedOutAdmin("forgetful@vigil.test", "old-password-1");
    const generated = admin(["reset-password", "forgetful@vigil.test"]);
    expect(generated.status, generated.stderr).toBe(0);
    const password = /new password \(shown once\): (\S+)/.exec(generated.stdout)?.[1];
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect((await signIn("forgetful@vigil.test", "old-password-1")).status).toBe(401);
    expect((await signIn("forgetful@vigil.test", password!)).status).toBe(200);

    const fromEnv = admin(["reset-password", "forgetful@vigil.test"], { env: { VIGIL_NEW_PASSWORD: "from-the-env-1" } });
    expect(fromEnv.status, fromEnv.stderr).toBe(0);
    expect(fromEnv.stdout).not.toMatch(/from-the-env-1|shown once/);
    expect((await signIn("forgetful@vigil.test", "from-the-env-1")).status).toBe(200);

    const fromStdin = admin(["reset-password", "forgetful@vigil.test", "--stdin"], { input: "from-stdin-pw-2\n" });
    expect(fromStdin.status, fromStdin.stderr).toBe(0);
    expect((await signIn("forgetful@vigil.test", "from-stdin-pw-2")).status).toBe(200);

    const short = admin(["reset-password", "forgetful@vigil.test", "--stdin"], { input: "short\n" });
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/8 to 128 characters/);
    expect(await db().auditLog.count({ where: { action: "user.password_set", target: "forgetful@vigil.test", actorEmail: "cli" } })).toBe(3);
  }, 90_000);
});
