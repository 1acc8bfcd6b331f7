/** Only same-site paths: `?next=https://evil.example` or `//evil.example` must not redirect away. */
export function safeNext(next: string | undefined | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}
