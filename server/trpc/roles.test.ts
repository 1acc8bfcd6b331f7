import { readdirSync } from "node:fs";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, callerWithCookie, userWithSession, type TestUser } from "@/test/sessions";
import { getAuth } from "../auth/better-auth";
import { AUTH_ROUTES } from "../auth/handler";
import type { Role } from "../auth/roles";
import { makeKey } from "../../test/http";
import { appRouter } from "./router";
import { ROUTE_MARK, type RouteMark } from "@/server/http/route";

/**
 * "A viewer cannot change anything", enforced by enumeration: every mutating tRPC procedure and
 * every mutating route handler found at run time is tried as a viewer. A new mutation without a
 * role check makes this file fail — no list to remember to update.
 */

type Proc = { _def: { type: "query" | "mutation" | "subscription" } };
// At run time `_def.procedures` is flat ("users.create" → procedure), whatever its static type says.
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Proc>);
// Deliberate exceptions: a viewer may rate answers in, and delete, their OWN help conversations
// (server/help/store.ts filters by the session user). It changes nothing in the monitored system
// and nothing another user can see; with "{}" input they fail validation (BAD_REQUEST), not the role check.
const VIEWER_MUTATIONS = ["help.feedback", "help.deleteConversation"];
const allMutations = procedures.filter(([, p]) => p._def.type === "mutation").map(([name]) => name);
const mutations = allMutations.filter((name) => !VIEWER_MUTATIONS.includes(name));

// The minimum role of the mutations this issue added (documentation the test keeps honest).
// Mutations not listed here are still tried as viewer below.
const KNOWN: Record<string, Role> = {
  "apiKeys.create": "admin",
  "apiKeys.revoke": "admin",
  "users.create": "admin",
  "users.setRole": "admin",
  "users.setDisabled": "admin",
  "users.setPassword": "admin",
  "settings.updateSecurity": "admin",
  "agentControl.pause": "operator",
  "agentControl.resume": "operator",
};

async function call(caller: unknown, name: string, input: unknown): Promise<unknown> {
  let fn: unknown = caller;
  for (const part of name.split(".")) fn = (fn as Record<string, unknown>)[part];
  return (fn as (i: unknown) => Promise<unknown>)(input);
}

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    const r = await p;
    // A subscription returns an iterable; pull once so its middleware runs.
    if (r && typeof (r as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") await (r as AsyncIterator<unknown>).next?.();
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? e.code : `unexpected: ${String(e)}`;
  }
};

let viewer: TestUser;
let operator: TestUser;
beforeAll(async () => {
  viewer = await userWithSession("viewer");
  operator = await userWithSession("operator");
});

describe("tRPC: every procedure needs a session, every mutation a role above viewer", () => {
  it("finds the mutations (sanity: the walk sees the router)", () => {
    expect(mutations.length).toBeGreaterThanOrEqual(Object.keys(KNOWN).length);
    for (const name of Object.keys(KNOWN)) expect(mutations).toContain(name);
  });

  it("without a session every procedure is UNAUTHORIZED", async () => {
    const anon = await callerWithCookie(null);
    for (const [name] of procedures) expect(await codeOf(call(anon, name, {})), name).toBe("UNAUTHORIZED");
  });

  it("a viewer gets FORBIDDEN from every mutation (even with nonsense input: the role check comes first)", async () => {
    const c = await callerWithCookie(viewer.cookie);
    for (const name of mutations) expect(await codeOf(call(c, name, {})), name).toBe("FORBIDDEN");
  });

  it("the deliberate viewer exceptions (own help conversations) pass the role check", async () => {
    const c = await callerWithCookie(viewer.cookie);
    for (const name of VIEWER_MUTATIONS) {
      expect(allMutations).toContain(name);
      expect(await codeOf(call(c, name, {})), name).toBe("BAD_REQUEST");
    }
  });

  it("an operator gets FORBIDDEN from admin mutations and passes the role check of operator ones", async () => {
    const c = await callerWithCookie(operator.cookie);
    for (const [name, role] of Object.entries(KNOWN)) {
      const code = await codeOf(call(c, name, {}));
      if (role === "admin") expect(code, name).toBe("FORBIDDEN");
      else expect(code, name).toBe("BAD_REQUEST"); // got past the role check to input validation
    }
  });

  it("over HTTP too: POST /api/trpc/<mutation> as a viewer answers 403", async () => {
    const route = await import("@/app/api/trpc/[trpc]/route");
    for (const name of mutations) {
      const res = await route.POST(
        new Request(`${BASE}/api/trpc/${name}`, { method: "POST", headers: { cookie: viewer.cookie, "content-type": "application/json", origin: BASE }, body: "{}" }),
      );
      expect(res.status, name).toBe(403);
      expect((await res.json()).error.data.code, name).toBe("FORBIDDEN");
    }
  });
});

