import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { Button } from '../../protocol/index.ts';
import { ActionsContext } from '../actions.ts';
import { SafeLink } from './SafeLink.tsx';
import { Text } from './Text.tsx';

export interface ActionProps {
  button: Button;
  /** The id of the message offering the button: a press names it, so the relay can check the button is real. */
  to?: string | undefined;
  /** What the control shows; the button's title by default. */
  children?: ComponentChildren;
  /** The styling/testing hook (`data-chatport`). */
  name?: string;
}

/**
 * A postback button presses (its message stays usable: the bot may ask again); a url button is a link to a new tab.
 * A url that is not http(s) is shown as text, never as a link. Without a message id there is nothing to press.
 */
export const Action = ({ button, to, children = button.title, name = 'action' }: ActionProps) => {
  const { press } = useContext(ActionsContext);
  return button.type === 'postback' ? (
    <button type="button" data-chatport={name} onClick={() => to && press(to, button.title, button.payload)}>
      {children}
    </button>
  ) : (
    <SafeLink href={button.url} data-chatport={name}>
      {children}
    </SafeLink>
  );
};

export const ButtonRow = ({ buttons, to }: { buttons: Button[]; to?: string | undefined }) =>
  buttons.length > 0 ? (
    <div data-chatport="actions">
      {buttons.map((b) => (
        <Action button={b} to={to} />
      ))}
    </div>
  ) : null;

export interface ButtonsProps {
  text: string;
  buttons: Button[];
  /** The message's id, which a press names. */
  messageId?: string | undefined;
}

/** A button template: the bot's text with its choices below. */
export const Buttons = ({ text, buttons, messageId }: ButtonsProps) => (
  <div data-chatport="buttons">
    {text && <Text text={text} />}
    <ButtonRow buttons={buttons} to={messageId} />
  </div>
);
