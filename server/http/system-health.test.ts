import { beforeAll, describe, expect, it } from "vitest";
import * as systemHealthRoute from "@/app/api/v1/system/health/route";
import { ensureBuiltinAgents } from "../agents/builtin-registration";
import { db } from "../db/client";
import { call, makeKey } from "../../test/http";

let key = "";
beforeAll(async () => {
  key = await makeKey(["read"]);
  await ensureBuiltinAgents(db());
});

describe("GET /api/v1/system/health", () => {
  it("returns the system score, status, roster counts and factor breakdown", async () => {
    const r = await call(systemHealthRoute.GET, { key });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      score: expect.any(Number),
      status: expect.stringMatching(/^(excellent|good|fair|poor|critical)$/),
      computedAt: expect.stringMatching(/Z$/),
      roster: { expected: 7, registered: expect.any(Number), active: expect.any(Number), missing: expect.any(Array) },
      factors: expect.any(Array),
      explanation: expect.any(String),
    });
  });

  it("needs a key with the read scope", async () => {
    expect((await call(systemHealthRoute.GET, {})).status).toBe(401);
    const ingestOnly = await makeKey(["ingest"]);
    expect((await call(systemHealthRoute.GET, { key: ingestOnly })).status).toBe(403);
  });
});
