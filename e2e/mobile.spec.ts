import { expect, screenshot, test, uniqueId } from "./fixtures";

test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

async function expectNoHorizontalOverflow(page: import("@playwright/test").Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, "page must not scroll sideways at phone width").toBeLessThanOrEqual(clientWidth);
}

test("usable at phone width: collapsed nav, no sideways page scroll, tables scroll inside", async ({ page, api }) => {
  const id = uniqueId("e2e-phone");
  await api.registerAgent({ id, name: "E2E phone agent", capabilities: ["mobile"] });
  await api.heartbeat(id, { metrics: { cpu_usage: 22 } });

  await page.goto("/");
  await expect(page.getByTestId("system-health-score")).toHaveText(/^\d{1,3}$/);
  // Sidebar hidden, menu button shown; the menu opens and navigates.
  await expect(page.getByRole("button", { name: "Open menu" })).toBeVisible();
  await expect(page.locator("aside")).toBeHidden();
  await expectNoHorizontalOverflow(page);
  await screenshot(page, "overview-phone");

  await page.getByRole("button", { name: "Open menu" }).click();
  await expect(page.locator("#mobile-nav")).toBeVisible();
  await screenshot(page, "nav-open-phone", { fullPage: false });
  await page.locator("#mobile-nav").getByRole("link", { name: "Agents" }).click();
  await expect(page).toHaveURL(/\/agents$/);
  await expect(page.locator("#mobile-nav")).toBeHidden();

  await expect(page.getByTestId("agent-row").first()).toBeVisible();
  await expectNoHorizontalOverflow(page);
  const scroller = page.getByTestId("agents-table-scroll");
  const canScroll = await scroller.evaluate((el) => el.scrollWidth > el.clientWidth);
  expect(canScroll, "the table scrolls horizontally inside its container").toBe(true);
  await screenshot(page, "agents-phone");

  await page.goto(`/agents/${id}`);
  await expect(page.locator('[data-testid="metric-chart"][data-metric="cpu_usage"]')).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await screenshot(page, "agent-detail-phone");
});
