/**
 * docs/api.md is the public API's reference: every (method, path) that a route file under
 * app/api/** declares must have a `### METHOD /path` heading there, and every such heading must
 * match a route (no stale docs). The declared methods come from the route helper's mark, not
 * from the exports: every route file exports all methods (undeclared ones answer a JSON 405).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTE_MARK, type RouteMark } from "../server/http/route";

const ROOT = path.resolve(import.meta.dirname, "..");
const API_DIR = path.join(ROOT, "app", "api");
const DOC = path.join(ROOT, "docs", "api.md");
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

/** The methods a route file declares, as the route helper records them on every export it builds. */
async function declaredMethods(file: string): Promise<string[]> {
  const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
  const mark = (mod.GET as Record<symbol, RouteMark | undefined> | undefined)?.[ROUTE_MARK];
  expect(mark, `${path.relative(ROOT, file)} is not built with apiRoutes (server/http/route.ts)`).toBeDefined();
  return [...mark!.methods].sort();
}

function documented(): Set<string> {
  const text = readFileSync(DOC, "utf8");
  const out = new Set<string>();
  for (const m of text.matchAll(/^###\s+([A-Z]+)\s+(\/\S+)\s*$/gm)) out.add(`${m[1]} ${m[2]}`);
  return out;
}

async function routes(): Promise<Set<string>> {
  const out = new Set<string>();
  for (const file of routeFiles(API_DIR)) {
    if (EXCLUDED.has(path.relative(ROOT, file).split(path.sep).join("/"))) continue;
    const methods = await declaredMethods(file);
    expect(methods, `${path.relative(ROOT, file)} exports no HTTP method this test can see`).not.toEqual([]);
    for (const m of methods) out.add(`${m} ${routePath(file)}`);
  }
  return out;
}

describe("docs/api.md", () => {
  it("derives route paths the way Next does", () => {
    expect(routePath(path.join(API_DIR, "v1", "agents", "[id]", "heartbeats", "route.ts"))).toBe("/api/v1/agents/{id}/heartbeats");
    expect(routePath(path.join(API_DIR, "(public)", "auth", "[...all]", "route.ts"))).toBe("/api/auth/{...all}");
  });

  it("documents every route under app/api, and nothing else", async () => {
    const code = await routes();
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
