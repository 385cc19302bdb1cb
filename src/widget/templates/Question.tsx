import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { Text } from './Text.tsx';

export interface QuestionProps {
  /** The styling/testing hook (`data-chatport`). */
  name: string;
  text: string;
  answered: boolean;
  children: ComponentChildren;
}

/**
 * What every question shares: its text, `data-answered` once answered, and the focus kept on the message when the
 * answered version replaces the control that held it (instead of falling back to the page).
 */
export const Question = ({ name, text, answered, children }: QuestionProps) => {
  const box = useRef<HTMLDivElement>(null);
  const refocus = useRef(false);
  const el = box.current;
  // Read before the controls go: once they are removed the focus has already left.
  if (answered && el && !el.hasAttribute('data-answered')) refocus.current = el.contains((el.getRootNode() as Document | ShadowRoot).activeElement);
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    box.current?.focus();
  }, [answered]);
  return (
    <div ref={box} data-chatport={name} data-answered={answered ? '' : undefined} tabIndex={answered ? -1 : undefined}>
      {text && <Text text={text} />}
      {children}
    </div>
  );
};
