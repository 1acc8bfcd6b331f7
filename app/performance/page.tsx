import type { Metadata } from "next";
import { requirePageSession } from "@/server/auth/page-session";
import { PerformancePage } from "../_components/performance/page";

export const metadata: Metadata = { title: "Performance" };

export default async function Page() {
  await requirePageSession("/performance");
  return <PerformancePage />;
}
