import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http.ts';

/** What the next public API call answers instead of its normal reply: a status, no answer at all, or a dropped socket. */
export type StandinFault = { kind: 'status'; status: number } | { kind: 'hang' } | { kind: 'reset' };

/** Consumes one fault, if queued; answers whether the request was taken care of. */
export const applyFault = (faults: StandinFault[], req: IncomingMessage, res: ServerResponse): boolean => {
  const fault = faults.shift();
  if (!fault) return false;
  if (fault.kind === 'reset') req.socket.destroy();
  if (fault.kind === 'status') sendJson(res, fault.status, { status: fault.status, error: 'simulated fault' });
  return true; // `hang`: never answered; close() drops the connection
};
