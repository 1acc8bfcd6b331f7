import type { Metadata } from "next";
import { requirePageSession } from "@/server/auth/page-session";
import { LlmOverview } from "../_components/llm/overview";

export const metadata: Metadata = { title: "LLM" };

export default async function Page() {
  await requirePageSession("/llm");
  return <LlmOverview />;
}
