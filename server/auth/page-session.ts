import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { hasRole, type Role } from "./roles";
import { sessionFromHeaders, type CurrentSession } from "./session";

/**
 * Sessions for server components. cache() shares one lookup between the layout and the page of a
 * render. Every page calls requirePageSession() itself: the proxy's redirect is only a shortcut.
 */
export const getPageSession = cache(async (): Promise<CurrentSession | null> => {
  const h = await headers();
  return sessionFromHeaders(h);
});

/** The session, or a redirect to the login page (back to `path` afterwards). */
export async function requirePageSession(path = "/"): Promise<CurrentSession> {
  const session = await getPageSession();
  if (!session) redirect(path === "/" ? "/login" : `/login?next=${encodeURIComponent(path)}`);
  return session;
}

/** For pages only some roles may see: false → the page shows a "needs role" notice. */
export async function pageAllows(role: Role, path: string): Promise<boolean> {
  const s = await requirePageSession(path);
  return hasRole(s.user.role, role);
}
