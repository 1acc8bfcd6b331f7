import type { Metadata } from "next";
import { requirePageSession } from "@/server/auth/page-session";
import { LlmRunsPage } from "../../_components/llm/runs";
import { UrlFilteredPage } from "../../_components/url-filtered-page";

export const metadata: Metadata = { title: "LLM runs" };

export default async function Page() {
  await requirePageSession("/llm/runs");
  return (
    <UrlFilteredPage title="LLM runs">
      <LlmRunsPage />
    </UrlFilteredPage>
  );
}
