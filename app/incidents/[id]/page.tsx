import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageSession } from "@/server/auth/page-session";
import { db } from "@/server/db/client";
import { IncidentDetail } from "../../_components/incident-detail";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Incident #${(await params).id}` };
}

export default async function IncidentPage({ params }: Props) {
  const { id } = await params;
  await requirePageSession(`/incidents/${encodeURIComponent(id)}`);
  // A real 404 for unknown incidents; the page itself loads client-side and updates live.
  if (!/^\d{1,18}$/.test(id) || !(await db().incident.findUnique({ where: { id: BigInt(id) }, select: { id: true } }))) notFound();
  return <IncidentDetail id={id} />;
}
