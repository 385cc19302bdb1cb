import { afterEach, describe, expect, it } from 'vitest';
import { createChatwootStandin } from './index.ts';
import { call } from './standin.testing.ts';

describe('stand-in: PATCH /contacts/{source_id}', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });

  it('updates the email and answers the public contact; an invalid address is a 422 and changes nothing', async () => {
    const standin = await createChatwootStandin();
    cleanup.push(standin.close);
    const created = await call(`${standin.publicUrl}/contacts`, 'POST', { name: 'Ada' });
    const url = `${standin.publicUrl}/contacts/${created.json.source_id}`;
    const updated = await call(url, 'PATCH', { email: 'ada@example.test' });
    expect(updated).toEqual({ status: 200, json: { ...created.json, email: 'ada@example.test' } });
    expect(standin.contacts[0]?.email).toBe('ada@example.test');
    const refused = await call(url, 'PATCH', { email: 'not an address' });
    expect(refused).toEqual({ status: 422, json: { message: 'Email Invalid email', attributes: ['email'] } });
    expect(standin.contacts[0]?.email).toBe('ada@example.test');
    expect((await call(`${standin.publicUrl}/contacts/unknown`, 'PATCH', { email: 'a@b.test' })).status).toBe(404);
  });
});
