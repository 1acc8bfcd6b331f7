import { describe, expect, it } from "vitest";
import { clockState } from "../../server/agents/state";
import type { AgentState } from "../../server/vocabulary";

// clockState lives in server/agents/state.ts; the coordinator applies it, so its table is here.
const NOW = new Date("2026-11-22T12:00:00Z");
const ago = (s: number | null) => (s === null ? null : new Date(NOW.getTime() - s * 1000));

describe("clockState (interval 60 s, grace 30 s)", () => {
  it.each<[AgentState, number | null, AgentState]>([
    ["registered", null, "registered"],
    ["registered", 5, "active"],
    ["active", 0, "active"],
    ["active", 59.999, "active"],
    ["active", 60, "active"], // at the interval: still on time
    ["active", 60.001, "late"],
    ["active", 89.999, "late"],
    ["active", 90, "late"], // at interval + grace: still late
    ["active", 90.001, "unresponsive"],
    ["late", 10, "active"],
    ["late", 75, "late"],
    ["late", 91, "unresponsive"],
    ["unresponsive", 5, "active"],
    ["unresponsive", 3600, "unresponsive"],
    ["active", -5, "active"], // clock skew: a heartbeat "from the future" counts as fresh
    // states the clock never touches
    ["paused", 3600, "paused"],
    ["paused", null, "paused"],
    ["stopped", 3600, "stopped"],
    ["failed", 3600, "failed"],
    ["recovering", 3600, "recovering"],
    ["recovering", 1, "recovering"],
  ])("%s with last heartbeat %s s ago → %s", (current, age, expected) => {
    expect(clockState(current, ago(age), 60, 30, NOW)).toBe(expected);
  });
});
