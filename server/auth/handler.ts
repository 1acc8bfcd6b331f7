import { z } from "zod";
import { recordAudit } from "../audit/service";
import { db } from "../db/client";
import { handleError } from "../http/route";
import { readJsonBody } from "../http/body";
import { clientIp } from "../http/client-ip";
import { ApiError, json } from "../http/errors";
import { zodIssues } from "../http/zod-issues";
import { normalizeEmail } from "../users/service";
import { getAuth, isSecureRequest, type Auth } from "./better-auth";
import { deviceCookie, deviceFor } from "./device-cookie";
import { loginLockout, recordLoginFailure, recordLoginSuccess, type LoginClient } from "./login-throttle";
import { sessionSecret } from "./secret";
import { sessionFromHeaders } from "./session";

/**
 * /api/auth/* — the only Better Auth endpoints Vigil exposes (sign-in and sign-out). Everything else Better Auth offers
 * (sign-up, profile and email changes, password reset, account deletion, session listing…) is a
 * 404 here: users are managed by admins through tRPC procedures with role checks.
 * Sign-in adds the login throttle and the audit trail around Better Auth's own handler.
 */
// No get-session: the dashboard learns who is signed in from the server render and tRPC, and the
// endpoint would hand page scripts the raw session token the HttpOnly cookie keeps from them.
export const AUTH_ROUTES = ["POST /sign-in/email", "POST /sign-out"] as const;

const signInSchema = z.object({
  email: z.string().trim().min(1, "email is required").max(320),
  password: z.string().min(1, "password is required").max(128),
  rememberMe: z.boolean().optional(),
});

export async function handleAuthRequest(req: Request): Promise<Response> {
  try {
    const sub = new URL(req.url).pathname.replace(/^\/api\/auth/, "") || "/";
    const route = `${req.method} ${sub}`;
    if (!(AUTH_ROUTES as readonly string[]).includes(route)) throw new ApiError(404, `no such auth endpoint: ${route}`);
    const auth = await getAuth(isSecureRequest(req.headers, req.url));
    if (route === "POST /sign-in/email") return await signIn(req, auth);
    return await signOut(req, auth);
  } catch (err) {
    return handleError(err, req);
  }
}

async function signIn(req: Request, auth: Auth): Promise<Response> {
  const parsed = signInSchema.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new ApiError(400, "invalid sign-in request", zodIssues(parsed.error, null));
  const email = normalizeEmail(parsed.data.email);
  const ip = clientIp(req.headers);
  const prisma = db();
  const secret = await sessionSecret(prisma);
  const client: LoginClient = { ip, device: deviceFor(req.headers, email, secret) };
  const fail = (reason: string) => recordAudit(prisma, { actor: { id: null, email }, action: "auth.login_failed", target: email, ip, details: { reason } });

  const lock = await loginLockout(email, client);
  if (lock) {
    await fail("locked out");
    throw new ApiError(429, lock.message, [], { "retry-after": String(lock.retryAfterSeconds) });
  }
  // Better Auth reads the body itself: hand it a fresh request with the validated fields only.
  const headers = new Headers(req.headers);
  for (const h of ["content-length", "content-encoding", "transfer-encoding"]) headers.delete(h);
  headers.set("content-type", "application/json");
  const res = await auth.handler(new Request(req.url, { method: "POST", headers, body: JSON.stringify({ ...parsed.data, email }) }));
  if (res.ok) {
    const body = (await res.clone().json()) as { user?: { id?: string } };
    await recordLoginSuccess(email, client);
    await recordAudit(prisma, { actor: { id: body.user?.id ?? null, email }, action: "auth.login", target: email, ip });
    // Only the cookie and who signed in: the JSON body also carries the raw session token.
    const out = json({ user: { id: body.user?.id ?? null, email } }, 200);
    for (const c of res.headers.getSetCookie()) out.headers.append("set-cookie", c);
    out.headers.append("set-cookie", deviceCookie(email, secret, isSecureRequest(req.headers, req.url), client.device));
    return out;
  }
  const err = (await res.json().catch(() => ({}))) as { message?: string; code?: string };
  if (res.status === 401 || res.status === 403) {
    await recordLoginFailure(email, client);
    await fail(res.status === 403 ? "account disabled" : "wrong email or password");
  }
  const message = res.status === 401 ? "Wrong email or password." : err.message || "Sign-in failed";
  throw new ApiError(res.status, message, [], {}, err.code ? { code: err.code } : {});
}

async function signOut(req: Request, auth: Auth): Promise<Response> {
  const current = await sessionFromHeaders(req.headers, req.url);
  const res = await auth.handler(req);
  if (res.ok && current) {
    await recordAudit(db(), { actor: { id: current.user.id, email: current.user.email }, action: "auth.logout", target: current.user.email, ip: clientIp(req.headers) });
  }
  return res;
}
