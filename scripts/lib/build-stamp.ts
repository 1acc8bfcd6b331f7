/**
 * Whether `.next` holds a production build of the current sources: `npm start` and `npm run bench`
 * rebuild only when the content hash of everything the Next build reads has changed.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const BUILD_INPUTS = ["app", "server", "components", "public", "proxy.ts", "next.config.ts", "tailwind.config.js", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const STAMP_FILE = path.join(".next", "vigil-source-hash");

export function sourceHash(): string {
  const h = createHash("sha256");
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) if (e !== "node_modules" && !e.endsWith(".test.ts")) visit(path.join(p, e));
    } else {
      h.update(p).update(readFileSync(p));
    }
  };
  BUILD_INPUTS.forEach(visit);
  return h.digest("hex");
}

export function buildIsCurrent(hash = sourceHash()): boolean {
  return existsSync(path.join(".next", "BUILD_ID")) && existsSync(STAMP_FILE) && readFileSync(STAMP_FILE, "utf8") === hash;
}

export function stampBuild(hash: string): void {
  writeFileSync(STAMP_FILE, hash);
}
