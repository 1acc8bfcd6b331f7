import { defineConfig } from "prisma/config";

// DATABASE_URL is only needed by CLI commands that talk to a database; `prisma generate`
// (run at install) does not, so fall back to a placeholder.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/vigil" },
});
