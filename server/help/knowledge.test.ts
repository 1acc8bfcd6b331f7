/**
 * The knowledge base against a real database: runbook sync is idempotent, full-text search ranks
 * and excerpts, operator documents are operator-only, audited, limited in size, and built-in
 * runbooks are read-only; retention trims what exceeds the limits.
 */
import type { TRPCError } from "@trpc/server";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { callerAs, trpcCode } from "@/test/sessions";
import { db, pool } from "../db/client";
import { writeSetting } from "../settings/typed";
import { searchKnowledge } from "./knowledge";
import { syncRunbooks } from "./runbooks";
import { DEFAULT_HELP_LIMITS, HELP_LIMITS_KEY, helpLimitsSchema } from "./limits";
import { enforceRetention } from "./retention";

const code = trpcCode;

describe("runbooks", () => {
  it("syncs knowledge/*.md by slug and content hash: a second sync changes nothing, an edit updates, a removed file goes", async () => {
    const first = await syncRunbooks(db());
    expect(first.inserted).toBeGreaterThanOrEqual(9);
    expect(await syncRunbooks(db())).toEqual({ inserted: 0, updated: 0, removed: 0 });
    const dir = mkdtempSync(path.join(os.tmpdir(), "kb-"));
    writeFileSync(path.join(dir, "health-scoring.md"), "# How health is scored\n\nChanged body about weights.");
    const r = await syncRunbooks(db(), dir);
    expect(r).toEqual({ inserted: 0, updated: 1, removed: first.inserted - 1 });
    await syncRunbooks(db());
  });

  it("finds the right runbook with ranked full-text search and a headline excerpt", async () => {
    await syncRunbooks(db());
    const hits = await searchKnowledge(pool(), "how do rollbacks of recovery actions work?");
    expect(hits[0]!.title).toBe("Recovery types and rollback (self-healing)");
    expect(hits[0]!.rank).toBeGreaterThan(hits.at(-1)!.rank - 1e-9);
    expect(hits[0]!.excerpt.length).toBeGreaterThan(20);
    expect(await searchKnowledge(pool(), "zzzz qqqq")).toEqual([]);
  });
});

describe("operator documents (help.documents)", () => {
  it("operators add, edit and remove documents (audited, searchable); viewers cannot; runbooks are read-only", async () => {
    await syncRunbooks(db());
    const { caller: op } = await callerAs("operator");
    const { caller: viewer } = await callerAs("viewer");
    const doc = await op.help.documents.create({ title: "Billing queue runbook", body: "If invoice-worker backs up, drain the zebracorn queue first." });
    expect(doc.source).toBe("operator");
    expect((await searchKnowledge(pool(), "zebracorn queue"))[0]!.id).toBe(doc.id);
    expect(await code(viewer.help.documents.create({ title: "x", body: "y" }))).toBe("FORBIDDEN");
    expect((await viewer.help.documents.list()).some((d) => d.id === doc.id)).toBe(true);
    const edited = await op.help.documents.update({ id: doc.id, title: "Billing queue runbook v2", body: "Drain the unicornfish queue." });
    expect(edited.title).toBe("Billing queue runbook v2");
    expect(await searchKnowledge(pool(), "zebracorn")).toEqual([]);
    const builtin = (await op.help.documents.list()).find((d) => d.source === "builtin")!;
    expect(await code(op.help.documents.update({ id: builtin.id, title: "x", body: "y" }))).toBe("FORBIDDEN");
    expect(await code(op.help.documents.remove({ id: builtin.id }))).toBe("FORBIDDEN");
    await op.help.documents.remove({ id: doc.id });
    expect(await code(op.help.documents.get({ id: doc.id }))).toBe("NOT_FOUND");
    const audit = await db().auditLog.findMany({ where: { action: { startsWith: "help.document" } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["help.document_created", "help.document_updated", "help.document_removed"]);
  });

  it("refuses a document over the size limits, naming the field and the limit", async () => {
    const { caller: op } = await callerAs("operator");
    await writeSetting(db(), HELP_LIMITS_KEY, helpLimitsSchema, { ...DEFAULT_HELP_LIMITS, maxDocumentBytes: 1_000, maxDocuments: 2 });
    try {
      await op.help.documents.create({ title: "big", body: "x".repeat(1_001) });
      expect.unreachable();
    } catch (e) {
      expect((e as TRPCError).code).toBe("BAD_REQUEST");
      expect((e as TRPCError).message).toMatch(/^body: .*1000 bytes/);
    }
    await op.help.documents.create({ title: "one", body: "a" });
    await op.help.documents.create({ title: "two", body: "b" });
    await expect(op.help.documents.create({ title: "three", body: "c" })).rejects.toThrow(/limit 2/);
    await db().setting.delete({ where: { key: HELP_LIMITS_KEY } });
  });
});

describe("retention", () => {
  it("deletes expired and surplus conversations, old finished requests and surplus operator documents", async () => {
    const now = new Date();
    const day = 86_400_000;
    await db().helpConversation.createMany({
      data: [
        { owner: "user:r1", title: "old", updatedAt: new Date(now.getTime() - 100 * day) },
        ...Array.from({ length: 4 }, (_, i) => ({ owner: "user:r2", title: `c${i}`, updatedAt: new Date(now.getTime() - i * 1000) })),
      ],
    });
    await db().helpRequest.createMany({ data: [{ owner: "key:k", question: "q", status: "answered", answeredAt: new Date(now.getTime() - 8 * day) }, { owner: "key:k", question: "q2", status: "queued" }] });
    await db().knowledgeDocument.deleteMany({ where: { source: "operator" } });
    for (let i = 0; i < 3; i++) {
      await db().knowledgeDocument.create({ data: { slug: `doc/r${i}`, title: `r${i}`, body: "body", source: "operator", contentHash: `h${i}`, bytes: 4, updatedAt: new Date(now.getTime() - i * 1000) } });
    }
    const r = await enforceRetention(pool(), { ...DEFAULT_HELP_LIMITS, maxConversationsPerOwner: 2, maxDocuments: 2 }, now);
    expect(r).toEqual({ conversationsExpired: 1, conversationsOverLimit: 2, requestsExpired: 1, documentsTrimmed: 1 });
    expect((await db().helpConversation.findMany({ where: { owner: "user:r2" }, orderBy: { title: "asc" } })).map((c) => c.title)).toEqual(["c0", "c1"]);
    expect((await db().knowledgeDocument.findMany({ where: { source: "operator" }, orderBy: { title: "asc" } })).map((d) => d.title)).toEqual(["r0", "r1"]);
    expect(await db().knowledgeDocument.count({ where: { source: "builtin" } })).toBeGreaterThan(0);
    expect(await db().helpRequest.count({ where: { status: "queued" } })).toBe(1);
  });
});
