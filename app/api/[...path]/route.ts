import { unknownApiPath } from "@/server/http/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
/** Any /api path no other route matches: a JSON 404 in the standard error shape, whatever the method. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = unknownApiPath;
