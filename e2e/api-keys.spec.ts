import { expect, screenshot, test, uniqueId } from "./fixtures";

test("API key: create → shown once in a copy dialog → works → revoke → refused (401); audited", async ({ page, context, playwright, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const name = uniqueId("e2e key");
  await page.goto("/settings");
  const form = page.getByTestId("create-key-form");
  await form.getByLabel("Key name").fill(name);
  await form.getByLabel("Expiry").selectOption({ label: "30 days" });
  await form.getByRole("button", { name: "Create API key" }).click();

  const dialog = page.getByTestId("new-key-dialog");
  await expect(dialog).toBeVisible();
  const secret = (await dialog.getByTestId("new-key-secret").textContent())!.trim();
  expect(secret).toMatch(/^vgl_[A-Za-z0-9_-]{32}$/);
  await screenshot(page, "new-key-dialog", { fullPage: false });
  await dialog.getByRole("button", { name: "Copy" }).click();
  await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await dialog.getByRole("button", { name: /Done/ }).click();
  await expect(dialog).toBeHidden();

  // Afterwards only the prefix is shown — the secret is nowhere on the page.
  const row = page.locator(`[data-testid="api-key-row"][data-prefix="${secret.slice(0, 12)}"]`);
  await expect(row).toContainText(name);
  await expect(row).toHaveAttribute("data-status", "active");
  expect(await page.content()).not.toContain(secret);

  // The key works against the public API (like curl would use it).
  const client = await playwright.request.newContext({ baseURL });
  const agentId = uniqueId("e2e-key-agent");
  const ok = await client.post("/api/v1/agents", { data: { id: agentId }, headers: { Authorization: `Bearer ${secret}` } });
  expect(ok.status()).toBe(201);
  // "Last used" fills in (created + last used are both times now).
  await expect
    .poll(
      async () => {
        await page.reload();
        await expect(row).toBeVisible();
        return row.locator("time").count();
      },
      { timeout: 15_000 },
    )
    .toBe(2);

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await row.getByRole("button", { name: `Confirm revoking ${name}` }).click();
  await expect(row).toHaveAttribute("data-status", "revoked");
  const refused = await client.post("/api/v1/agents", { data: { id: agentId }, headers: { Authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toEqual({ error: "API key has been revoked", issues: [] });
  await client.dispose();

  // Both show up in the audit log, filtered by action group.
  await page.goto("/audit");
  await page.getByLabel("Action").selectOption("api_key.*");
  await expect(page.locator('[data-testid="audit-row"][data-action="api_key.created"]').filter({ hasText: name })).toBeVisible();
  await expect(page.locator('[data-testid="audit-row"][data-action="api_key.revoked"]').filter({ hasText: name })).toBeVisible();
  await expect(page.locator('[data-testid="audit-row"][data-action^="auth."]')).toHaveCount(0);
  await screenshot(page, "audit-log");
});
