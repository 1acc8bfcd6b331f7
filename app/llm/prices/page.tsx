import type { Metadata } from "next";
import { LlmPricesPage } from "../../_components/llm/prices";

export const metadata: Metadata = { title: "Model prices" };

export default function Page() {
  return <LlmPricesPage />;
}
