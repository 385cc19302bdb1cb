import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.testing.ts';
import { openStream } from './sse-client.testing.ts';

describe('visitor ⇄ relay ⇄ UChat (simulator), text', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('sends the visitor text to bot_url in the contract shape and streams the bot answer back', async () => {
    h = await startHarness();
    const { token, visitorId } = await h.session();
    const stream = await openStream(h.url, token);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');

    const sent = await h.send(token, 'hello there');
    expect(sent.status).toBe(201);
    expect(sent.json.message).toMatchObject({ author: 'visitor', seq: 1, body: { kind: 'text', text: 'hello there' } });

    await h.sim.waitForReceived(1, 5000);
    const [request] = h.sim.received;
    const conversation = await h.started.relay.context.store.getConversation(sent.json.message.conversationId);
    expect(request?.body).toEqual({
      content: 'hello there',
      message_type: 'incoming',
      sender: { id: visitorId, name: expect.any(String), email: '', phone_number: '', type: 'contact' },
      conversation_id: conversation!.number,
      event: 'message_created',
    });
    expect(request?.headers['authorization']).toBe(`Bearer ${h.sim.flowApiKey}`);

    const reply = await stream.waitFor(() => stream.messages().find((m) => m.author === 'bot'));
    expect(reply.body.kind).toBe('text');
    expect(reply.body.text).toContain('hello there');
    // The visitor's own message is echoed to every open widget, and its delivery is confirmed.
    expect(stream.messages()[0]).toMatchObject({ seq: 1, author: 'visitor' });
    await stream.waitFor((events) => events.some((e) => e.event === 'status' && (e.data as { deliveredSeq: number }).deliveredSeq >= 1));
    await stream.close();
  });

  it('keeps one stable visitor id and conversation across session renewals, and shows history after a reload', async () => {
    h = await startHarness();
    const first = await h.session();
    await h.send(first.token, 'remember me');
    await h.sim.waitForReceived(1, 5000);
    const stream = await openStream(h.url, first.token);
    await stream.waitFor(() => stream.messages().some((m) => m.author === 'bot'));
    await stream.close();

    const again = await h.session(first.token);
    expect(again).toMatchObject({ visitorId: first.visitorId, conversationId: first.conversationId, resumed: true });
    const history = await h.api<{ messages: { author: string; body: { text: string } }[]; hasMore: boolean; deliveredSeq: number }>('/v1/messages?limit=50', {
      token: again.token,
    });
    expect(history.status).toBe(200);
    expect(history.json.messages.map((m) => m.author)).toEqual(['visitor', 'bot']);
    expect(history.json.messages[0]?.body.text).toBe('remember me');
    expect(history.json.deliveredSeq).toBe(1);
    expect(history.json.hasMore).toBe(false);

    await h.send(again.token, 'and again');
    await h.sim.waitForReceived(2, 5000);
    expect(h.sim.received.map((r) => (r.body as { sender: { id: string } }).sender.id)).toEqual([first.visitorId, first.visitorId]);
  });

  it('stores a retried send once (same clientId) and pages history backwards', async () => {
    h = await startHarness();
    const { token } = await h.session();
    const a = await h.send(token, 'once', 'same-client-id-1');
    const b = await h.send(token, 'once', 'same-client-id-1');
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.json).toMatchObject({ duplicate: true, message: { id: a.json.message.id } });
    for (let i = 0; i < 4; i++) await h.send(token, `m${i}`);
    await h.sim.waitForReceived(5, 5000);
    const page = await h.api<{ messages: { seq: number }[]; hasMore: boolean }>('/v1/messages?limit=3', { token });
    const seqs = page.json.messages.map((m) => m.seq);
    expect(seqs).toHaveLength(3);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(page.json.hasMore).toBe(true);
    const older = await h.api<{ messages: { seq: number }[] }>(`/v1/messages?limit=50&before=${seqs[0]}`, { token });
    expect(older.json.messages.every((m) => m.seq < seqs[0]!)).toBe(true);
    expect(older.json.messages.length).toBeGreaterThan(0);
  });

  it('refuses bad visitor input with a reason and stores nothing', async () => {
    h = await startHarness();
    const { token } = await h.session();
    const empty = await h.api<{ error: { code: string; issues: string[] } }>('/v1/messages', {
      method: 'POST',
      token,
      body: { clientId: 'abcdefgh1', body: { kind: 'text', text: '   ' } },
    });
    expect(empty.status).toBe(400);
    expect(empty.json.error.issues.join()).toContain('body.text');
    const broken = await h.api<{ error: { code: string } }>('/v1/messages', { method: 'POST', token, body: '{"clientId":' });
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe('invalid_json');
    const huge = await h.api('/v1/messages', { method: 'POST', token, body: { clientId: 'abcdefgh2', body: { kind: 'text', text: 'x'.repeat(40_000) } } });
    expect(huge.status).toBe(413);
    const history = await h.api<{ messages: unknown[] }>('/v1/messages', { token });
    expect(history.json.messages).toEqual([]);
    expect(h.sim.received).toEqual([]);
  });
});
