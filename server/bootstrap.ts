import { ensureBuiltinAgents } from "./agents/builtin-registration";
import { ensureInitialApiKey } from "./auth/api-keys";
import { db } from "./db/client";
import { applyMigrations } from "./db/schema-engine";
import { ensureInitialAdmin } from "./users/service";

export interface PrepareResult {
  appliedMigrations: string[];
  /** Set only when this start created the first API key: print it once. */
  newApiKey: string | null;
  /** Set only when this start created the first admin with a generated password: print it once. */
  newAdmin: { email: string; password: string } | null;
}

export interface InitialCredentials {
  apiKey?: string;
  adminEmail?: string;
  adminPassword?: string;
}

/** Migrations, roster, the initial API key and admin user: everything the database needs before web and worker start. */
export async function prepareDatabase(url: string, init: InitialCredentials = {}): Promise<PrepareResult> {
  const appliedMigrations = await applyMigrations(url);
  const prisma = db();
  await ensureBuiltinAgents(prisma);
  const newApiKey = await ensureInitialApiKey(prisma, init.apiKey);
  const newAdmin = await ensureInitialAdmin(prisma, init.adminEmail, init.adminPassword);
  return { appliedMigrations, newApiKey, newAdmin };
}

export function initialCredentials(cfg: { VIGIL_INIT_API_KEY?: string; VIGIL_INIT_ADMIN_EMAIL?: string; VIGIL_INIT_ADMIN_PASSWORD?: string }): InitialCredentials {
  return { apiKey: cfg.VIGIL_INIT_API_KEY, adminEmail: cfg.VIGIL_INIT_ADMIN_EMAIL, adminPassword: cfg.VIGIL_INIT_ADMIN_PASSWORD };
}

/**
 * The one place generated first-start secrets are written out (to the terminal of whoever ran
 * the start, once). null when this start generated nothing.
 */
export function firstStartNotice(prep: Pick<PrepareResult, "newApiKey" | "newAdmin">): string | null {
  if (!prep.newApiKey && !prep.newAdmin) return null;
  const line = "─".repeat(72);
  const parts: string[] = [];
  if (prep.newAdmin) {
    parts.push(
      `  Dashboard login (admin). The password is shown only this once — store it now:\n\n    email:    ${prep.newAdmin.email}\n    password: ${prep.newAdmin.password}\n\n  Sign in, then create named users in Users (or set VIGIL_INIT_ADMIN_EMAIL/PASSWORD).`,
    );
  }
  if (prep.newApiKey) {
    parts.push(
      `  Your first Vigil API key (admin). It is shown only this once — store it now:\n\n    ${prep.newApiKey}\n\n  Send it as "Authorization: Bearer <key>". Create more keys later in Settings.`,
    );
  }
  return `\n${line}\n${parts.join(`\n\n`)}\n${line}\n`;
}
