import type { Metadata } from "next";
import { requirePageSession } from "@/server/auth/page-session";
import { IncidentsPage } from "../_components/incidents";
import { UrlFilteredPage } from "../_components/url-filtered-page";

export const metadata: Metadata = { title: "Incidents" };

export default async function Page() {
  await requirePageSession("/incidents");
  return (
    <UrlFilteredPage title="Incidents">
      <IncidentsPage />
    </UrlFilteredPage>
  );
}
