import { createWidget, expect, insideOf, startChatport, test } from './fixtures.testing.ts';

// A Chatwoot agent as the visitor sees them: their name on their replies, their Markdown drawn safely, the visitor's
// messages marked read once they looked, and the inbox's own working hours.
test.use({ chatport: { platform: 'chatwoot', replyDelayMs: 50 } });

test('an agent’s Markdown is drawn (never as HTML), signed with their name; the visitor’s message shows as read once the agent looked', async ({ page, widget: w, bot }) => {
  await page.goto('/');
  await w.send('where is my parcel?');
  await expect(w.part('select').last()).toBeVisible();
  await bot.say(
    bot.raw({
      content: '**Good news**: it ships _today_.\n\n- tracking: `NW-1042`\n- [track it](https://example.com/track)\n\n<img src=x onerror=alert(1)> [no](javascript:alert(1))',
    }),
  );
  const reply = w.replies('Good news');
  await expect(reply.getByRole('strong')).toHaveText('Good news');
  await expect(reply.getByRole('emphasis')).toHaveText('today');
  await expect(reply.getByRole('listitem')).toHaveCount(2);
  await expect(reply.getByRole('code')).toHaveText('NW-1042');
  await expect(reply.getByRole('link', { name: 'track it' })).toHaveAttribute('href', 'https://example.com/track');
  // The HTML is text, not an element of any kind; the javascript: link is no link.
  await expect(reply.locator('img')).toHaveCount(0);
  await expect(reply.getByRole('link')).toHaveCount(1);
  await expect(reply).toContainText('<img src=x onerror=alert(1)>');
  // The agent's name (Chatwoot's callback names them; the stand-in's demo agent is "Demo Agent").
  const replies = w.messages().and(w.host.locator('[data-author="agent"], [data-author="bot"]'));
  await expect(w.senderName(replies).first()).toHaveText('Demo Agent');
  // The demo agent opened the conversation before answering: the visitor's message is marked read.
  const mine = w.sent('where is my parcel?');
  await expect(mine).toHaveAttribute('data-status', 'read');
  await expect(w.delivery(mine)).toHaveText('Read');
});

test.describe('the inbox’s working hours', () => {
  test.use({ timezoneId: 'Europe/Lisbon', locale: 'en-GB' });

  test('drive the away note, in the visitor’s time, and it goes when the inbox opens', async ({ page }) => {
    // A relay of its own: it asks the inbox once and keeps the answer for minutes, so the hours are set before it asks.
    const chatwoot = await startChatport({ platform: 'chatwoot', replyDelayMs: 50 });
    try {
      // Saturday 7 June 2025, 12:00 UTC; the inbox works Monday to Friday, 09:00-17:00 New York time.
      await page.clock.install({ time: new Date('2025-06-07T12:00:00Z') });
      const weekday = (day: number) => ({
        day_of_week: day,
        closed_all_day: day === 0 || day === 6,
        open_all_day: false,
        open_hour: day === 0 || day === 6 ? null : 9,
        open_minutes: day === 0 || day === 6 ? null : 0,
        close_hour: day === 0 || day === 6 ? null : 17,
        close_minutes: day === 0 || day === 6 ? null : 0,
      });
      insideOf(chatwoot).standin!.setInbox({ timezone: 'America/New_York', working_hours_enabled: true, working_hours: [0, 1, 2, 3, 4, 5, 6].map(weekday) });
      const w = createWidget(page);
      await page.goto(chatwoot.pageUrl());
      await w.open();
      const note = w.away();
      // Monday 09:00 in New York is 14:00 in Lisbon.
      await expect(note).toHaveText("We're away right now and back Monday 14:00. Leave a message and we'll get back to you.");
      // The inbox's name welcomes (upstream's public inbox has no welcome text of its own).
      await expect(w.welcome().getByRole('heading', { name: 'Website (API)' })).toBeVisible();
      await page.clock.fastForward('50:01:00');
      await expect(note).toHaveCount(0);
    } finally {
      await chatwoot.stop();
    }
  });
});