/* ---------- route handlers ---------- */

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return /^route\.(ts|tsx|js)$/.test(e.name) ? [p] : [];
  });
}

const MUTATING = ["POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * POST routes that change nothing in the monitored system, checked separately below:
 * - /api/v1/help/ask: asking the help agent is a read (read scope); the conversation belongs to the key.
 * - /api/help/chat: the dashboard chat takes the session cookie (any role, own conversation) and no API key.
 */
const ASK_ROUTES: Record<string, { viewer: number; readKey: number }> = {
  [path.join("app", "api", "v1", "help", "ask", "route.ts")]: { viewer: 401, readKey: 400 },
  [path.join("app", "api", "help", "chat", "route.ts")]: { viewer: 400, readKey: 401 },
};
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** /api/v1/agents/[id]/heartbeats → a concrete URL and params. */
function concrete(file: string): { url: string; params: Record<string, string> } {
  const rel = path.relative("app", path.dirname(file)).split(path.sep);
  const params: Record<string, string> = {};
  const parts = rel.map((seg) => {
    const m = /^\[(?:\.\.\.)?(.+)\]$/.exec(seg);
    if (!m) return seg;
    params[m[1]!] = "x";
    return "x";
  });
  return { url: `${BASE}/${parts.join("/")}`, params };
}

describe("route handlers: no mutating handler lets a viewer change anything", () => {
  // The unknown-path catch-all answers 404 to everyone: no credential reaches anything there.
  const files = routeFiles("app").filter((f) => !f.includes(`${path.sep}auth${path.sep}`) && !f.includes(`${path.sep}trpc${path.sep}`) && !f.includes("[...path]"));

  it("finds the public API's route files", () => {
    expect(files.some((f) => f.includes(path.join("v1", "metrics")))).toBe(true);
  });

  it("API-key routes: a viewer's session cookie is no credential (401), a read-only key gets 403", async () => {
    const readKey = await makeKey(["read"]);
    let checked = 0;
    for (const file of files) {
      const mod = (await import(path.resolve(file))) as Record<string, Handler | undefined>;
      const { url, params } = concrete(file);
      for (const method of MUTATING) {
        const handler = mod[method];
        // Every route file exports every method; the undeclared ones only answer 405.
        if (!handler || !(mod.GET as unknown as Record<symbol, RouteMark>)[ROUTE_MARK]!.methods.includes(method)) continue;
        checked++;
        const req = (headers: Record<string, string>) =>
          handler(new Request(url, { method, headers: { "content-type": "application/json", ...headers }, body: "{}" }), { params: Promise.resolve(params) });
        const asViewer = await req({ cookie: viewer.cookie });
        const ask = ASK_ROUTES[path.normalize(file)];
        if (ask) {
          // "{}" has no question: past authentication, the body is refused naming the field.
          expect(asViewer.status, `${method} ${url} with a viewer session`).toBe(ask.viewer);
          expect((await req({ authorization: `Bearer ${readKey}` })).status, `${method} ${url} with a read key`).toBe(ask.readKey);
          continue;
        }
        expect(asViewer.status, `${method} ${url} with a viewer session`).toBe(401);
        const asReadKey = await req({ authorization: `Bearer ${readKey}` });
        expect(asReadKey.status, `${method} ${url} with a read key`).toBe(403);
        expect(await asReadKey.json()).toMatchObject({ error: expect.any(String), issues: [] });
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it("/api/auth exposes only sign-in and sign-out: every other Better Auth endpoint is 404", async () => {
    const route = await import("@/app/api/auth/[...all]/route");
    const auth = await getAuth(false);
    const endpoints = Object.values(auth.api as Record<string, { path?: string; options?: { method?: string | string[] } }>)
      .filter((e) => typeof e?.path === "string")
      .flatMap((e) => [e.options?.method ?? "POST"].flat().map((m) => `${m === "*" ? "POST" : m} ${e.path}`));
    expect(endpoints).toContain("POST /sign-up/email");
    expect(endpoints).toContain("GET /get-session");
    let refused = 0;
    for (const ep of new Set(endpoints)) {
      if ((AUTH_ROUTES as readonly string[]).includes(ep)) continue;
      const [method, p] = ep.split(" ") as [string, string];
      const res = await route.POST(
        new Request(`${BASE}/api/auth${p.replace(/:\w+/g, "x")}`, {
          method,
          headers: { cookie: viewer.cookie, "content-type": "application/json", origin: BASE },
          body: method === "GET" ? undefined : JSON.stringify({ role: "admin", email: "x@y.z", password: "p4ssword!", name: "x" }),
        }),
      );
      expect(res.status, ep).toBe(404);
      refused++;
    }
    expect(refused).toBeGreaterThan(10);
  });
});
