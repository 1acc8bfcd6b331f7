import type { Metadata } from "next";
import { LlmTraceView } from "../../../_components/llm/trace";

export const metadata: Metadata = { title: "Trace" };
export const dynamic = "force-dynamic";

export default async function Page({ params }: { params: Promise<{ traceId: string }> }) {
  return <LlmTraceView traceId={decodeURIComponent((await params).traceId)} />;
}
