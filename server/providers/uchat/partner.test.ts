import { afterEach, describe, expect, it } from 'vitest';
import { fixtureText } from './examples.testing.ts';
import { startServer } from '../../http/recording-server.testing.ts';
import { createPartnerClient, PartnerApiError } from './partner.ts';

const KEY = 'partner-key-SECRET-123';

describe('createPartnerClient', () => {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  afterEach(async () => server?.close());

  const client = async (status: number, reply: string) => {
    server = await startServer((_, res) => void res.writeHead(status, { 'content-type': 'application/json' }).end(reply));
    return createPartnerClient({ baseUrl: `${server.url}/`, workspaceId: 'ws 1', apiKey: KEY });
  };

  it('get / set / remove call the contract paths with the partner key', async () => {
    const partner = await client(200, fixtureText('partner-webhook-response.json'));
    const webhook = {
      webhookUrl: 'https://your-webhook-url/',
      verificationKey: 'VERIFICATION_TOKEN',
      status: 'verified',
      botUrl: 'https://bot.dfktv2.com/api/apichat/UNIQUE_CODE_TO_BOT',
    };
    expect(await partner.get()).toEqual(webhook);
    expect(await partner.set({ webhookUrl: 'https://your-webhook-url/', verificationKey: 'VERIFICATION_TOKEN' })).toEqual(webhook);
    await partner.remove();
    expect(server!.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/partner/workspace/ws%201/apichat-webhook',
      'POST /api/partner/workspace/ws%201/set-apichat-webhook',
      'DELETE /api/partner/workspace/ws%201/remove-apichat-webhook',
    ]);
    for (const request of server!.requests) expect(request.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(server!.requests[1]!.body.toString())).toEqual({ webhook_url: 'https://your-webhook-url/', webhook_verification_key: 'VERIFICATION_TOKEN' });
    expect(server!.requests[0]!.body).toHaveLength(0);
  });

  it('reports no webhook when the workspace has none', async () => {
    const partner = await client(200, '{"status":"ok","data":null}');
    expect(await partner.get()).toBeUndefined();
  });

  it("surfaces the platform's message, never the keys", async () => {
    const partner = await client(400, `{"status":"error","message":"Webhook verification failed for key ${KEY} / secret-v"}`);
    const error = (await partner.set({ webhookUrl: 'https://x.test/', verificationKey: 'secret-v' }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/set failed \(HTTP 400\): Webhook verification failed/);
    expect(error.message).not.toContain(KEY);
    expect(error.message).not.toContain('secret-v');
  });

  it('treats status "error" with HTTP 200 as a failure, and an unexpected shape too', async () => {
    const refused = await client(200, '{"status":"error","message":"Invalid workspace"}');
    await expect(refused.get()).rejects.toThrow(/Invalid workspace/);
    await server!.close();
    const odd = await client(200, '{"status":"ok","data":{"webhook_url":5}}');
    await expect(odd.get()).rejects.toThrow(/unexpected shape/);
    await server!.close();
    const html = await client(502, '<html>Bad gateway</html>');
    await expect(html.remove()).rejects.toThrow(/remove failed \(HTTP 502\): <html>Bad gateway/);
  });

  it('tells a refusal, an unreachable platform and a timeout apart', async () => {
    const refused = await client(401, '{"status":"error","message":"Unauthenticated."}');
    expect(await refused.get().catch((e: unknown) => e)).toMatchObject({ name: 'PartnerApiError', reason: 'refused', status: 401 });
    await server!.close();
    const closed = createPartnerClient({ baseUrl: server!.url, workspaceId: 'w', apiKey: KEY });
    const unreachable = await closed.get().catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(PartnerApiError);
    expect(unreachable).toMatchObject({ reason: 'unreachable', status: undefined, message: 'UChat partner API get failed: could not reach the partner API' });
    server = await startServer(() => undefined); // never answers
    const slow = createPartnerClient({ baseUrl: server.url, workspaceId: 'w', apiKey: KEY, timeoutMs: 100 });
    expect(await slow.remove().catch((e: unknown) => e)).toMatchObject({ reason: 'timeout', message: 'UChat partner API remove failed: no answer within 100 ms' });
  });
});
