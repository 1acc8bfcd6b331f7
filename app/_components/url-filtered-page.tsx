import { Suspense, type ReactNode } from "react";
import { PageHeader, Skeleton } from "./ui";

/**
 * Wraps a list page whose filters live in the URL: useSearchParams needs a Suspense boundary for
 * static rendering, and until it resolves the page shows its title over a placeholder.
 */
export function UrlFilteredPage({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <>
          <PageHeader title={title} subtitle={subtitle} />
          <Skeleton className="h-96 w-full rounded-xl" />
        </>
      }
    >
      {children}
    </Suspense>
  );
}
