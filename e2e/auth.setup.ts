import { test as setup } from "@playwright/test";
import { ADMIN_STORAGE_STATE } from "../playwright.config";
import { ADMIN_EMAIL, ADMIN_PASSWORD, signInThroughForm } from "./fixtures";

// Runs once before the specs (project "setup"): sign in as the initial admin and keep the cookie.
setup("sign in as the initial admin", async ({ page }) => {
  await signInThroughForm(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await page.context().storageState({ path: ADMIN_STORAGE_STATE });
});
