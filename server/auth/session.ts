import { getAuth, isSecureRequest } from "./better-auth";
import { isRole, type Role } from "./roles";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface CurrentSession {
  user: SessionUser;
  sessionId: string;
  expiresAt: string;
  /** Set-Cookie headers from a sliding refresh: forward them on the response when possible. */
  setCookies: string[];
}

/**
 * The signed-in user for a request, or null. Better Auth verifies the cookie's signature and
 * looks the session up in Postgres (no cookie cache), so logout, expiry, tampering and a disabled
 * user are all rejected on the very next request. Unknown roles count as no session.
 */
export async function sessionFromHeaders(headers: Headers, url?: string): Promise<CurrentSession | null> {
  if (!headers.get("cookie")) return null;
  const auth = await getAuth(isSecureRequest(headers, url));
  const { headers: out, response } = await auth.api.getSession({ headers, returnHeaders: true });
  if (!response) return null;
  const u = response.user as typeof response.user & { role?: unknown; disabled?: unknown };
  if (u.disabled === true || !isRole(u.role)) return null;
  return {
    user: { id: u.id, email: u.email, name: u.name, role: u.role },
    sessionId: response.session.id,
    expiresAt: new Date(response.session.expiresAt).toISOString(),
    setCookies: out?.getSetCookie() ?? [],
  };
}
