import { randomBytes, randomUUID } from "node:crypto";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { recordAudit, type AuditActor } from "../audit/service";
import { lockedAccounts, unlockAccount } from "../auth/login-throttle";
import type { Role } from "../auth/roles";
import type { PrismaClient } from "../db/client";

/**
 * Dashboard users, managed by admins (public sign-up is off). Passwords are hashed with Better
 * Auth's own scrypt hasher and stored the way it reads them (a "credential" account per user),
 * so users created here sign in through Better Auth unchanged.
 */

export const INITIAL_ADMIN_EMAIL = "admin@vigil.local";
const CREDENTIAL = "credential";

export class UserError extends Error {
  constructor(
    readonly code: "CONFLICT" | "NOT_FOUND" | "BAD_REQUEST",
    message: string,
  ) {
    super(message);
    this.name = "UserError";
  }
}

export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastSeenAt: string | null;
  /** Failed sign-ins have locked this account for at least one browser or network right now. */
  locked: boolean;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function createUser(
  prisma: PrismaClient,
  input: { email: string; name?: string; password: string; role: Role },
  actor: AuditActor | null,
): Promise<{ id: string; email: string }> {
  const email = normalizeEmail(input.email);
  const hash = await hashPassword(input.password);
  const id = randomUUID();
  try {
    await prisma.$transaction(async (tx) => {
      await tx.user.create({ data: { id, email, name: input.name?.trim() || email.split("@")[0]!, role: input.role } });
      await tx.account.create({ data: { id: randomUUID(), accountId: id, providerId: CREDENTIAL, userId: id, password: hash } });
      await recordAudit(tx, { actor, action: "user.created", target: email, details: { role: input.role } });
    });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") throw new UserError("CONFLICT", `a user with email ${email} already exists`);
    throw e;
  }
  return { id, email };
}

export async function listUsers(prisma: PrismaClient): Promise<UserDto[]> {
  const users = await prisma.user.findMany({ orderBy: { createdAt: "asc" }, take: 1000 });
  // Last activity = the newest session's refresh time (sessions slide on use).
  const seen = await prisma.session.groupBy({ by: ["userId"], _max: { updatedAt: true } });
  const lastSeen = new Map(seen.map((s) => [s.userId, s._max.updatedAt]));
  const locked = await lockedAccounts(users.map((u) => u.email));
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
    lastSeenAt: lastSeen.get(u.id)?.toISOString() ?? null,
    locked: locked.has(u.email),
  }));
}

/** Refuses a change that would leave no enabled admin (nobody could manage users or keys again). */
async function assertAnotherAdmin(prisma: Pick<PrismaClient, "user">, userId: string): Promise<void> {
  const others = await prisma.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } });
  if (others === 0) throw new UserError("BAD_REQUEST", "this is the last enabled admin: make another user admin first");
}

export async function setRole(prisma: PrismaClient, userId: string, role: Role, actor: AuditActor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new UserError("NOT_FOUND", "user not found");
    if (user.role === role) return;
    if (user.role === "admin") await assertAnotherAdmin(tx, userId);
    await tx.user.update({ where: { id: userId }, data: { role } });
    await recordAudit(tx, { actor, action: "user.role_changed", target: user.email, details: { from: user.role, to: role } });
  });
}

/** Disabling also deletes the user's sessions: they are signed out on their next request. */
export async function setDisabled(prisma: PrismaClient, userId: string, disabled: boolean, actor: AuditActor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new UserError("NOT_FOUND", "user not found");
    if (user.disabled === disabled) return;
    if (disabled && user.role === "admin") await assertAnotherAdmin(tx, userId);
    await tx.user.update({ where: { id: userId }, data: { disabled } });
    if (disabled) await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, { actor, action: disabled ? "user.disabled" : "user.enabled", target: user.email });
  });
}

/** An admin sets a new password (e.g. a forgotten one); the user's other sessions end. */
export async function setPassword(prisma: PrismaClient, userId: string, password: string, actor: AuditActor | null): Promise<void> {
  const hash = await hashPassword(password);
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new UserError("NOT_FOUND", "user not found");
    await writePassword(tx, userId, hash);
    await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, { actor, action: "user.password_set", target: user.email });
  });
}

/**
 * Clears the login throttle's locks on this account for every browser and network (the admin
 * has checked it is the owner knocking). Returns how many of them were locked; audited.
 */
export async function unlockUser(prisma: PrismaClient, userId: string, actor: AuditActor | null): Promise<{ email: string; unlocked: number }> {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new UserError("NOT_FOUND", "user not found");
  const unlocked = await unlockAccount(user.email);
  await recordAudit(prisma, { actor, action: "user.unlocked", target: user.email, details: { lockedClients: unlocked } });
  return { email: user.email, unlocked };
}

/** A user by (normalised) email, for the admin CLI. */
export async function userIdByEmail(prisma: PrismaClient, email: string): Promise<string> {
  const user = await prisma.user.findUnique({ where: { email: normalizeEmail(email) }, select: { id: true } });
  if (!user) throw new UserError("NOT_FOUND", `no user with email ${normalizeEmail(email)}`);
  return user.id;
}

async function writePassword(tx: Pick<PrismaClient, "account">, userId: string, hash: string): Promise<void> {
  const updated = await tx.account.updateMany({ where: { userId, providerId: CREDENTIAL }, data: { password: hash } });
  if (updated.count === 0) await tx.account.create({ data: { id: randomUUID(), accountId: userId, providerId: CREDENTIAL, userId, password: hash } });
}

/** A password people can read and type: 4 groups of 5 base32 characters (~100 bits). */
export function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(20);
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join("")).join("-");
}

/**
 * At start. With VIGIL_INIT_ADMIN_EMAIL + _PASSWORD: that user exists, is an enabled admin and
 * signs in with exactly that password (like VIGIL_INIT_API_KEY for keys). Without them, when no
 * user exists at all: creates admin@vigil.local with a generated password and returns it so the
 * caller prints it once. Otherwise nothing.
 */
export async function ensureInitialAdmin(
  prisma: PrismaClient,
  email: string | undefined,
  password: string | undefined,
): Promise<{ email: string; password: string } | null> {
  const system: AuditActor = { id: null, email: "system" };
  if (email && password) {
    const existing = await prisma.user.findUnique({ where: { email: normalizeEmail(email) }, include: { accounts: { where: { providerId: CREDENTIAL } } } });
    if (!existing) {
      await createUser(prisma, { email, password, role: "admin", name: "Administrator" }, system);
      return null;
    }
    if (existing.role !== "admin" || existing.disabled) await prisma.user.update({ where: { id: existing.id }, data: { role: "admin", disabled: false } });
    const hash = existing.accounts[0]?.password;
    if (!hash || !(await verifyPassword({ hash, password }))) await writePassword(prisma, existing.id, await hashPassword(password));
    return null;
  }
  if ((await prisma.user.count()) > 0) return null;
  const generated = generatePassword();
  await createUser(prisma, { email: INITIAL_ADMIN_EMAIL, password: generated, role: "admin", name: "Administrator" }, system);
  return { email: INITIAL_ADMIN_EMAIL, password: generated };
}
