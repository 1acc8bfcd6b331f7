import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/server/auth/page-session";
import { PageHeader } from "../../_components/ui";
import { KnowledgePage } from "../_components/knowledge";

export const metadata: Metadata = { title: "Knowledge base" };

export default async function Page() {
  await requirePageSession("/help/knowledge");
  return (
    <>
      <PageHeader title="Knowledge base" subtitle="Built-in runbooks and your team's documents, searched by the help agent."
        actions={
          <Link href="/help" className="text-sm font-medium text-blue-700 hover:underline">
            ← Back to the chat
          </Link>
        }
      />
      <KnowledgePage />
    </>
  );
}
