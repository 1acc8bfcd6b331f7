/**
 * Dashboard roles, weakest first. admin: everything (users, API keys, settings); operator:
 * operate the fleet (pause/resume agents, acknowledge incidents, edit roster and rates);
 * viewer: read only. Every check compares ranks, so a stronger role can do what a weaker can.
 */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(v: unknown): v is Role {
  return typeof v === "string" && (ROLES as readonly string[]).includes(v);
}

export function hasRole(actual: string | null | undefined, needed: Role): boolean {
  return isRole(actual) && ROLES.indexOf(actual) >= ROLES.indexOf(needed);
}
