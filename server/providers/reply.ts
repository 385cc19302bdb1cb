import type { RawReply } from './types.ts';

/** A provider's own JSON answer to a webhook request: `{"error": "<reason>"}` with its status. */
export const jsonReply = (status: number, error: string): RawReply => ({ status, contentType: 'application/json', body: JSON.stringify({ error }) });
