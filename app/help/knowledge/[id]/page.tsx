import type { Metadata } from "next";
import { requirePageSession } from "@/server/auth/page-session";
import { KnowledgeDocument } from "../../_components/knowledge-doc";

export const metadata: Metadata = { title: "Knowledge document" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  await requirePageSession(`/help/knowledge/${encodeURIComponent(id)}`);
  return <KnowledgeDocument id={id} />;
}
