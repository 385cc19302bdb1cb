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
    const send = vi
      .fn()
      .mockRejectedValueOnce(new RequestError(0, 'network', 'down'))
      .mockRejectedValueOnce(new RequestError(502, 'bad_gateway', 'x'))
      .mockResolvedValueOnce(response);
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

describe('createSender while offline', () => {
  it('waits for the connection instead of failing, then sends in order with the same clientIds', async () => {
    let up = false;
    let wake: () => void = () => {};
    const whenOnline = () => new Promise<void>((resolve) => (wake = resolve));
    const send = vi.fn(async (r: SendRequest) => {
      if (!up) throw new RequestError(0, 'network', 'down');
      return { ...response, message: { ...response.message, clientId: r.clientId } };
    });
    const sender = createSender({ send, attempts: 2, base: 1, cap: 1, online: () => up, whenOnline });
    const a = sender.send({ ...request, clientId: 'a' });
    const b = sender.send({ ...request, clientId: 'b' });
    await new Promise((r) => setTimeout(r, 20));
    expect(send).not.toHaveBeenCalled();
    up = true;
    wake();
    expect((await a).message.clientId).toBe('a');
    expect((await b).message.clientId).toBe('b');
    expect(send.mock.calls.map(([r]) => r.clientId)).toEqual(['a', 'b']);
  });

  it('does not spend tries on failures that happen because the connection dropped', async () => {
    let up = true;
    let wake: () => void = () => {};
    const send = vi.fn().mockImplementationOnce(async () => {
      up = false;
      setTimeout(() => {
        up = true;
        wake();
      }, 5);
      throw new RequestError(0, 'network', 'down');
    });
    send.mockResolvedValueOnce(response);
    const sender = createSender({ send, attempts: 1, base: 1, cap: 1, online: () => up, whenOnline: () => new Promise<void>((r) => (wake = r)) });
    expect(await sender.send(request)).toBe(response);
    expect(send).toHaveBeenCalledTimes(2);
  });
});
