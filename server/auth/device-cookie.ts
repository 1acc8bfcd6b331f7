import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * "Device cookies" (OWASP's answer to lockout as a denial of service): after a successful sign-in
 * the browser gets a long-lived HttpOnly cookie saying "this browser signed in to <account>
 * before", signed with the instance secret. On the next sign-in to that account the browser is
 * counted on its own in the login throttle, so failures from an attacker (another IP, or the
 * same shared/unknown address) cannot lock it out. The cookie grants nothing else: it is not a
 * session, and it is only read by the sign-in endpoint (Path=/api/auth).
 */

export const DEVICE_COOKIE = "vigil.device";
const MAX_AGE_SECONDS = 365 * 24 * 3600;

const mac = (secret: string, email: string, id: string) => createHmac("sha256", secret).update(`device-cookie\u0000${email}\u0000${id}`).digest("base64url");

/** The device id in this request's cookie when it was issued for exactly this (normalised) email. */
export function deviceFor(headers: Headers, email: string, secret: string): string | null {
  const raw = headers
    .get("cookie")
    ?.split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${DEVICE_COOKIE}=`))
    ?.slice(DEVICE_COOKIE.length + 1);
  const m = raw ? /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(decodeURIComponent(raw)) : null;
  if (!m) return null;
  const [, id, sig] = m as unknown as [string, string, string];
  const want = Buffer.from(mac(secret, email, id));
  const got = Buffer.from(sig);
  return got.length === want.length && timingSafeEqual(got, want) ? id : null;
}

/** Set-Cookie for this browser and account (a fresh id unless it already has one for it). */
export function deviceCookie(email: string, secret: string, secure: boolean, existing: string | null): string {
  const id = existing ?? randomBytes(16).toString("base64url");
  const value = `${id}.${mac(secret, email, id)}`;
  return `${DEVICE_COOKIE}=${value}; Path=/api/auth; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}
