import { describe, expect, it } from 'vitest';
import { createCapturingLogger } from '../log.ts';
import { runBusContract } from './bus.testing.ts';
import { createBus } from './index.ts';
import { createLocalNetwork, createLocalTransport } from './local.ts';

const network = createLocalNetwork();
runBusContract('local', { transport: () => createLocalTransport({ network }) });

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
