import type { Metadata } from "next";
import { requirePageSession } from "@/server/auth/page-session";
import { Suspense } from "react";
import { LlmRunsPage } from "../../_components/llm/runs";
import { PageHeader, Skeleton } from "../../_components/ui";

export const metadata: Metadata = { title: "LLM runs" };

export default async function Page() {
  await requirePageSession("/llm/runs");
  // Filters live in the URL (useSearchParams needs a Suspense boundary).
  return (
    <Suspense fallback={<><PageHeader title="LLM runs" /><Skeleton className="h-96 w-full rounded-xl" /></>}>
      <LlmRunsPage />
    </Suspense>
  );
}
