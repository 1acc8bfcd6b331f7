"use client";

import type { ReactNode } from "react";
import { LiveProvider } from "./live";
import { TRPCReactProvider } from "./trpc";

export function Providers({ children }: { children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <LiveProvider>{children}</LiveProvider>
    </TRPCReactProvider>
  );
}
