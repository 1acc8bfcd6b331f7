import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshot, test, WRONG_PASSWORD } from "./fixtures";

// These tests start signed out.
test.use({ storageState: { cookies: [], origins: [] } });

test("any page redirects to login; wrong password is refused clearly; sign-in returns to the page; sign-out ends the session", async ({ page, consoleGuard }) => {
  consoleGuard.allow(/status of 401/);
  await page.goto("/agents");
  await expect(page).toHaveURL(/\/login\?next=%2Fagents$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill(WRONG_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
  await screenshot(page, "login-wrong-password");
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/agents$/);
  await expect(page.getByRole("heading", { name: "Agents" })).toBeVisible();
  const box = page.getByTestId("user-box").filter({ visible: true });
  await expect(box).toContainText(ADMIN_EMAIL);
  await expect(box.getByTestId("user-role")).toHaveText("admin");

  // The cookie is HttpOnly and SameSite=Lax (not readable by page scripts).
  const cookie = (await page.context().cookies()).find((c) => c.name.endsWith("vigil.session_token"))!;
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe("Lax");
  expect(await page.evaluate(() => document.cookie)).not.toContain("session_token");

  await box.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  // The old cookie is dead on the server too, not just gone from the browser.
  await page.context().addCookies([cookie]);
  const res = await page.request.get("/api/trpc/me.get");
  expect(res.status()).toBe(401);
});

test("a tampered session cookie is rejected", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "vigil.session_token", value: "forged-token.forged-signature", url: baseURL! }]);
  await page.goto("/events");
  await expect(page).toHaveURL(/\/login\?next=%2Fevents$/);
});

test("security headers: CSP with a script nonce, no framing, referrer policy, no x-powered-by", async ({ page }) => {
  const res = (await page.goto("/login"))!;
  const h = res.headers();
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"]).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["x-powered-by"]).toBeUndefined();
  // Next put the nonce on its scripts, so the page works under that policy (the form renders and reacts).
  const nonce = /'nonce-([^']+)'/.exec(h["content-security-policy"]!)![1]!;
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  expect(await page.locator("script").evaluateAll((els, n) => els.every((e) => !e.textContent || (e as HTMLScriptElement).nonce === n), nonce)).toBe(true);
  const api = await page.request.get("/api/health");
  expect(api.headers()["content-security-policy"]).toContain("default-src 'none'");
});
