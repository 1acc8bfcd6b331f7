import type { Metadata } from "next";
import { LlmOverview } from "../_components/llm/overview";

export const metadata: Metadata = { title: "LLM" };

export default function Page() {
  return <LlmOverview />;
}
