import { afterEach, describe, expect, it } from 'vitest';
import { parseCallback } from '../../providers/chatwoot/parse.ts';
import { call, standinPerTest } from './standin.testing.ts';

describe('stand-in agent: every content type, and deleting a message', () => {
  const start = standinPerTest(afterEach);

  const setup = async () => {
    const { receiver, standin } = await start();
    const contact = await call(`${standin.publicUrl}/contacts`, 'POST', {});
    const conversation = await call(`${standin.publicUrl}/contacts/${contact.json.source_id}/conversations`, 'POST', {});
    return { standin, receiver, conversation: conversation.json as { id: number; uuid: string } };
  };

  it('sends each content type with its attributes, and the relay reads each as its Body', async () => {
    const { standin, receiver, conversation } = await setup();
    const say = (content: string, content_type: string, content_attributes: Record<string, unknown>, message_type: 1 | 3 = 1) =>
      standin.agentSay(conversation.id, { content, content_type, content_attributes, message_type });
    await say('Pick one', 'input_select', { items: [{ title: 'A', value: 'a' }] });
    await say('About you', 'form', { items: [{ name: 'n', label: 'Name', type: 'text' }], button_label: 'Go' });
    await say('Read this', 'article', { items: [{ title: 'Guide', description: 'How to', link: 'https://help.example.test/guide' }] });
    await say('Your email?', 'input_email', {}, 3);
    await say('Please rate the conversation', 'input_csat', { display_type: 'star' }, 3);
    await say('Cards', 'cards', { items: [{ title: 'Plan', actions: [{ type: 'link', text: 'See', uri: 'https://example.test' }] }] });
    await say('Call', 'integrations', { type: 'dyte', data: { meeting_id: 'm' } });
    await standin.settle();
    const created = receiver.calls.filter((c) => c.json['event'] === 'message_created' && c.json['message_type'] !== 'incoming');
    expect(created.map((c) => c.json['content_type'])).toEqual(['input_select', 'form', 'article', 'input_email', 'input_csat', 'cards', 'integrations']);
    // On API inboxes the CSAT text goes out with the hosted survey link; the stored message keeps it bare.
    expect(created[4]?.json['content']).toBe(`Please rate the conversation ${standin.url}/survey/responses/${conversation.uuid}`);
    expect(standin.messages.find((m) => m.content_type === 'input_csat')?.content).toBe('Please rate the conversation');
    const bodies = created.map((c) => {
      const parsed = parseCallback(c.raw);
      return parsed.ok ? parsed.messages.map((m) => m.body) : parsed.reason;
    });
    expect(bodies.map((list) => (Array.isArray(list) ? list.map((body) => body.kind) : list))).toEqual([
      ['select'],
      ['form'],
      ['articles'],
      ['email'],
      ['csat'],
      ['text', 'carousel'],
      ['unsupported'],
    ]);
    expect(bodies[4]).toEqual([{ kind: 'csat', text: 'Please rate the conversation', display: 'star' }]);
  });

  it('deletes a message: text "This message was deleted", deleted: true, files gone, message_updated sent', async () => {
    const { standin, receiver, conversation } = await setup();
    const { message } = await standin.agentSay(conversation.id, { content: 'Oops', attachments: [{ name: 'a.txt', contentType: 'text/plain', data: Buffer.from('x') }] });
    const deleted = await standin.deleteMessage(message.id);
    expect(deleted.message).toMatchObject({ id: message.id, content: 'This message was deleted', content_type: 'text', content_attributes: { deleted: true } });
    expect(deleted.message).not.toHaveProperty('attachments');
    await standin.settle();
    const update = receiver.calls.find((c) => c.json['event'] === 'message_updated');
    expect(update?.json).toMatchObject({ id: message.id, content: 'This message was deleted', content_attributes: { deleted: true } });
    const parsed = parseCallback(update!.raw);
    expect(parsed.ok && parsed.messages.map((m) => [m.externalId, m.update, m.body])).toEqual([[String(message.id), true, { kind: 'deleted' }]]);
    await expect(standin.deleteMessage(9999)).rejects.toThrow('no message 9999');
  });
});
