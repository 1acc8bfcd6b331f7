/** Credentials of the e2e run (no Playwright imports: global-teardown.ts uses them too). */
export const API_KEY = process.env.VIGIL_INIT_API_KEY ?? "vgl_e2e_test_key_0123456789abcdef";
export const ADMIN_EMAIL = process.env.VIGIL_INIT_ADMIN_EMAIL ?? "e2e-admin@vigil.test";
export const ADMIN_PASSWORD = process.env.VIGIL_INIT_ADMIN_PASSWORD ?? "e2e-admin-password-0123";
/** Passwords the specs type (global-teardown.ts checks none of them reached the server log). */
export const VIEWER_PASSWORD = "viewer-password-123";
export const WRONG_PASSWORD = "not-the-password";
