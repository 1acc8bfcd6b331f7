import { expect, test } from "./fixtures";

/**
 * The database-down banner. The e2e server cannot stop its own Postgres, so the
 * browser sees /api/health answer exactly what the web app answers when the database is
 * unreachable (503, db "down"; covered by server/http/db-down.test.ts); then the real answer again.
 */
test("a clear banner while the database is unreachable, gone by itself once it is back", async ({ page, consoleGuard }) => {
  consoleGuard.allow(/Failed to load resource|503/);
  await page.route("**/api/health", (route) =>
    route.fulfill({ status: 503, contentType: "application/json", headers: { "retry-after": "5" }, body: JSON.stringify({ status: "degraded", db: "down", worker: "down", version: "e2e" }) }),
  );
  await page.goto("/");
  const banner = page.getByTestId("db-banner");
  await expect(banner).toHaveText("Database unreachable — showing the last data received; retrying…");
  await page.goto("/agents");
  await expect(banner).toBeVisible();
  await page.unroute("**/api/health");
  await expect(banner).toBeHidden({ timeout: 10_000 });
  await expect(page.getByTestId("agent-row").first()).toBeVisible();
});
