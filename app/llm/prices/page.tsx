import type { Metadata } from "next";
import { requirePageSession } from "@/server/auth/page-session";
import { LlmPricesPage } from "../../_components/llm/prices";

export const metadata: Metadata = { title: "Model prices" };

export default async function Page() {
  await requirePageSession("/llm/prices");
  return <LlmPricesPage />;
}
