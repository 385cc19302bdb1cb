import { describe, expect, it } from 'vitest';
import { createCapturingLogger } from '../log.ts';
import { runBusContract } from './bus.testing.ts';
import { createBus } from './index.ts';
import { createLocalNetwork, createLocalTransport } from './local.ts';

const network = createLocalNetwork();
runBusContract('local', { transport: () => createLocalTransport({ network }) });

describe('a sender whose transport was away', () => {
  it('tells every receiver to catch up once it can send again: they cannot know what it dropped', async () => {
    const shared = createLocalNetwork();
    const failing = createLocalTransport({ network: shared });
    let away = true;
    const send = failing.send.bind(failing);
    failing.send = async (payload) => {
      if (away) throw new Error('connection refused');
      await send(payload);
    };
    const logger = createCapturingLogger();
    const sender = createBus({ transport: failing, logger, retryMs: 20 });
    const receiver = createBus({ transport: createLocalTransport({ network: shared }), logger: createCapturingLogger() });
    const heard: unknown[] = [];
    await sender.start({ signal: () => undefined, gap: () => undefined });
    await receiver.start({ signal: (signal) => heard.push(signal), gap: () => heard.push('gap') });
    sender.publish({ type: 'message', conversationId: 'c_1', seq: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).toEqual([]);
    expect(logger.lines.some((line) => line.includes('signals.send_failed'))).toBe(true);
    away = false;
    // Nothing else to send: the bus tries again by itself, and the receiver catches up once.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toEqual(['gap']);
    sender.publish({ type: 'message', conversationId: 'c_1', seq: 2 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard).toEqual(['gap', { type: 'message', conversationId: 'c_1', seq: 2 }]);
    await Promise.all([sender.close(), receiver.close()]);
  });
});

describe('a relay on its own', () => {
  it('publishes nothing and reads nothing: its bus is a no-op that is always ok', async () => {
    const transport = createLocalTransport();
    const sent: string[] = [];
    const send = transport.send.bind(transport);
    transport.send = async (payload) => {
      sent.push(payload);
      await send(payload);
    };
    const bus = createBus({ transport, logger: createCapturingLogger() });
    const heard: unknown[] = [];
    await bus.start({ signal: (signal) => heard.push(signal), gap: () => heard.push('gap') });
    bus.publish({ type: 'message', conversationId: 'c_1', seq: 1 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toEqual([]);
    expect(heard).toEqual([]);
    expect(bus.state()).toBe('ok');
    await bus.close();
  });
});
