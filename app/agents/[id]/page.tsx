import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPageSession, requirePageSession } from "@/server/auth/page-session";
import { db } from "@/server/db/client";
import { AgentDetail } from "../../_components/agent-detail";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function findAgent(id: string) {
  return db().agent.findUnique({ where: { id }, select: { id: true, name: true } });
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  // No agent names in titles for someone who is not signed in.
  if (!(await getPageSession().catch(() => null))) return { title: "Agent" };
  const agent = await findAgent(decodeURIComponent(id)).catch(() => null);
  return { title: agent ? agent.name : "Agent not found" };
}

export default async function AgentPage({ params }: Props) {
  const id = decodeURIComponent((await params).id);
  await requirePageSession(`/agents/${encodeURIComponent(id)}`);
  // A real 404 for unknown agents; everything else loads client-side and updates live.
  const agent = await findAgent(id);
  if (!agent) notFound();
  return <AgentDetail id={agent.id} />;
}
