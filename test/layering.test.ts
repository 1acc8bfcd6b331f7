/**
 * The layering rules of docs/architecture.md ("Folders"), checked on the source so a break shows
 * in CI rather than in review: product code under server/ and workers/ never imports a page or
 * route (app/) or the test harness (test/), and code refers to the repository's own docs, never
 * to documents outside it.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" || e.name === "node_modules" ? [] : sourceFiles(rel);
    return /\.(ts|tsx|mjs)$/.test(e.name) ? [rel] : [];
  });
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);

/** Every module specifier a file imports (static, dynamic and re-exports), resolved to a repo path. */
function importedPaths(file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), "utf8");
  const specs = [...source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);
  return specs.flatMap((spec) => {
    if (spec.startsWith("@/")) return [spec.slice(2)];
    if (spec.startsWith(".")) return [path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec))];
    return [];
  });
}

/** Product files (tests aside) that import from one of `forbidden` (folders), as "file → import". */
function layeringViolations(files: readonly string[], forbidden: readonly string[]): string[] {
  return files.flatMap((file) => importedPaths(file).filter((p) => forbidden.some((f) => p === f || p.startsWith(`${f}/`))).map((p) => `${file} → ${p}`));
}

describe("layering", () => {
  it("server/ and workers/ (tests aside) import neither app/ nor the test harness", () => {
    const product = [...sourceFiles("server"), ...sourceFiles("workers")].filter((f) => !isTest(f));
    expect(product.length).toBeGreaterThan(100);
    expect(layeringViolations(product, ["app", "test"])).toEqual([]);
  });

  it("the check sees relative and aliased imports of a forbidden folder", () => {
    expect(layeringViolations(["test/api-docs.test.ts"], ["server/http"])).toEqual(["test/api-docs.test.ts → server/http/route"]);
    expect(layeringViolations(["app/api/v1/agents/route.ts"], ["server/agents"])).toContain("app/api/v1/agents/route.ts → server/agents/api");
  });

  it("code refers to docs/ in the repository, not to an outside spec or issue numbers", () => {
    const files = ["app", "server", "workers", "sdk", "scripts"].flatMap(sourceFiles);
    const outside = files.flatMap((file) =>
      readFileSync(path.join(ROOT, file), "utf8")
        .split("\n")
        .flatMap((line, i) => (/\bSPEC\b|\bissue [0-9]/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(outside).toEqual([]);
  });
});
