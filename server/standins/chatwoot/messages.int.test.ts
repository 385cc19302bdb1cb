import { afterEach, describe, expect, it } from 'vitest';
import { permitSubmitted } from './messages.ts';
import { call, standinPerTest } from './standin.testing.ts';

describe('stand-in: answering an interactive message (PATCH submitted_values)', () => {
  const start = standinPerTest(afterEach);

  const setup = async () => {
    const { receiver, standin } = await start();
    const contact = await call(`${standin.publicUrl}/contacts`, 'POST', {});
    const conversation = await call(`${standin.publicUrl}/contacts/${contact.json.source_id}/conversations`, 'POST', {});
    const conv = `${standin.publicUrl}/contacts/${contact.json.source_id}/conversations/${conversation.json.id}`;
    const updates = async () => {
      await standin.settle();
      return receiver.calls.filter((c) => c.json['event'] === 'message_updated').map((c) => c.json);
    };
    return { standin, conv, conversationId: conversation.json.id as number, updates };
  };

  it('stores a form answer on the form and sends message_updated, keeping only the permitted keys', async () => {
    const { standin, conv, conversationId, updates } = await setup();
    const items = [
      { name: 'email', label: 'Email', type: 'email' },
      { name: 'note', label: 'Note', type: 'text_area' },
    ];
    const { message } = await standin.agentSay(conversationId, { content: 'About you', content_type: 'form', content_attributes: { items } });
    const values = [{ name: 'email', value: 'ada@example.test', extra: 'dropped' }, { name: 'note', value: 'hi' }, 'junk'];
    const patched = await call(`${conv}/messages/${message.id}`, 'PATCH', { submitted_values: values });
    expect(patched.status).toBe(200);
    const stored = [
      { name: 'email', value: 'ada@example.test' },
      { name: 'note', value: 'hi' },
    ];
    expect(patched.json).toMatchObject({ id: message.id, content_type: 'form', content_attributes: { items, submitted_values: stored } });
    expect(await updates()).toEqual([expect.objectContaining({ id: message.id, content_type: 'form', content_attributes: { items, submitted_values: stored } })]);
  });

  it('stores a CSAT rating as an object, and refuses one older than 14 days with 422 and no change', async () => {
    const { standin, conv, conversationId, updates } = await setup();
    const { message } = await standin.agentSay(conversationId, { content: 'Rate us', content_type: 'input_csat', content_attributes: { display_type: 'star' }, message_type: 3 });
    const rating = { csat_survey_response: { rating: 4, feedback_message: 'Good' } };
    expect((await call(`${conv}/messages/${message.id}`, 'PATCH', { submitted_values: rating })).json.content_attributes).toEqual({
      display_type: 'star',
      submitted_values: rating,
    });

    const { message: old } = await standin.agentSay(conversationId, { content: 'Rate us', content_type: 'input_csat', content_attributes: {}, message_type: 3 });
    standin.messages.find((m) => m.id === old.id)!.created_at -= 15 * 24 * 3600;
    const refused = await call(`${conv}/messages/${old.id}`, 'PATCH', { submitted_values: rating });
    expect(refused).toEqual({ status: 422, json: { error: 'You cannot update the CSAT survey after 14 days' } });
    expect(standin.messages.find((m) => m.id === old.id)?.content_attributes).toEqual({});
    expect((await updates()).map((update) => update['id'])).toEqual([message.id]);
  });

  it('a PATCH without submitted_values changes nothing and sends nothing', async () => {
    const { standin, conv, conversationId, updates } = await setup();
    const { message } = await standin.agentSay(conversationId, { content: 'Pick', content_type: 'input_select', content_attributes: { items: [{ title: 'A', value: 'a' }] } });
    expect((await call(`${conv}/messages/${message.id}`, 'PATCH', { content: 'edited' })).json).toMatchObject({
      content: 'Pick',
      content_attributes: { items: [{ title: 'A', value: 'a' }] },
    });
    expect(await updates()).toEqual([]);
  });
});

describe('permitSubmitted', () => {
  it('keeps arrays of name/title/value and the CSAT object, drops everything else', () => {
    expect(permitSubmitted([{ title: 'A', value: 'a', x: 1 }, 2, { name: 'n', value: { deep: 1 } }])).toEqual([{ title: 'A', value: 'a' }, { name: 'n' }]);
    expect(permitSubmitted({ csat_survey_response: { rating: 5, feedback_message: 'ok', extra: true }, other: 1 })).toEqual({
      csat_survey_response: { rating: 5, feedback_message: 'ok' },
    });
    expect(permitSubmitted('text')).toBeUndefined();
    expect(permitSubmitted(undefined)).toBeUndefined();
  });
});
