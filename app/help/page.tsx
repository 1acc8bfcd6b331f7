import type { Metadata } from "next";
import { requirePageSession } from "@/server/auth/page-session";
import { PageHeader } from "../_components/ui";
import { HelpChatPage } from "./_components/chat";

export const metadata: Metadata = { title: "Help" };

export default async function Page() {
  await requirePageSession("/help");
  return (
    <>
      <PageHeader title="Help" subtitle="Ask Vigil about your agents, incidents, performance and costs." />
      <HelpChatPage />
    </>
  );
}
