/**
 * Prisma's schema engine, run as WebAssembly through the pg driver adapter. The native
 * engine is a download the CLI cannot make offline; the WASM build is the same engine.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

export const PRISMA_DIR = path.resolve(process.cwd(), "prisma");
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");
export const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");

// The engine's generated bindings are untyped JS; this is the slice of its API we use.
interface Engine {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}
interface EngineModule {
  SchemaEngine: { new: (opts: unknown, log: (m: string) => void, adapter: unknown) => Promise<Engine> };
  __wbg_set_wasm: (exports: WebAssembly.Exports) => void;
}

let engineModule: Promise<EngineModule> | undefined;

async function loadEngineModule(): Promise<EngineModule> {
  const require = createRequire(import.meta.url);
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      throw new Error(`schema engine panic: ${message}`);
    },
  };
  const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as EngineModule;
  const bytes = readFileSync(path.join(path.dirname(bgPath), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bg;
}

function pgConfigFromUrl(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const COLUMN_TYPE_CHARACTER = 6; // ColumnTypeEnum.Character of @prisma/driver-adapter-utils
let charPatched = false;

type Proto = Record<string, unknown>;
interface PgResult { fields: { dataTypeID: number }[]; rows: unknown[] }
interface RawResult { columnTypes: number[]; rows: unknown[] }

/**
 * Introspection reads pg_constraint.contype, of Postgres's one-byte "char" type, which
 * adapter-pg 7.10 rejects as an unsupported column type although the engine expects a
 * Character column. Let such fields through as text, then report them as Character.
 * Patched once on the adapter's shared query base class.
 */
function mapCharColumns(adapter: object): void {
  if (charPatched) return;
  let proto: Proto | null = Object.getPrototypeOf(adapter);
  while (proto && !Object.hasOwn(proto, "performIO")) proto = Object.getPrototypeOf(proto);
  if (!proto) return;
  const charColumns = new WeakMap<unknown[], number[]>();
  const performIO = proto.performIO as (this: unknown, q: unknown) => Promise<PgResult>;
  const queryRaw = proto.queryRaw as (this: unknown, q: unknown) => Promise<RawResult>;
  proto.performIO = async function (this: unknown, query: unknown) {
    const result = await performIO.call(this, query);
    const idx: number[] = [];
    result.fields.forEach((f, i) => {
      if (f.dataTypeID === PG_CHAR_OID) {
        f.dataTypeID = PG_TEXT_OID;
        idx.push(i);
      }
    });
    if (idx.length) charColumns.set(result.rows, idx);
    return result;
  };
  proto.queryRaw = async function (this: unknown, query: unknown) {
    const result = await queryRaw.call(this, query);
    for (const i of charColumns.get(result.rows) ?? []) result.columnTypes[i] = COLUMN_TYPE_CHARACTER;
    return result;
  };
  charPatched = true;
}

export async function withSchemaEngine<T>(url: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  engineModule ??= loadEngineModule();
  const mod = await engineModule;
  const schema = readFileSync(SCHEMA_PATH, "utf8");
  const pgFactory = new PrismaPg(pgConfigFromUrl(url));
  const connect = pgFactory.connect.bind(pgFactory);
  pgFactory.connect = async () => {
    const adapter = await connect();
    mapCharColumns(adapter);
    return adapter;
  };
  const factory = bindMigrationAwareSqlAdapterFactory(pgFactory);
  const engine = await mod.SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, () => {}, factory);
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

export function readMigrations() {
  const dirs = existsSync(MIGRATIONS_DIR)
    ? readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(path.join(MIGRATIONS_DIR, d.name, "migration.sql")))
        .map((d) => d.name)
        .sort()
    : [];
  return {
    names: dirs,
    list: {
      baseDir: MIGRATIONS_DIR,
      lockfile: { path: "migration_lock.toml", content: readFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), "utf8") },
      shadowDbInitScript: "",
      migrationDirectories: dirs.map((name) => ({
        path: name,
        migrationFile: { path: "migration.sql", content: { tag: "ok", value: readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8") } },
      })),
    },
  };
}

export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Applies every migration in prisma/migrations not yet in `_prisma_migrations`. */
export async function applyMigrations(url: string): Promise<string[]> {
  const { list } = readMigrations();
  return withSchemaEngine(url, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: list, filters: NO_FILTERS });
    return out.appliedMigrationNames;
  });
}

/** SQL that would bring the database at `url` to schema.prisma; empty when there is no drift. */
export async function diffDatabaseToSchema(url: string): Promise<string> {
  const schema = readFileSync(SCHEMA_PATH, "utf8");
  return withSchemaEngine(url, async (engine) => {
    const res = await engine.diff({
      // "schemaDatasource" = the live database behind the driver adapter (URL targets are gone in Prisma 7).
      from: { tag: "schemaDatasource", files: [{ path: SCHEMA_PATH, content: schema }], configDir: PRISMA_DIR },
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      shadowDatabaseUrl: null,
      exitCode: null,
      filters: NO_FILTERS,
    });
    const sql = (res.stdout ?? "").trim();
    // An up-to-date database diffs to a lone comment.
    return sql.split("\n").every((l) => l.trim() === "" || l.startsWith("--")) ? "" : sql;
  });
}
