/**
 * The dashboard with the database gone, on the real production server: `next start`
 * reaches Postgres through a TCP proxy that the test cuts. A signed-in page load then still gets
 * the app shell with the database banner switched on from the first paint (the root layout
 * catches the failed session lookup and renders `<DatabaseBanner initialDown>`; the page body is
 * the error boundary), /api/health says db "down", and once the proxy is back the same page loads
 * normally with the banner off. The banner's text and its client-side polling/recovery are covered
 * in the browser by e2e/db-banner.spec.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWeb, TcpProxy, type WebProcess } from "../../test/app-process";
import { userWithSession } from "../../test/sessions";

// The layout's banner props as they appear in the page's server-rendered component payload.
const BANNER_ON = /DatabaseBanner[\s\S]*initialDown\\?":true/;

let proxy: TcpProxy;
let web: WebProcess;
let cookie = "";

beforeAll(async () => {
  const url = new URL(process.env.DATABASE_URL!);
  proxy = new TcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  await proxy.start();
  cookie = (await userWithSession("viewer")).cookie;
  web = await startWeb({ DATABASE_URL: proxy.wrap(process.env.DATABASE_URL!) });
}, 120_000);

afterAll(async () => {
  await web?.stop();
  await proxy?.stop();
});

const page = async () => {
  const res = await fetch(`${web.baseUrl}/agents`, { headers: { cookie }, redirect: "manual" });
  return { status: res.status, html: await res.text() };
};

describe("dashboard while the database is unreachable", () => {
  it("shows the banner instead of crashing, and loads normally once Postgres is back", async () => {
    const up = await page();
    expect(up.status).toBe(200);
    expect(up.html).not.toMatch(BANNER_ON);

    const port = proxy.port;
    await proxy.stop();
    const health = await fetch(`${web.baseUrl}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ db: "down" });
    const down = await page();
    expect(down.status).toBeLessThan(600);
    expect(down.html).toMatch(BANNER_ON);

    await proxy.start(port);
    let back = await page();
    for (let i = 0; i < 20 && BANNER_ON.test(back.html); i++) {
      await new Promise((r) => setTimeout(r, 500)); // the pool reconnects on the next query
      back = await page();
    }
    expect(back.status).toBe(200);
    expect(back.html).not.toMatch(BANNER_ON);
  }, 120_000);
});
