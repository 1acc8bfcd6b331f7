/** Shapes shared by the health scorer (worker), the API and the dashboard. */

export const HEALTH_FACTORS = [
  { key: "heartbeatConsistency", label: "Heartbeat consistency", weight: 0.3 },
  { key: "performance", label: "Performance", weight: 0.25 },
  { key: "errorRate", label: "Error rate", weight: 0.2 },
  { key: "resourceEfficiency", label: "Resource efficiency", weight: 0.15 },
  { key: "businessImpact", label: "Business impact", weight: 0.1 },
] as const;

export type HealthFactorKey = (typeof HEALTH_FACTORS)[number]["key"];

export type HealthStatus = "excellent" | "good" | "fair" | "poor" | "critical";
export type HealthTrend = "improving" | "stable" | "degrading";

export interface FactorResult {
  key: HealthFactorKey;
  label: string;
  /** Nominal weight (HEALTH_FACTORS). */
  weight: number;
  /** Weight after renormalizing over factors that have data (0 when no data). */
  effectiveWeight: number;
  /** 0–100, or null when there was no data ("no data"). */
  score: number | null;
  /** Human explanation of the number, e.g. "28 of 30 expected heartbeats". */
  detail: string;
}

export interface HealthBreakdown {
  score: number | null;
  status: HealthStatus | null;
  factors: FactorResult[];
  windowMinutes: number;
  /** Trend over recent scores (set by the scorer when history is known). */
  trend?: HealthTrend | null;
  /** When this breakdown was computed (ISO 8601). */
  computedAt?: string;
  /** Why the weighted score was capped, e.g. for an agent that stopped heartbeating. */
  note?: string | null;
}

export interface SystemHealth {
  score: number;
  status: HealthStatus;
  computedAt: string;
  roster: { expected: number; registered: number; active: number; missing: MissingAgent[] };
  factors: { key: string; label: string; weight: number; score: number; detail: string }[];
  explanation: string;
  /**
   * The five per-agent factors (HEALTH_FACTORS) averaged over the reporting agents that have data
   * for them (score null: no agent had data). Informational: the system score is `factors`.
   */
  agentFactors?: { key: string; label: string; weight: number; score: number | null; detail: string }[];
}

export interface MissingAgent {
  agentId: string;
  name: string;
  reason: string;
  state: string;
}
