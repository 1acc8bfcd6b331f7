/**
 * Which hrefs in help answers and documents the dashboard follows (pure): same-origin paths only.
 * Browsers are lenient with URLs: "/\evil.example" and "//evil.example" are other hosts, tabs and
 * newlines inside a URL are dropped ("/\t/evil.example" becomes "//evil.example"), and some
 * servers decode "/%5Cevil" or "/%2Fevil" before redirecting. So a followed href is a path that
 * starts with one "/" not followed by "/" or "\" (plain or percent-encoded), holds no backslash,
 * whitespace or control character, and still resolves to the page's own origin.
 */

// Any origin works for the final check: a relative path resolves to whatever base it is given.
// A fixed one keeps the server render and the browser's hydration in agreement.
const BASE = "http://vigil.invalid";
const FORBIDDEN = /[\s\u0000-\u001f\u007f-\u009f\\]/;

export function isInternalHref(href: unknown): href is string {
  if (typeof href !== "string" || href.length > 2048) return false;
  if (!href.startsWith("/") || href.startsWith("//")) return false;
  if (FORBIDDEN.test(href) || /^\/%(?:2f|5c)/i.test(href)) return false;
  try {
    return new URL(href, BASE).origin === BASE;
  } catch {
    return false;
  }
}
