import { describe, expect, it, vi } from 'vitest';
import type { SendRequest, SendResponse } from '../protocol/index.ts';
import { RequestError } from './api.ts';
import { createSender, isRetryable } from './sender.ts';

const request: SendRequest = { clientId: 'client-123', body: { kind: 'text', text: 'hi' } };
const response: SendResponse = {
  message: { id: 'm1', seq: 1, conversationId: 'c1', author: 'visitor', createdAt: '2025-01-01T00:00:00.000Z', clientId: 'client-123', body: { kind: 'text', text: 'hi' } },
  duplicate: false,
};

describe('isRetryable', () => {
  it('retries network errors, 429 and 5xx but not other 4xx', () => {
    expect([0, 429, 500, 503].map((s) => isRetryable(new RequestError(s, 'x', 'x')))).toEqual([true, true, true, true]);
    expect([400, 401, 403, 413].map((s) => isRetryable(new RequestError(s, 'x', 'x')))).toEqual([false, false, false, false]);
  });
});

describe('createSender', () => {
  it('retries with the same clientId until a try succeeds', async () => {
    const send = vi.fn().mockRejectedValueOnce(new RequestError(0, 'network', 'down')).mockRejectedValueOnce(new RequestError(502, 'bad_gateway', 'x')).mockResolvedValueOnce(response);
    expect(await createSender({ send, base: 1, cap: 2 }).send(request)).toBe(response);
    expect(send.mock.calls).toEqual([[request], [request], [request]]);
  });

  it('gives up after the allowed tries with the last error', async () => {
    const send = vi.fn().mockRejectedValue(new RequestError(503, 'unavailable', 'x'));
    await expect(createSender({ send, attempts: 3, base: 1, cap: 2 }).send(request)).rejects.toMatchObject({ status: 503 });
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('does not retry a request the relay refused', async () => {
    const send = vi.fn().mockRejectedValue(new RequestError(400, 'invalid_body', 'x'));
    await expect(createSender({ send, base: 1 }).send(request)).rejects.toMatchObject({ status: 400 });
    expect(send).toHaveBeenCalledTimes(1);
  });
});
