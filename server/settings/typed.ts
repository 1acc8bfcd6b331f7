import type { z } from "zod";
import type { PrismaClient } from "../db/client";
import { Prisma } from "../db/client";

/**
 * Typed access to rows of the `settings` table (key → JSON). A stored value is merged over the
 * defaults and validated; a row that no longer validates (hand-edited, older format) falls back
 * to the defaults instead of breaking a worker cycle.
 */
export async function readSetting<S extends z.ZodType>(prisma: PrismaClient, key: string, schema: S, defaults: z.output<S>): Promise<z.output<S>> {
  const row = await prisma.setting.findUnique({ where: { key } });
  if (!row) return defaults;
  const merged = row.value && typeof row.value === "object" && !Array.isArray(row.value) ? { ...(defaults as object), ...(row.value as object) } : row.value;
  const parsed = schema.safeParse(merged);
  return parsed.success ? parsed.data : defaults;
}

export async function writeSetting<S extends z.ZodType>(prisma: PrismaClient, key: string, schema: S, value: z.input<S>): Promise<z.output<S>> {
  const data = schema.parse(value);
  const json = data as unknown as Prisma.InputJsonValue;
  await prisma.setting.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
  return data;
}
