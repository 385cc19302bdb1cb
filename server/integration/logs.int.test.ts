import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../providers/uchat/signature.ts';
import { startHarness, type Harness } from './harness.testing.ts';
import { openStream } from './sse-client.testing.ts';
import { PDF } from '../uploads/fixtures.testing.ts';
import { upload } from './upload-client.testing.ts';

type Line = Record<string, unknown> & { level: string; event: string };

const METRICS_TOKEN = 'metrics-token-'.padEnd(32, 'q');

describe('logs', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const lines = () => h!.logs.map((line) => JSON.parse(line) as Line);
  const accessLines = () => lines().filter((line) => line.event === 'http.request');
  const accessLineOf = (requestId: string | null) => accessLines().find((line) => line.requestId === requestId);
  /** The access line is written when the response closes, a moment after the client has read it. */
  const eventually = async <T>(pick: () => T | undefined) => {
    for (let i = 0; i < 100; i++) {
      const value = pick();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('no such log line');
  };

  it('writes one access line per request: method, route pattern, status, duration, request id, bytes', async () => {
    h = await startHarness();
    const response = await fetch(`${h.url}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const body = await response.text();
    const line = await eventually(() => accessLineOf(response.headers.get('x-request-id')));
    expect(line).toMatchObject({ level: 'info', method: 'POST', route: '/v1/sessions', status: 200, bytes: Buffer.byteLength(body) });
    expect(typeof line['ms']).toBe('number');
    // Probes come every few seconds: their lines are debug.
    const probe = await fetch(`${h.url}/healthz`);
    await probe.text();
    expect(await eventually(() => accessLineOf(probe.headers.get('x-request-id')))).toMatchObject({ level: 'debug', route: '/healthz', status: 200 });
  });

  it('names a request by its route pattern, never its path or query (a file address is its secret)', async () => {
    h = await startHarness();
    const { token } = await h.session();
    const stored = await upload(h, token, PDF, 'application/pdf', 'invoice.pdf');
    const fileToken = new URL(stored.json.url).pathname.split('/')[2]!;
    const download = await fetch(`${stored.json.url}?download=${fileToken}`);
    await download.arrayBuffer();
    const missing = await fetch(`${h.url}/files/${'x'.repeat(24)}/secret-name.pdf`);
    await missing.text();
    const unmatched = await fetch(`${h.url}/private/path-with-a-secret?key=query-secret`);
    await unmatched.text();

    expect(await eventually(() => accessLineOf(download.headers.get('x-request-id')))).toMatchObject({ route: '/files/:token/:name', status: 200, bytes: PDF.length });
    expect(await eventually(() => accessLineOf(missing.headers.get('x-request-id')))).toMatchObject({ route: '/files/:token/:name', status: 404 });
    expect(await eventually(() => accessLineOf(unmatched.headers.get('x-request-id')))).toMatchObject({ route: 'unmatched', status: 404 });
    const all = h.logs.join('\n');
    for (const secret of [fileToken, 'x'.repeat(24), 'secret-name', 'path-with-a-secret', 'query-secret', 'invoice.pdf']) expect(all).not.toContain(secret);
  });

  it('takes a well-formed X-Request-Id, replaces any other, echoes it and puts it in the error line of a failed request', async () => {
    h = await startHarness();
    const given = await fetch(`${h.url}/healthz`, { headers: { 'x-request-id': 'lb-7f3a.91_x-2' } });
    expect(given.headers.get('x-request-id')).toBe('lb-7f3a.91_x-2');
    for (const bad of ['has spaces in it', 'x'.repeat(65), 'quote"and{brace}', '']) {
      const replaced = await fetch(`${h.url}/healthz`, { headers: { 'x-request-id': bad } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(h.logs.join('\n')).not.toContain(bad || '"requestId":""');
    }

    const { token } = await h.session();
    h.started.relay.context.store.listMessages = async () => {
      throw new Error('disk on fire');
    };
    const failed = await fetch(`${h.url}/v1/messages`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'req-42' } });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(lines().find((line) => line.event === 'request.failed')).toMatchObject({ level: 'error', requestId: 'req-42', route: '/v1/messages', reason: 'disk on fire' });
    expect(await eventually(() => accessLineOf('req-42'))).toMatchObject({ status: 500 });
  });

  it('logs a stream when it ends, with how long it was open', async () => {
    h = await startHarness();
    const { token } = await h.session();
    const stream = await openStream(h.url, token);
    await stream.waitFor((events) => events.some((event) => event.event === 'status'));
    const requestId = stream.headers.get('x-request-id');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(accessLineOf(requestId)).toBeUndefined(); // still open
    await stream.close();
    const line = await eventually(() => accessLineOf(requestId));
    expect(line).toMatchObject({ route: '/v1/stream', status: 200, aborted: true });
    expect(line['ms']).toBeGreaterThanOrEqual(100);
  });

  it('never logs a session token, a file token, a platform key, the relay secret or the metrics token over a whole flow', async () => {
    h = await startHarness({ env: { METRICS_TOKEN } });
    const { token, visitorId, conversationId } = await h.session();
    const resumed = await h.session(token);
    const stream = await openStream(h.url, token);
    const stored = await upload(h, token, PDF, 'application/pdf', 'report.pdf');
    const fileToken = new URL(stored.json.url).pathname.split('/')[2]!;
    expect((await h.api('/v1/messages', { method: 'POST', token, body: { clientId: 'with-file-1', body: { kind: 'attachment', uploadId: stored.json.id } } })).status).toBe(201);
    expect((await h.send(token, 'hello')).status).toBe(201);
    await (await fetch(stored.json.url)).arrayBuffer();
    const conversation = await h.started.relay.context.store.getConversation(conversationId);
    const push = `{"sender_id":"${visitorId}","conv_id":${conversation!.number},"text":"from the bot","type":"text","message_type":"outgoing","private":false}`;
    const key = h.config.uchat!.verificationKey;
    expect(
      (await fetch(`${h.url}/webhooks/uchat`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(key, push) }, body: push })).status,
    ).toBe(200);
    expect(
      (
        await fetch(`${h.url}/webhooks/uchat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody('wrong-key-123', push) },
          body: push,
        })
      ).status,
    ).toBe(401);
    expect((await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).status).toBe(401);
    await h.sim.waitForReceived(2, 5000);
    await stream.close();
    await h.close();

    // The flow was logged (so the check below looked at something)…
    const routes = new Set(accessLines().map((line) => line.route));
    for (const route of ['/v1/sessions', '/v1/stream', '/v1/uploads', '/v1/messages', '/files/:token/:name', '/webhooks/:provider', '/metrics']) expect(routes).toContain(route);
    // …and none of its secrets.
    const secrets = [token, resumed.token, fileToken, stored.json.url, h.sim.flowApiKey, h.sim.partnerApiKey, key, h.config.secret, METRICS_TOKEN];
    const all = h.logs.join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret);
  });
});
