import { createHash } from "node:crypto";
import type { BetterAuthOptions, DBAdapter, DBTransactionAdapter, Where } from "better-auth/types";

/**
 * Session tokens are stored as their SHA-256 (hex), so a copy of the database (a backup, a dump)
 * yields no session that could be replayed: the cookie carries the token, the row only its hash.
 * A plain hash is enough here: tokens are 32 random characters (~190 bits), nothing to guess.
 *
 * Better Auth has no option for this, and its hooks cannot do it (it looks sessions up by token
 * and sets the cookie from the created row), so this wraps its database adapter: every `token`
 * of the session model that goes in — created, or used in a where clause — is hashed, and a row
 * that comes back for a token the caller gave is handed back with that token, as Better Auth
 * expects. Rows found by anything else (user id) carry the hash, which authenticates nothing.
 * Existing rows were hashed in place by a migration, so nobody was signed out.
 */

const SESSION_MODEL = "session";
const TOKEN_FIELD = "token";

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

type Row = Record<string, unknown>;

/** The where clause with session tokens hashed, and hash → token to restore rows that come back. */
function hashWhere(model: string, where: Where[] | undefined): { where: Where[] | undefined; tokens: Map<string, string> } {
  const tokens = new Map<string, string>();
  if (model !== SESSION_MODEL || !where) return { where, tokens };
  const hashOne = (v: unknown) => {
    if (typeof v !== "string") return v;
    const h = hashSessionToken(v);
    tokens.set(h, v);
    return h;
  };
  return {
    where: where.map((w) => (w.field === TOKEN_FIELD ? ({ ...w, value: Array.isArray(w.value) ? w.value.map(hashOne) : hashOne(w.value) } as Where) : w)),
    tokens,
  };
}

function restore<T>(row: T, tokens: Map<string, string>): T {
  if (!row || typeof row !== "object" || tokens.size === 0) return row;
  const t = (row as Row)[TOKEN_FIELD];
  return typeof t === "string" && tokens.has(t) ? ({ ...row, [TOKEN_FIELD]: tokens.get(t) } as T) : row;
}

function hashData<D>(model: string, data: D): D {
  if (model !== SESSION_MODEL || !data || typeof data !== "object") return data;
  const t = (data as Row)[TOKEN_FIELD];
  return typeof t === "string" ? ({ ...data, [TOKEN_FIELD]: hashSessionToken(t) } as D) : data;
}

function wrapOperations(inner: DBTransactionAdapter<BetterAuthOptions>): DBTransactionAdapter<BetterAuthOptions> {
  return {
    ...inner,
    create: async <T extends Record<string, unknown>, R = T>(args: Parameters<typeof inner.create<T, R>>[0]): Promise<R> => {
      const token = args.model === SESSION_MODEL ? (args.data as Row)[TOKEN_FIELD] : undefined;
      const row = await inner.create<T, R>({ ...args, data: hashData(args.model, args.data) });
      return typeof token === "string" && row && typeof row === "object" ? ({ ...row, [TOKEN_FIELD]: token } as R) : row;
    },
    findOne: async (args) => {
      const { where, tokens } = hashWhere(args.model, args.where);
      return restore(await inner.findOne({ ...args, where: where ?? [] }), tokens);
    },
    findMany: async <T>(args: Parameters<typeof inner.findMany<T>>[0]): Promise<T[]> => {
      const { where, tokens } = hashWhere(args.model, args.where);
      return (await inner.findMany<T>({ ...args, where })).map((r) => restore(r, tokens));
    },
    count: (args) => inner.count({ ...args, where: hashWhere(args.model, args.where).where }),
    update: async (args) => {
      const { where, tokens } = hashWhere(args.model, args.where);
      return restore(await inner.update({ ...args, where: where ?? [], update: hashData(args.model, args.update) }), tokens);
    },
    updateMany: (args) => inner.updateMany({ ...args, where: hashWhere(args.model, args.where).where ?? [], update: hashData(args.model, args.update) }),
    delete: (args) => inner.delete({ ...args, where: hashWhere(args.model, args.where).where ?? [] }),
    deleteMany: (args) => inner.deleteMany({ ...args, where: hashWhere(args.model, args.where).where ?? [] }),
    consumeOne: async (args) => {
      const { where, tokens } = hashWhere(args.model, args.where);
      return restore(await inner.consumeOne({ ...args, where: where ?? [] }), tokens);
    },
    incrementOne: async (args) => {
      const { where, tokens } = hashWhere(args.model, args.where);
      return restore(await inner.incrementOne({ ...args, where: where ?? [] }), tokens);
    },
  };
}

/** Better Auth's `database` option: `adapter` with session tokens stored hashed (transactions included). */
export function withHashedSessionTokens(adapter: (options: BetterAuthOptions) => DBAdapter<BetterAuthOptions>): (options: BetterAuthOptions) => DBAdapter<BetterAuthOptions> {
  return (options) => {
    const inner = adapter(options);
    return {
      ...inner,
      ...wrapOperations(inner),
      transaction: (callback) => inner.transaction((trx) => callback(wrapOperations(trx))),
    };
  };
}
