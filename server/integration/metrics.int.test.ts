import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../providers/uchat/signature.ts';
import { startChatwootHarness, eventually, type ChatwootHarness } from './chatwoot-harness.testing.ts';
import { startHarness, type Harness } from './harness.testing.ts';
import { openStream } from './sse-client.testing.ts';

const TOKEN = 'metrics-token-'.padEnd(32, 'm');

/** The value of one series in the text format, e.g. `chatport_webhooks_total{outcome="accepted"}`; undefined when absent. */
// biome-ignore lint/suspicious/noShadowRestrictedNames: a local helper; Object.prototype.valueOf is never meant here
const valueOf = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((each) => each.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

const scrape = async (url: string, token = TOKEN) => {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return response.text();
};

describe('GET /metrics', () => {
  let h: Harness | undefined;
  let cw: ChatwootHarness | undefined;
  afterEach(async () => {
    await h?.close();
    await cw?.close();
    h = cw = undefined;
  });

  it('is not public by default: 404 on the public port with neither METRICS_TOKEN nor METRICS_PORT', async () => {
    h = await startHarness();
    const response = await fetch(`${h.url}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('chatport_');
  });

  it('with METRICS_TOKEN answers only the bearer of that token, in the Prometheus text format', async () => {
    h = await startHarness({ env: { METRICS_TOKEN: TOKEN } });
    const refused = await Promise.all([
      fetch(`${h.url}/metrics`),
      fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}x` } }),
      fetch(`${h.url}/metrics`, { headers: { authorization: 'Bearer short' } }),
      fetch(`${h.url}/metrics`, { headers: { authorization: TOKEN } }),
    ]);
    for (const response of refused) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain(TOKEN);
    }
    const response = await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('# HELP chatport_webhooks_total ');
    expect(text).toContain('# TYPE chatport_webhooks_total counter');
    // Process metrics, prefixed like the rest.
    expect(text).toContain('# TYPE chatport_process_cpu_seconds_total counter');
    expect(text).toMatch(/^chatport_relay_info\{version="\d+\.\d+\.\d+[^"]*",mode="demo",provider="uchat"\} 1$/m);
    for (const line of text.split('\n').filter((each) => each && !each.startsWith('#'))) expect(line).toMatch(/^chatport_/);
  });

  it('with METRICS_PORT is served on its own loopback listener (with the probes), and not on the public port', async () => {
    h = await startHarness({ env: { METRICS_PORT: '0' } });
    const metricsUrl = h.started.relay.metricsUrl!;
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(metricsUrl).not.toBe(h.url);
    expect((await fetch(`${h.url}/metrics`)).status).toBe(404);
    const response = await fetch(`${metricsUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('# TYPE chatport_streams gauge');
    expect((await fetch(`${metricsUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${metricsUrl}/readyz`)).status).toBe(200);
    // Only those: the visitor API stays on the public port.
    expect((await fetch(`${metricsUrl}/v1/sessions`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('counts a visitor flow: sessions, messages, deliveries, streams, webhook outcomes, refusals, latency', async () => {
    h = await startHarness({ env: { METRICS_TOKEN: TOKEN } });
    const first = await h.session();
    await h.session(first.token); // resumed
    await h.session();
    const stream = await openStream(h.url, first.token);
    expect((await h.send(first.token, 'hello')).status).toBe(201);
    await stream.waitFor((events) => events.some((e) => e.event === 'message' && (e.data as { author: string }).author === 'bot'));

    const key = h.config.uchat!.verificationKey;
    const conversation = await h.started.relay.context.store.getConversation(first.conversationId);
    const push = (body: string, signature = signBody(key, body)) =>
      fetch(`${h!.url}/webhooks/uchat`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
    const text = (visitorId: string) => `{"sender_id":"${visitorId}","conv_id":${conversation!.number},"text":"pushed","type":"text","message_type":"outgoing","private":false}`;
    expect((await push(text(first.visitorId))).status).toBe(200);
    expect((await push(text(first.visitorId), signBody('not-the-key-123', text(first.visitorId)))).status).toBe(401);
    expect((await push('{"not":"a push"')).status).toBe(400);
    expect((await push('{"sender_id":"v_nobody","conv_id":987654,"text":"lost","type":"text","message_type":"outgoing","private":false}')).status).toBe(404);
    expect((await fetch(`${h.url}/v1/messages`)).status).toBe(401);

    const metrics = await scrape(h.url);
    expect(valueOf(metrics, 'chatport_sessions_total{kind="new"}')).toBe(2);
    expect(valueOf(metrics, 'chatport_sessions_total{kind="resumed"}')).toBe(1);
    expect(valueOf(metrics, 'chatport_messages_total{author="visitor"}')).toBe(1);
    expect(valueOf(metrics, 'chatport_messages_total{author="bot"}')).toBeGreaterThanOrEqual(2);
    expect(valueOf(metrics, 'chatport_deliveries_total{outcome="delivered"}')).toBe(1);
    expect(valueOf(metrics, 'chatport_delivery_duration_seconds_count{outcome="delivered"}')).toBe(1);
    expect(valueOf(metrics, 'chatport_streams')).toBe(1);
    expect(valueOf(metrics, 'chatport_streams_opened_total')).toBe(1);
    expect(valueOf(metrics, 'chatport_stream_frames_total')).toBeGreaterThanOrEqual(3);
    expect(valueOf(metrics, 'chatport_outbox_depth')).toBe(0);
    expect(valueOf(metrics, 'chatport_outbox_oldest_age_seconds')).toBe(0);
    expect(valueOf(metrics, 'chatport_webhooks_total{outcome="accepted"}')).toBeGreaterThanOrEqual(2); // the bot's answer and ours
    expect(valueOf(metrics, 'chatport_webhooks_total{outcome="handshake"}')).toBe(1); // demo mode registers the webhook
    expect(valueOf(metrics, 'chatport_webhooks_total{outcome="signature"}')).toBe(1);
    expect(valueOf(metrics, 'chatport_webhooks_total{outcome="malformed"}')).toBe(1);
    expect(valueOf(metrics, 'chatport_webhooks_total{outcome="unknown_visitor"}')).toBe(1);
    expect(valueOf(metrics, 'chatport_refusals_total{route="/v1/messages",code="unauthorized"}')).toBe(1);
    expect(valueOf(metrics, 'chatport_refusals_total{route="/webhooks/:provider",code="401"}')).toBe(1);
    expect(valueOf(metrics, 'chatport_webhook_to_stream_seconds_count')).toBeGreaterThanOrEqual(2);
    await stream.close();
  });

  it("shows the queue while the platform is down: depth, the oldest message's age, failed attempts and retries", async () => {
    h = await startHarness({ env: { METRICS_TOKEN: TOKEN } });
    const { token } = await h.session();
    h.sim.faults.botUrl.push(...Array.from({ length: 50 }, () => ({ kind: 'status' as const, status: 503 })));
    await h.send(token, 'one');
    await h.send(token, 'two');
    await eventually(async () => (valueOf(await scrape(h!.url), 'chatport_delivery_retries_total') ?? 0) >= 1, { what: 'a retry' });
    const metrics = await scrape(h.url);
    expect(valueOf(metrics, 'chatport_outbox_depth')).toBe(2);
    expect(valueOf(metrics, 'chatport_outbox_oldest_age_seconds')).toBeGreaterThan(0);
    expect(valueOf(metrics, 'chatport_deliveries_total{outcome="failed"}')).toBeGreaterThanOrEqual(2);
    expect(valueOf(metrics, 'chatport_deliveries_total{outcome="delivered"}')).toBe(0);
    h.sim.faults.botUrl.splice(0);
  });

  it('counts a platform push delivered twice once as accepted and once as a duplicate', async () => {
    cw = await startChatwootHarness({ env: { METRICS_TOKEN: TOKEN } });
    const { token, visitorId } = await cw.session();
    await cw.send(token, 'hello');
    const conversation = await cw.conversationOf(visitorId);
    await eventually(() => cw!.standinMessages(conversation.id, 0).length === 1);
    cw.standin.setWebhook({ url: '' });
    const { callback } = await cw.standin.agentSay(conversation.id, { content: 'said once' });
    expect((await cw.postCallback(callback.body, { headers: callback.headers })).json).toEqual({ ok: true, stored: 1 });
    expect((await cw.postCallback(callback.body, { headers: callback.headers })).json).toEqual({ ok: true, stored: 0 });
    const metrics = await scrape(cw.url);
    expect(valueOf(metrics, 'chatport_webhooks_total{outcome="accepted"}')).toBe(1);
    expect(valueOf(metrics, 'chatport_webhooks_total{outcome="duplicate"}')).toBe(1);
    expect(valueOf(metrics, 'chatport_messages_total{author="agent"}')).toBe(1);
  });
});
