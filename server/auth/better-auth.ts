import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { db } from "../db/client";
import { forwardedProto } from "../http/client-ip";
import { withHashedSessionTokens } from "./hashed-session-tokens";
import { sessionSecret } from "./secret";

/**
 * Dashboard login through Better Auth. Why Better Auth (over Auth.js): first-class email +
 * password (scrypt hashes, constant-time verify, timing-equalised unknown-user path), sessions
 * stored in Postgres through its Prisma adapter (tokens hashed; so logout, expiry and "disable user" take effect
 * at once — no stateless JWT to outlive them), signed HttpOnly cookies, and a plain
 * `Request → Response` handler that fits App Router route handlers. Auth.js treats credentials
 * as a second-class provider with JWT sessions only.
 *
 * Surface kept minimal: sign-up is off (admins create users), the route handler only exposes
 * sign-in and sign-out (server/auth/handler.ts), its own rate limiter is off in
 * favor of our Postgres-backed login throttle, and telemetry is off.
 *
 * Cookies: Better Auth fixes the cookie's Secure attribute (and `__Secure-` name) per instance,
 * but Vigil must work over plain http on a LAN *and* set Secure behind a TLS proxy. So there are
 * two instances sharing one database and secret, and each request uses the one matching its
 * protocol (`x-forwarded-proto` from a trusted proxy, else the URL's).
 */

/** A session lasts this long after its last use (sliding, refreshed at most once a day). */
const SESSION_SECONDS = 7 * 24 * 3600;
const SESSION_REFRESH_SECONDS = 24 * 3600;
const COOKIE_PREFIX = "vigil";

function build(secret: string, secure: boolean) {
  return betterAuth({
    appName: "Vigil",
    basePath: "/api/auth",
    secret,
    // Session rows keep only a hash of the cookie's token (hashed-session-tokens.ts).
    database: withHashedSessionTokens(prismaAdapter(db(), { provider: "postgresql" })),
    emailAndPassword: { enabled: true, disableSignUp: true, autoSignIn: false, minPasswordLength: 8, maxPasswordLength: 128 },
    user: {
      additionalFields: {
        // input: false → never settable through Better Auth's endpoints; only our admin procedures change them.
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
        disabled: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    session: { expiresIn: SESSION_SECONDS, updateAge: SESSION_REFRESH_SECONDS, cookieCache: { enabled: false } },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: secure,
      // Behind a reverse proxy the browser's origin is the proxy's: trust its forwarded host/proto
      // for the origin (CSRF) check. Browsers cannot set these headers cross-site, so a forged
      // value only affects the forger's own request.
      trustedProxyHeaders: true,
      ipAddress: { ipAddressHeaders: ["x-forwarded-for", "x-real-ip"] },
    },
    databaseHooks: {
      session: {
        create: {
          // Runs after the password was verified, so it reveals nothing to someone guessing.
          before: async (session) => {
            const user = await db().user.findUnique({ where: { id: session.userId }, select: { disabled: true } });
            if (!user || user.disabled) throw new APIError("FORBIDDEN", { message: "This account is disabled. Ask an administrator to enable it." });
          },
        },
      },
    },
    // Messages only: Better Auth's extra arguments can carry request details we never want in logs.
    logger: {
      level: "warn",
      log: (level, message) => {
        // Deliberate: the origin comes from each request (one install, many hostnames / proxies).
        if (message.includes("Base URL is not set")) return;
        // Failed sign-ins are recorded in the audit log (with email and IP) instead.
        if (/^(Invalid password|User not found|Password not found)$/.test(message)) return;
        (level === "error" ? console.error : console.warn)(`[auth] ${message}`);
      },
    },
  });
}

export type Auth = ReturnType<typeof build>;

const globalForAuth = globalThis as unknown as { vigilAuth?: Map<boolean, Promise<Auth>> };

/** The Better Auth instance for a plain-http (secure=false) or TLS (secure=true) request. */
export function getAuth(secure: boolean): Promise<Auth> {
  const instances = (globalForAuth.vigilAuth ??= new Map());
  let p = instances.get(secure);
  if (!p) {
    p = sessionSecret(db()).then((secret) => build(secret, secure));
    // A failure (database down) is not cached: the next request tries again.
    p.catch(() => instances.delete(secure));
    instances.set(secure, p);
  }
  return p;
}

/** True when the browser talks TLS to us (directly, or through a trusted proxy that says so). */
export function isSecureRequest(headers: Headers, url?: string): boolean {
  const forwarded = forwardedProto(headers);
  if (forwarded) return forwarded === "https";
  return url ? url.startsWith("https:") : false;
}
