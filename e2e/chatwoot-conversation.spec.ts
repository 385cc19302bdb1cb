import { agentMessages, expect, startChatwootChat, test, widget } from './chatwoot-fixtures.testing.ts';

// A Chatwoot agent as the visitor sees them: their name on their replies, their Markdown drawn safely, the visitor's
// messages marked read once they looked, and the inbox's own working hours.

test('an agent’s Markdown is drawn (never as HTML), signed with their name; the visitor’s message shows as read once the agent looked', async ({ page, chatwoot }) => {
  const conversationId = await startChatwootChat(page, chatwoot, 'where is my parcel?');
  const standin = chatwoot.standin!;
  const w = widget(page);
  await standin.agentSay(conversationId, {
    content: '**Good news**: it ships _today_.\n\n- tracking: `NW-1042`\n- [track it](https://example.com/track)\n\n<img src=x onerror=alert(1)> [no](javascript:alert(1))',
  });
  const reply = agentMessages(page).filter({ hasText: 'Good news' });
  await expect(reply.locator('strong')).toHaveText('Good news');
  await expect(reply.locator('em')).toHaveText('today');
  await expect(reply.locator('li')).toHaveCount(2);
  await expect(reply.locator('code')).toHaveText('NW-1042');
  await expect(reply.getByRole('link', { name: 'track it' })).toHaveAttribute('href', 'https://example.com/track');
  await expect(reply.locator('img')).toHaveCount(0);
  await expect(reply.getByRole('link')).toHaveCount(1);
  await expect(reply).toContainText('<img src=x onerror=alert(1)>');
  // The agent's name (Chatwoot's callback names them; the stand-in's demo agent is "Demo Agent").
  await expect(agentMessages(page).locator('[data-chatport="sender"] bdi').first()).toHaveText('Demo Agent');
  // The demo agent opened the conversation before answering: the visitor's message is marked read.
  const mine = w.visitorMessages.filter({ hasText: 'where is my parcel?' });
  await expect(mine).toHaveAttribute('data-status', 'read');
  await expect(mine.locator('[data-chatport="status"]')).toHaveText('Read');
});

test.describe('the inbox’s working hours', () => {
  test.use({ timezoneId: 'Europe/Lisbon', locale: 'en-GB' });

  test('drive the away note, in the visitor’s time, and it goes when the inbox opens', async ({ page, chatwoot }) => {
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
    chatwoot.standin!.setInbox({ timezone: 'America/New_York', working_hours_enabled: true, working_hours: [0, 1, 2, 3, 4, 5, 6].map(weekday) });
    await page.goto(chatwoot.url);
    await widget(page).launcher.click();
    const note = page.locator('[data-chatport="away"]');
    // Monday 09:00 in New York is 14:00 in Lisbon.
    await expect(note).toHaveText("We're away right now and back Monday 14:00. Leave a message and we'll get back to you.");
    // The inbox's name welcomes (upstream's public inbox has no welcome text of its own).
    await expect(widget(page).log.getByRole('heading', { name: 'Website (API)' })).toBeVisible();
    await page.clock.fastForward('50:01:00');
    await expect(note).toHaveCount(0);
  });
});
