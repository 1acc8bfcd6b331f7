"use client";

import { PageHeader } from "../ui";
import { AnomaliesPanel } from "./anomalies";
import { CostsPanel } from "./costs";
import { DatabasePanel } from "./database";
import { ExecutiveReportPanel } from "./report";

export function PerformancePage() {
  return (
    <>
      <PageHeader title="Performance" subtitle="Anomalies, costs, the executive report and the database behind it all" />
      <div className="space-y-4">
        <ExecutiveReportPanel />
        <AnomaliesPanel />
        <CostsPanel />
        <DatabasePanel />
      </div>
    </>
  );
}
