import type { Metadata } from "next";
import { Suspense } from "react";
import { IncidentsPage } from "../_components/incidents";
import { PageHeader, Skeleton } from "../_components/ui";

export const metadata: Metadata = { title: "Incidents" };

export default function Page() {
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
