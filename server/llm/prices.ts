import { z } from "zod";
import type { PrismaClient } from "../db/client";
import { isPriceString } from "./money";
import type { PriceRow } from "./pricing";

/**
 * The price table in the database, cached per process for a few seconds (every ingested batch
 * prices its runs; the table is small). Edits made through this module drop the cache at once,
 * so in the process that edits, the very next run uses the new price; other processes follow
 * within CACHE_MS.
 */

const CACHE_MS = 5_000;
let cache: { rows: PriceRow[]; until: number } | null = null;

function clearPriceCache(): void {
  cache = null;
}

type DbPrice = Awaited<ReturnType<PrismaClient["llmModelPrice"]["findMany"]>>[number];

const dec = (d: { toFixed(): string } | null) => (d === null ? null : d.toFixed());

function toPriceRow(p: DbPrice): PriceRow {
  return {
    id: p.id,
    modelPattern: p.modelPattern,
    provider: p.provider,
    project: p.project,
    inputPerMtok: p.inputPerMtok.toFixed(),
    outputPerMtok: p.outputPerMtok.toFixed(),
    cacheReadPerMtok: dec(p.cacheReadPerMtok),
    cacheWritePerMtok: dec(p.cacheWritePerMtok),
    reasoningPerMtok: dec(p.reasoningPerMtok),
    effectiveFrom: p.effectiveFrom,
  };
}

export async function loadPrices(prisma: PrismaClient): Promise<PriceRow[]> {
  const now = Date.now();
  if (cache && cache.until > now) return cache.rows;
  const rows = (await prisma.llmModelPrice.findMany({ orderBy: { modelPattern: "asc" } })).map(toPriceRow);
  cache = { rows, until: now + CACHE_MS };
  return rows;
}

const price = (name: string) =>
  z
    .union([z.string(), z.number()], { error: `${name} must be a decimal number of USD per 1M tokens` })
    .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
    .refine(isPriceString, `${name} must be a non-negative number of USD per 1M tokens with at most 6 decimals`);

export const priceInputSchema = z.object({
  modelPattern: z
    .string()
    .min(1, "model pattern must not be empty")
    .max(200, "model pattern must be at most 200 characters")
    .refine((p) => {
      try {
        new RegExp(p, "i");
        return true;
      } catch {
        return false;
      }
    }, "model pattern must be a valid regular expression"),
  provider: z.string().max(100).nullish().transform((v) => v || null),
  project: z.string().max(200).nullish().transform((v) => v || null),
  inputPerMtok: price("input price"),
  outputPerMtok: price("output price"),
  cacheReadPerMtok: price("cached-input price").nullish().transform((v) => v ?? null),
  cacheWritePerMtok: price("cache-write price").nullish().transform((v) => v ?? null),
  reasoningPerMtok: price("reasoning price").nullish().transform((v) => v ?? null),
  effectiveFrom: z.coerce.date({ error: "effective date must be a date" }).optional(),
  note: z.string().max(500).nullish().transform((v) => v || null),
});
export type PriceInput = z.output<typeof priceInputSchema>;

export interface PriceDto extends Omit<PriceRow, "effectiveFrom"> {
  effectiveFrom: string;
  note: string | null;
  seeded: boolean;
  updatedAt: string;
}

const dto = (p: DbPrice): PriceDto => ({ ...toPriceRow(p), effectiveFrom: p.effectiveFrom.toISOString(), note: p.note, seeded: p.seeded, updatedAt: p.updatedAt.toISOString() });

export async function listPrices(prisma: PrismaClient): Promise<PriceDto[]> {
  const rows = await prisma.llmModelPrice.findMany({ orderBy: [{ provider: "asc" }, { modelPattern: "asc" }, { effectiveFrom: "desc" }] });
  return rows.map(dto);
}

export async function createPrice(prisma: PrismaClient, input: PriceInput): Promise<PriceDto> {
  const row = await prisma.llmModelPrice.create({ data: { ...input, effectiveFrom: input.effectiveFrom ?? new Date("2020-01-01T00:00:00Z") } });
  clearPriceCache();
  return dto(row);
}

/** An edited seeded row stops being "seeded": it is the operator's now. */
export async function updatePrice(prisma: PrismaClient, id: string, input: PriceInput): Promise<PriceDto | null> {
  const found = await prisma.llmModelPrice.findUnique({ where: { id } });
  if (!found) return null;
  const row = await prisma.llmModelPrice.update({ where: { id }, data: { ...input, effectiveFrom: input.effectiveFrom ?? found.effectiveFrom, seeded: false, updatedAt: new Date() } });
  clearPriceCache();
  return dto(row);
}

export async function deletePrice(prisma: PrismaClient, id: string): Promise<boolean> {
  const r = await prisma.llmModelPrice.deleteMany({ where: { id } });
  clearPriceCache();
  return r.count > 0;
}
