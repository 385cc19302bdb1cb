import { describe, expect, it } from 'vitest';
import type { BotUrlBody } from './bot-url.ts';
import { createDemoBot } from './demo-bot.ts';

const sender = { id: 'visitor-1', name: 'Visitor visitor1', email: '', phone_number: '', type: 'contact' as const };
const common = { message_type: 'incoming' as const, sender, conversation_id: 9 };
const routed = { sender_id: 'visitor-1', conv_id: 9, type: 'text', message_type: 'outgoing', private: false };

describe('createDemoBot', () => {
  const bot = createDemoBot();
  const answer = async (request: BotUrlBody) => bot(request);

  it('echoes text back to the same visitor and conversation', async () => {
    expect(await answer({ ...common, content: 'where is my order?', event: 'message_created' })).toEqual([
      { ...routed, text: 'You said: "where is my order?"' },
    ]);
  });

  it.each(['hi', 'Hello there', 'help me'])('greets "%s" and still echoes it', async (content) => {
    const [push] = await answer({ ...common, content, event: 'message_created' });
    expect(push?.['text']).toMatch(/^Hello! .* You said: "/);
    expect(push?.['text']).toContain(`"${content}"`);
  });

  it('does not greet a word that merely starts like a greeting', async () => {
    const [push] = await answer({ ...common, content: 'hire me', event: 'message_created' });
    expect(push?.['text']).toBe('You said: "hire me"');
  });

  it('names the pressed button', async () => {
    const [push] = await answer({ ...common, content: 'Yes', event: 'message_postback', submitted_values: [{ title: 'Yes', payload: 'YES' }] });
    expect(push).toEqual({ ...routed, text: 'You chose "Yes".' });
  });

  it('acknowledges an upload', async () => {
    const [push] = await answer({ ...common, content: '', event: 'message_created', attachments: [{ file_type: 'image', data_url: 'https://x.test/a.png' }] });
    expect(push?.['text']).toBe('Thanks, I received your image.');
  });
});
