import { describe, expect, it } from "vitest";
import { LIVE_CHANNEL, liveNotification, parseLiveNotification, type LiveEvent } from "./channel";

describe("live notification encoding", () => {
  it.each<LiveEvent>([
    { type: "heartbeat", agentId: "alpha" },
    { type: "events", agentIds: ["a", "b"] },
    { type: "health" },
    { type: "llm", runs: 3 },
  ])("round-trips %j on the live channel", (event) => {
    const n = liveNotification(event);
    expect(n.channel).toBe(LIVE_CHANNEL);
    expect(parseLiveNotification(n.payload)).toEqual(event);
  });

  it.each([undefined, "", "not json", "42", "{}", '{"type": 1}'])("ignores the payload %j", (payload) => {
    expect(parseLiveNotification(payload)).toBeNull();
  });
});

describe("agent lists in live notifications", () => {
  it("keeps short lists and sends long ones as 'any agent' (empty)", () => {
    const few = Array.from({ length: 40 }, (_, i) => `agent-${i}`);
    const many = Array.from({ length: 41 }, (_, i) => `agent-${i}`);
    expect(parseLiveNotification(liveNotification({ type: "metrics", agentIds: few }).payload)).toEqual({ type: "metrics", agentIds: few });
    expect(parseLiveNotification(liveNotification({ type: "metrics", agentIds: many }).payload)).toEqual({ type: "metrics", agentIds: [] });
  });
});
