/**
 * Signed-in callers for tests: real users (server/users/service.ts), real sign-ins through the
 * /api/auth route handler (Better Auth + throttle + audit), real cookies. No session is faked.
 */
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import * as authRoute from "@/app/api/auth/[...all]/route";
import type { Role } from "../server/auth/roles";
import { db } from "../server/db/client";
import { createContext } from "../server/trpc/context";
import { createCallerFactory } from "../server/trpc/init";
import { appRouter } from "../server/trpc/router";
import { createUser } from "../server/users/service";

export const BASE = "http://localhost:3000";
export const TEST_CLIENT_IP = "192.0.2.50";

export interface SignInResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** `name=value` of the session cookie, ready for a Cookie header. */
  cookie: string | null;
}

export async function signIn(email: string, password: string, extraHeaders: Record<string, string> = {}): Promise<SignInResult> {
  const res = await authRoute.POST(
    new Request(`${BASE}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE, ...extraHeaders },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = res.headers.getSetCookie().find((c) => c.includes("session_token="))?.split(";")[0] ?? null;
  return { status: res.status, headers: res.headers, body: await res.json().catch(() => null), cookie };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  cookie: string;
}

export async function userWithSession(role: Role): Promise<TestUser> {
  const email = `${role}-${randomUUID().slice(0, 8)}@vigil.test`;
  const password = `pw-${randomUUID()}`;
  const { id } = await createUser(db(), { email, password, role }, null);
  const r = await signIn(email, password);
  if (r.status !== 200 || !r.cookie) throw new Error(`sign-in failed for ${email}: ${r.status} ${JSON.stringify(r.body)}`);
  return { id, email, password, role, cookie: r.cookie };
}

/** A tRPC caller as the given cookie (or none): the same context the route handler builds. */
export async function callerWithCookie(cookie: string | null) {
  // As a proxy (or `next start` itself) would report the client.
  const headers: Record<string, string> = { "x-forwarded-for": TEST_CLIENT_IP, ...(cookie ? { cookie } : {}) };
  return createCallerFactory(appRouter)(await createContext({ req: new Request(`${BASE}/api/trpc`, { headers }) }));
}

export async function callerAs(role: Role) {
  const user = await userWithSession(role);
  return { user, caller: await callerWithCookie(user.cookie) };
}

/** "OK", or the tRPC error code a call failed with (what a role or ownership check answers). */
export const trpcCode = (p: Promise<unknown>): Promise<string> => p.then(() => "OK", (e: unknown) => (e instanceof TRPCError ? e.code : String(e)));
