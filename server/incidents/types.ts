/** What a detector reports, and the key that keeps one open incident per condition. Vocabulary: server/vocabulary.ts. */
import type { IssueSeverity, IssueType } from "../vocabulary";

/**
 * What a detector found. `key` identifies the condition (type + subject): while an incident
 * with that key is open, the same condition does not open another one.
 */
export interface DetectedIssue {
  type: IssueType;
  /** null for system-wide issues (the database, Vigil itself). */
  agentId: string | null;
  severity: IssueSeverity;
  title: string;
  /** Numbers that made the detector fire, shown on the incident. */
  evidence: Record<string, unknown>;
  /** Refinement of the type that decides the action (e.g. "slow_queries", "stuck_lease"). */
  subtype?: string;
}

export function issueKey(i: { type: string; agentId: string | null; subtype?: string | null }): string {
  return `${i.type}:${i.agentId ?? "system"}${i.subtype ? `:${i.subtype}` : ""}`;
}

