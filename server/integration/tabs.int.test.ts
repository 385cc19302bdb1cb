import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.testing.ts';
import { openStream } from './sse-client.testing.ts';

describe('one visitor, several tabs', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it("streams every message to every tab, including the visitor's own from the other tab", async () => {
    h = await startHarness();
    const { token } = await h.session();
    const again = await h.session(token); // the second tab resumes the same visitor
    const one = await openStream(h.url, token);
    const two = await openStream(h.url, again.token);
    await h.send(token, 'from tab one');
    await h.send(again.token, 'from tab two');
    const expected = ['visitor:from tab one', 'bot:You said: "from tab one"', 'visitor:from tab two', 'bot:You said: "from tab two"'];
    for (const tab of [one, two]) {
      await tab.waitFor(() => tab.messages().length >= 4);
      const seen = tab.messages().map((m) => `${m.author}:${m.body.text}`);
      expect([...seen].sort()).toEqual([...expected].sort());
      expect(tab.messages().map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    }
    await Promise.all([one.close(), two.close()]);
  });
});
