import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";

export { Prisma } from "./generated/client";
export type { PrismaClient } from "./generated/client";

/** The client or an open transaction: what data-module functions take first, so a caller can pass either. */
export type Db = import("./generated/client").Prisma.TransactionClient;

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  return url;
}

// One pool per process, shared by Prisma and the few hand-written SQL queries.
// Kept on globalThis so Next's dev reloads don't open a new pool per reload.
const globalForDb = globalThis as unknown as { vigilPool?: pg.Pool; vigilPrisma?: PrismaClient };

export function pool(): pg.Pool {
  if (!globalForDb.vigilPool) {
    const p = new pg.Pool({
      connectionString: databaseUrl(),
      max: Number(process.env.VIGIL_DB_POOL_SIZE ?? 10),
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    // An idle connection the server closes (restart, failover, DROP DATABASE … WITH FORCE) is
    // emitted on the pool; unhandled, that would crash the process. The pool replaces it on the
    // next checkout, so noting it is enough.
    p.on("error", (err) => console.warn(`[db] idle connection closed by the server: ${err.message}`));
    globalForDb.vigilPool = p;
  }
  return globalForDb.vigilPool;
}

export function db(): PrismaClient {
  globalForDb.vigilPrisma ??= new PrismaClient({ adapter: new PrismaPg(pool()) });
  return globalForDb.vigilPrisma;
}

export async function closeDb(): Promise<void> {
  const { vigilPrisma, vigilPool } = globalForDb;
  globalForDb.vigilPrisma = undefined;
  globalForDb.vigilPool = undefined;
  await vigilPrisma?.$disconnect();
  await vigilPool?.end();
}
