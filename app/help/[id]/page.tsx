import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { cache } from "react";
import { requirePageSession } from "@/server/auth/page-session";
import { createContext } from "@/server/trpc/context";
import { createCallerFactory } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/router";
import { PageHeader } from "../../_components/ui";
import { HelpChatPage } from "../_components/chat";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** The conversation's title, or null when it does not exist or is not the signed-in user's (once per render). */
const ownConversationTitle = cache(async (id: string): Promise<string | null> => {
  const h = await headers();
  const caller = createCallerFactory(appRouter)(await createContext({ req: new Request("http://vigil.local/help", { headers: h }) }));
  try {
    return (await caller.help.conversation({ id })).title;
  } catch (e) {
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST")) return null;
    throw e;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const title = await ownConversationTitle(decodeURIComponent(id)).catch(() => null);
  return { title: title ? `${title} · Help` : "Help" };
}

export default async function Page({ params }: Props) {
  const id = decodeURIComponent((await params).id);
  await requirePageSession(`/help/${encodeURIComponent(id)}`);
  // Checked on the server with the same tRPC procedure the page uses, so someone else's
  // conversation id renders "not found" straight away — no content, no flash, no failed request.
  const title = await ownConversationTitle(id);
  return (
    <>
      <PageHeader title="Help" subtitle="Ask Vigil about your agents, incidents, performance and costs." />
      <HelpChatPage key={id} conversationId={id} missing={title === null} />
    </>
  );
}
