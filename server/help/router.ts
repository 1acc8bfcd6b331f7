import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { recordAudit } from "../audit/service";
import { writeSetting } from "../settings/typed";
import { operatorProcedure, protectedProcedure, router } from "../trpc/init";
import { HelpFeedbackRating, KnowledgeDocInput } from "./contract";
import { createDocument, getDocument, KnowledgeLimitError, listDocuments, ReadOnlyDocument, removeDocument, updateDocument } from "./knowledge";
import { HELP_LIMITS_KEY, helpLimits, helpLimitsSchema } from "./limits";
import { deleteConversation, getConversation, HelpNotFound, listConversations, setFeedback, userOwner } from "./store";

const id = z.object({ id: z.string().min(1).max(100) });

/** Domain errors → tRPC codes (NOT_FOUND also for another user's data: its existence is not revealed). */
async function mapped<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof HelpNotFound) throw new TRPCError({ code: "NOT_FOUND", message: err.message });
    if (err instanceof KnowledgeLimitError) throw new TRPCError({ code: "BAD_REQUEST", message: `${err.field}: ${err.message}` });
    if (err instanceof ReadOnlyDocument) throw new TRPCError({ code: "FORBIDDEN", message: err.message });
    throw err;
  }
}

const documents = router({
  list: protectedProcedure.query(({ ctx }) => listDocuments(ctx.prisma)),
  get: protectedProcedure.input(id).query(({ ctx, input }) => mapped(() => getDocument(ctx.prisma, input.id))),
  create: operatorProcedure.input(KnowledgeDocInput).mutation(({ ctx, input }) =>
    mapped(async () => {
      const doc = await createDocument(ctx.prisma, input, ctx.user.id);
      await recordAudit(ctx.prisma, { actor: ctx.actor, action: "help.document_created", target: doc.id, details: { title: doc.title } });
      return doc;
    }),
  ),
  update: operatorProcedure.input(KnowledgeDocInput.extend(id.shape)).mutation(({ ctx, input }) =>
    mapped(async () => {
      const doc = await updateDocument(ctx.prisma, input.id, { title: input.title, body: input.body });
      await recordAudit(ctx.prisma, { actor: ctx.actor, action: "help.document_updated", target: doc.id, details: { title: doc.title } });
      return doc;
    }),
  ),
  remove: operatorProcedure.input(id).mutation(({ ctx, input }) =>
    mapped(async () => {
      const r = await removeDocument(ctx.prisma, input.id);
      await recordAudit(ctx.prisma, { actor: ctx.actor, action: "help.document_removed", target: input.id, details: { title: r.title } });
      return { id: input.id };
    }),
  ),
});

/**
 * The help chat's data. Conversations are per user: every procedure filters by the
 * session user (store.ts), so one user never reads, rates or deletes another's conversation.
 * Asking itself is POST /api/help/chat (a stream), not tRPC.
 */
export const helpRouter = router({
  conversations: protectedProcedure.query(({ ctx }) => listConversations(ctx.prisma, userOwner(ctx.user.id))),
  conversation: protectedProcedure.input(id).query(({ ctx, input }) => mapped(() => getConversation(ctx.prisma, userOwner(ctx.user.id), input.id))),
  /** Any role: rating an answer in one's own conversation changes nothing else (roles.test exception). */
  feedback: protectedProcedure
    .input(z.object({ messageId: z.string().min(1).max(100), rating: HelpFeedbackRating, comment: z.string().max(2000).optional() }))
    .mutation(({ ctx, input }) =>
      mapped(async () => {
        await setFeedback(ctx.prisma, userOwner(ctx.user.id), input.messageId, input.rating, input.comment ?? null);
        return { messageId: input.messageId, rating: input.rating };
      }),
    ),
  /** Any role: deleting one's own conversation (roles.test exception). */
  deleteConversation: protectedProcedure.input(id).mutation(({ ctx, input }) =>
    mapped(async () => {
      await deleteConversation(ctx.prisma, userOwner(ctx.user.id), input.id);
      return { id: input.id };
    }),
  ),
  documents,
  limits: protectedProcedure.query(({ ctx }) => helpLimits(ctx.prisma)),
  updateLimits: operatorProcedure.input(helpLimitsSchema).mutation(async ({ ctx, input }) => {
    const r = await writeSetting(ctx.prisma, HELP_LIMITS_KEY, helpLimitsSchema, input);
    await recordAudit(ctx.prisma, { actor: ctx.actor, action: "settings.changed", target: HELP_LIMITS_KEY, details: JSON.parse(JSON.stringify(input)) });
    return r;
  }),
});
