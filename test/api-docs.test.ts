/**
 * docs/api.md is the public API's reference: every (method, path) that a route file under
 * app/api/** exports must have a `### METHOD /path` heading there, and every such heading must
 * match a route (no stale docs). Read statically (no route module is imported), so this test
 * cannot be fooled by a module that fails to load.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const API_DIR = path.join(ROOT, "app", "api");
const DOC = path.join(ROOT, "docs", "api.md");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** The catch-all that answers JSON 404/405 for unknown /api paths: documented in the general section. */
const EXCLUDED = new Set(["app/api/[...path]/route.ts"]);

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" || e.name === "route.tsx" ? [full] : [];
  });
}

/** `app/api/(group)/v1/agents/[id]/route.ts` → `/api/v1/agents/{id}`; `[...x]` / `[[...x]]` → `{...x}`. */
function routePath(file: string): string {
  const segments = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  const kept = segments
    .filter((s) => !(s.startsWith("(") && s.endsWith(")")))
    .map((s) => s.replace(/^\[\[?(\.\.\.)?([^\]]+)\]?\]$/, (_m, dots: string | undefined, name: string) => `{${dots ?? ""}${name}}`));
  return `/${kept.join("/")}`;
}

/** HTTP methods a route module exports, read from its source. */
function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  const method = `(${METHODS.join("|")})`;
  // export const GET = … / export function POST(…) / export async function PATCH(…)
  for (const m of source.matchAll(new RegExp(`export\\s+(?:const|let|(?:async\\s+)?function)\\s+${method}\\b`, "g"))) found.add(m[1]!);
  // export const { GET, POST } = …
  for (const m of source.matchAll(/export\s+const\s*\{([^}]*)\}\s*=/g)) {
    for (const name of m[1]!.split(",")) {
      const local = name.split(":")[0]!.trim();
      if ((METHODS as readonly string[]).includes(local)) found.add(local);
    }
  }
  // export { handler as GET, POST }
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const name of m[1]!.split(",")) {
      const exported = name.split(/\s+as\s+/).pop()!.trim();
      if ((METHODS as readonly string[]).includes(exported)) found.add(exported);
    }
  }
  return [...found].sort();
}

function documented(): Set<string> {
  const text = readFileSync(DOC, "utf8");
  const out = new Set<string>();
  for (const m of text.matchAll(/^###\s+([A-Z]+)\s+(\/\S+)\s*$/gm)) out.add(`${m[1]} ${m[2]}`);
  return out;
}

function routes(): Set<string> {
  const out = new Set<string>();
  for (const file of routeFiles(API_DIR)) {
    if (EXCLUDED.has(path.relative(ROOT, file).split(path.sep).join("/"))) continue;
    const methods = exportedMethods(readFileSync(file, "utf8"));
    expect(methods, `${path.relative(ROOT, file)} exports no HTTP method this test can see`).not.toEqual([]);
    for (const m of methods) out.add(`${m} ${routePath(file)}`);
  }
  return out;
}

describe("docs/api.md", () => {
  it("derives route paths and methods the way Next does", () => {
    expect(routePath(path.join(API_DIR, "v1", "agents", "[id]", "heartbeats", "route.ts"))).toBe("/api/v1/agents/{id}/heartbeats");
    expect(routePath(path.join(API_DIR, "(public)", "auth", "[...all]", "route.ts"))).toBe("/api/auth/{...all}");
    expect(exportedMethods("export const GET = x;\nexport async function POST() {}\nexport function PATCH() {}")).toEqual(["GET", "PATCH", "POST"]);
    expect(exportedMethods("export const { GET, POST: post } = route({});")).toEqual(["GET", "POST"]);
    expect(exportedMethods("export { handler as GET, handler as POST };")).toEqual(["GET", "POST"]);
  });

  it("documents every route under app/api, and nothing else", () => {
    const code = routes();
    const docs = documented();
    expect(code.size).toBeGreaterThan(0);
    const undocumented = [...code].filter((r) => !docs.has(r)).sort();
    const stale = [...docs].filter((d) => !code.has(d)).sort();
    // One assertion so a failure names both lists at once.
    expect(
      { undocumented, stale },
      `routes without a "### METHOD /path" heading in docs/api.md: ${undocumented.join(", ") || "none"}; headings in docs/api.md that match no route: ${stale.join(", ") || "none"}`,
    ).toEqual({ undocumented: [], stale: [] });
  });
});
