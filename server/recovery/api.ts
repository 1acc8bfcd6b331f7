import { z } from "zod";

/** Command ids are UUIDs. */
export const COMMAND_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** POST /api/v1/commands/{id}/ack */
// Unknown fields are ignored (newer SDKs against older servers), as for every ingestion body.
export const ackBodySchema = z.object({
  status: z.enum(["succeeded", "failed"], { error: "status must be 'succeeded' or 'failed'" }),
  message: z
    .string()
    .max(2000, "message must be at most 2,000 characters")
    .refine((s) => !/[\u0000\p{Cs}]/u.test(s), "message contains characters that cannot be stored")
    .nullish(),
});
