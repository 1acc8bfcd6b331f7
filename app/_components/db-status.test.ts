import { describe, expect, it } from "vitest";
import { BANNER_TEXT, dbStatusFrom, nextPollMs, POLL_DOWN_MS, POLL_UP_MS } from "./db-status";

describe("database banner state", () => {
  it("follows /api/health: up hides the banner, db down and no answer show it and poll faster", () => {
    expect(dbStatusFrom({ status: "ok", db: "up", worker: "up" })).toBe("up");
    expect(dbStatusFrom({ status: "degraded", db: "up", worker: "down" })).toBe("up");
    expect(dbStatusFrom({ status: "degraded", db: "down", worker: "down" })).toBe("db-down");
    expect(dbStatusFrom(null)).toBe("server-down");
    expect(dbStatusFrom("<html>bad gateway</html>")).toBe("server-down");
    expect(BANNER_TEXT["db-down"]).toBe("Database unreachable — showing the last data received; retrying…");
    expect(nextPollMs("up")).toBe(POLL_UP_MS);
    expect(nextPollMs("db-down")).toBe(POLL_DOWN_MS);
    expect(POLL_DOWN_MS).toBeLessThan(POLL_UP_MS);
  });
});
