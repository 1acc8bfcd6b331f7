import { NextResponse, type NextRequest } from "next/server";

/**
 * Runs before every page request (Next 16 "proxy", formerly middleware):
 * 1. An optimistic login gate: no session cookie → redirect to /login?next=<path>. It only looks
 *    for the cookie; the real check (signature, session row, expiry, disabled user) happens in
 *    server code — every page calls requirePageSession() and every tRPC procedure checks the
 *    session — so nothing depends on this proxy running.
 * 2. A per-request CSP nonce. Next reads it from the request's Content-Security-Policy header
 *    and puts it on its own inline and bundle scripts, so scripts need no 'unsafe-inline'.
 *    Styles keep 'unsafe-inline': Tremor/Recharts set style attributes at run time, which a
 *    nonce cannot cover (style attributes are not script execution).
 */

const PUBLIC_PAGES = new Set(["/login"]);
const SESSION_COOKIES = ["vigil.session_token", "__Secure-vigil.session_token"];

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const hasSession = SESSION_COOKIES.some((c) => request.cookies.get(c)?.value);
  if (!hasSession && !PUBLIC_PAGES.has(pathname)) {
    const url = request.nextUrl.clone();
    url.pathname = "/login";
    url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  if (request.headers.get("x-forwarded-proto") === "https") response.headers.set("strict-transport-security", "max-age=31536000");
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API routes authenticate themselves (API keys, or the session in tRPC);
      // static files and the favicon need neither login nor a nonce.
      source: "/((?!api/|_next/static|_next/image|icon.svg|favicon.ico|robots.txt).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
