import { defineConfig, devices } from "@playwright/test";

/**
 * E2E suite against the production build. `webServer` runs scripts/e2e-server.ts: scratch
 * database, migrations, worker and `next start` on port 3100. Build first (`npx next build`;
 * `npm test` does it).
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_API_KEY = (process.env.VIGIL_INIT_API_KEY ??= "vgl_e2e_test_key_0123456789abcdef");
// The initial admin of the e2e server; e2e/auth.setup.ts signs in once and every spec reuses the session.
export const E2E_ADMIN_EMAIL = (process.env.VIGIL_INIT_ADMIN_EMAIL ??= "e2e-admin@vigil.test");
export const E2E_ADMIN_PASSWORD = (process.env.VIGIL_INIT_ADMIN_PASSWORD ??= "e2e-admin-password-0123");
export const ADMIN_STORAGE_STATE = "e2e/.run/admin.json";
// Web + worker output of the run; e2e/global-teardown.ts checks it holds no password or key secret.
export const SERVER_LOG = "e2e/.run/server.log";

// Debian's chromium by default (Playwright cannot download browsers here); PLAYWRIGHT_CHROMIUM_PATH
// overrides it, and setting it to an empty string uses Playwright's own browser.
const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  globalTeardown: "./e2e/global-teardown.ts",
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    launchOptions: {
      ...(chromiumPath ? { executablePath: chromiumPath } : {}),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [
    // Signs in as the initial admin once and saves the session; every spec starts signed in
    // (a spec that needs another user or none overrides storageState itself).
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: { ...devices["Desktop Chrome"] } },
    {
      name: "chromium",
      dependencies: ["setup"],
      use: { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 1000 }, storageState: ADMIN_STORAGE_STATE },
    },
  ],
  webServer: {
    command: "node_modules/.bin/tsx scripts/e2e-server.ts",
    url: `http://127.0.0.1:${PORT}/icon.svg`,
    reuseExistingServer: Boolean(process.env.E2E_REUSE_SERVER),
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 40_000 },
    env: {
      VIGIL_INIT_API_KEY: E2E_API_KEY,
      VIGIL_INIT_ADMIN_EMAIL: E2E_ADMIN_EMAIL,
      VIGIL_INIT_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      E2E_PORT: String(PORT),
      E2E_SERVER_LOG: SERVER_LOG,
      VIGIL_HEALTH_CHECK_SECONDS: "5",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
