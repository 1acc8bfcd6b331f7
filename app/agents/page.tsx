import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePageSession } from "@/server/auth/page-session";
import { AgentsPage } from "../_components/agents-table";
import { PageHeader, Skeleton } from "../_components/ui";

export const metadata: Metadata = { title: "Agents" };

export default async function Page() {
  await requirePageSession("/agents");
  // useSearchParams (filters live in the URL) needs a Suspense boundary for static rendering.
  return (
    <Suspense
      fallback={
        <>
          <PageHeader title="Agents" subtitle="Every agent Vigil knows about" />
          <Skeleton className="h-96 w-full rounded-xl" />
        </>
      }
    >
      <AgentsPage />
    </Suspense>
  );
}
