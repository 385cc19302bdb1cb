import { CARD_COLOURS } from '../media/index.ts';

/** A push the simulator signs and sends to the registered webhook (the pushes of docs/platforms/uchat.md#pushes). */
export type Push = Record<string, unknown>;

/** Where the demo bot's media live: the simulator's own `/media/<name>` (never an outside URL). */
export interface BotContext {
  mediaUrl(name: string): string;
}

/** The postback payloads of the demo bot's buttons. */
export const PAYLOAD = { menu: 'MENU', cards: 'SHOW_CARDS', media: 'SHOW_MEDIA', pick: 'PICK_' } as const;

export interface Recipient {
  senderId: string;
  convId: number;
}

export const MENU_TEXT = 'What would you like to see? You can also type "cards", "media" or "menu".';

const head = ({ senderId, convId }: Recipient) => ({ sender_id: senderId, conv_id: convId });
const outgoing = { message_type: 'outgoing', private: false } as const;

/** receive-text.json */
export const textPush = (to: Recipient, text: string): Push => ({ ...head(to), text, type: 'text', ...outgoing });

/** receive-button-template.json, plus a web_url button (the page shows only postbacks; the relay draws both). */
export const menuPush = (to: Recipient, { mediaUrl }: BotContext): Push => ({
  ...textPush(to, MENU_TEXT),
  content_type: 'button_template',
  content_attributes: {
    text: MENU_TEXT,
    buttons: [
      { type: 'postback', title: 'Show cards', payload: PAYLOAD.cards },
      { type: 'postback', title: 'Show media', payload: PAYLOAD.media },
      { type: 'web_url', title: 'About this demo', url: mediaUrl('about.html') },
    ],
  },
});

const title = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** The three horizontal cards' names, in order; `PICK_<NAME>` is each card's postback. */
export const CARD_NAMES = Object.keys(CARD_COLOURS);

/** receive-generic-template.json: a carousel of three horizontal cards, each with a link and a postback. */
export const carouselPush = (to: Recipient, { mediaUrl }: BotContext): Push => ({
  ...textPush(to, 'Three cards to swipe through'),
  content_type: 'generic_template',
  content_attributes: {
    ratio: 'horizontal',
    items: CARD_NAMES.map((name) => {
      const link = `${mediaUrl('about.html')}#card-${name}`;
      return {
        title: title(name),
        image_url: mediaUrl(`card-${name}.png`),
        item_url: link,
        subtitle: `The ${name} card: tap the picture or a button`,
        default_action: { type: 'web_url', url: link },
        buttons: [
          { type: 'postback', title: `Pick ${title(name)}`, payload: `${PAYLOAD.pick}${name.toUpperCase()}` },
          { type: 'web_url', title: 'Open', url: link },
        ],
      };
    }),
  },
});

/** A single card drawn square, with the contract's null item_url and default_action. */
export const squareCardPush = (to: Recipient, { mediaUrl }: BotContext): Push => ({
  ...textPush(to, 'A single square card'),
  content_type: 'generic_template',
  content_attributes: {
    ratio: 'square',
    items: [
      {
        title: 'A square card',
        image_url: mediaUrl('card-square.png'),
        item_url: null,
        subtitle: 'One card on its own',
        default_action: null,
        buttons: [{ type: 'postback', title: 'Back to the menu', payload: PAYLOAD.menu }],
      },
    ],
  },
});

export const MEDIA_FILES = { image: 'picture.png', audio: 'tone.wav', video: 'clip.webm', file: 'guide.pdf' } as const;

/** receive-image/audio/video/file.json: one push per kind, in that order. */
export const mediaPushes = (to: Recipient, { mediaUrl }: BotContext): Push[] =>
  Object.entries(MEDIA_FILES).map(([type, name]) => ({ ...head(to), url: mediaUrl(name), type, ...outgoing }));

/** The answer to a card's postback, or undefined when the payload names no card. */
export const pickReply = (to: Recipient, payload: string): Push | undefined => {
  const name = payload.startsWith(PAYLOAD.pick) ? payload.slice(PAYLOAD.pick.length).toLowerCase() : '';
  return CARD_NAMES.includes(name) ? textPush(to, `You picked the ${title(name)} card.`) : undefined;
};
