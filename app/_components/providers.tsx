"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, type ReactNode } from "react";
import { DB_RECOVERED_EVENT } from "./db-status";
import { LiveProvider } from "./live";
import { TRPCReactProvider } from "./trpc";

/** When the database banner sees Postgres back, every query refetches (failed ones included). */
function RefetchOnDbRecovery() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const onRecovered = () => void queryClient.invalidateQueries();
    window.addEventListener(DB_RECOVERED_EVENT, onRecovered);
    return () => window.removeEventListener(DB_RECOVERED_EVENT, onRecovered);
  }, [queryClient]);
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <RefetchOnDbRecovery />
      <LiveProvider>{children}</LiveProvider>
    </TRPCReactProvider>
  );
}
