import type { Metadata } from "next";
import { requirePageSession } from "@/server/auth/page-session";
import { LlmTraceView } from "../../../_components/llm/trace";

export const metadata: Metadata = { title: "Trace" };
export const dynamic = "force-dynamic";

export default async function Page({ params }: { params: Promise<{ traceId: string }> }) {
  const traceId = decodeURIComponent((await params).traceId);
  await requirePageSession(`/llm/traces/${encodeURIComponent(traceId)}`);
  return <LlmTraceView traceId={traceId} />;
}
