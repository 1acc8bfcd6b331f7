import type { Metadata } from "next";
import { requirePageSession } from "@/server/auth/page-session";
import { Suspense } from "react";
import { IncidentsPage } from "../_components/incidents";
import { PageHeader, Skeleton } from "../_components/ui";

export const metadata: Metadata = { title: "Incidents" };

export default async function Page() {
  await requirePageSession("/incidents");
  // Filters live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense
      fallback={
        <>
          <PageHeader title="Incidents" />
          <Skeleton className="h-96 w-full rounded-xl" />
        </>
      }
    >
      <IncidentsPage />
    </Suspense>
  );
}
