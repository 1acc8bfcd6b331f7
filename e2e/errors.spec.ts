import { expect, test } from "./fixtures";

test("a failing query shows a clear error with a working Retry", async ({ page, consoleGuard }) => {
  consoleGuard.allow(/Failed to load resource|ERR_FAILED/);
  const failing = /\/api\/trpc\/[^?]*agents\.list/;
  await page.route(failing, (route) => route.abort("failed"));
  await page.goto("/agents");
  const error = page.getByTestId("error-state");
  await expect(error).toBeVisible({ timeout: 15_000 });
  await expect(error).toContainText("Could not load agents");
  await page.unroute(failing);
  await error.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByTestId("agent-row").first()).toBeVisible();
  await expect(error).toBeHidden();
});
