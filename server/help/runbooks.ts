/**
 * Built-in runbooks: knowledge/*.md synced into knowledge_documents at start (server/bootstrap.ts)
 * by slug and content hash. Kept apart from knowledge.ts so the web app's routes never import
 * file-system code (Next would trace the whole project for it).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../db/client";
import { byteLength, sha256 } from "./knowledge";

const KNOWLEDGE_DIR = path.resolve(process.cwd(), "knowledge");

/** A runbook file: the first "# " heading is the title, the rest the body. */
export function parseRunbook(file: string, text: string): { slug: string; title: string; body: string } {
  const slug = `runbook/${path.basename(file, ".md")}`;
  const m = /^#\s+(.+)$/m.exec(text);
  const title = m ? m[1]!.trim() : path.basename(file, ".md");
  const body = m ? text.replace(m[0], "").trim() : text.trim();
  return { slug, title, body };
}

export function readRunbooks(dir = KNOWLEDGE_DIR): { slug: string; title: string; body: string }[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".md")).sort();
  } catch {
    return [];
  }
  return files.map((f) => parseRunbook(f, readFileSync(path.join(dir, f), "utf8")));
}

/**
 * Upserts the built-in runbooks by slug, skipping unchanged ones (content hash), and removes
 * built-ins whose file is gone. Idempotent: a second start changes nothing.
 */
export async function syncRunbooks(prisma: PrismaClient, dir = KNOWLEDGE_DIR): Promise<{ inserted: number; updated: number; removed: number }> {
  const books = readRunbooks(dir);
  const existing = new Map((await prisma.knowledgeDocument.findMany({ where: { source: "builtin" }, select: { slug: true, contentHash: true } })).map((d) => [d.slug, d.contentHash]));
  let inserted = 0;
  let updated = 0;
  for (const b of books) {
    const hash = sha256(`${b.title}\n${b.body}`);
    const prev = existing.get(b.slug);
    existing.delete(b.slug);
    if (prev === hash) continue;
    const data = { title: b.title, body: b.body, contentHash: hash, bytes: byteLength(b.body), source: "builtin", updatedAt: new Date() };
    await prisma.knowledgeDocument.upsert({ where: { slug: b.slug }, create: { slug: b.slug, ...data }, update: data });
    if (prev === undefined) inserted++;
    else updated++;
  }
  const gone = [...existing.keys()];
  const removed = gone.length ? (await prisma.knowledgeDocument.deleteMany({ where: { slug: { in: gone }, source: "builtin" } })).count : 0;
  return { inserted, updated, removed };
}

