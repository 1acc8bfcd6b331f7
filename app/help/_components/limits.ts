// TEMPORARY until the backend contract lands: the knowledge-base limits shown in the UI.
export const DOCUMENT_LIMITS = { maxBodyBytes: 64 * 1024, maxTitleChars: 200, maxOperatorDocuments: 200 };
