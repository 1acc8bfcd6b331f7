// The chat UI uses the backend's wire contract as is (zod schemas + inferred types).
export type { HelpAnswer, HelpCategory, HelpEvent, HelpLink, HelpQuality, HelpSource } from "@/server/help/contract";
