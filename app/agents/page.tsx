import type { Metadata } from "next";
import { requirePageSession } from "@/server/auth/page-session";
import { AgentsPage } from "../_components/agents-table";
import { UrlFilteredPage } from "../_components/url-filtered-page";

export const metadata: Metadata = { title: "Agents" };

export default async function Page() {
  await requirePageSession("/agents");
  return (
    <UrlFilteredPage title="Agents" subtitle="Every agent Vigil knows about">
      <AgentsPage />
    </UrlFilteredPage>
  );
}
