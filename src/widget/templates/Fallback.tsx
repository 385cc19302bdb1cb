import type { Body } from '../../protocol/index.ts';

export interface FallbackProps {
  body: Body;
}

/** What cannot be drawn is still shown: an `unsupported` body as its summary, an unknown kind as a plain notice. */
export const Fallback = ({ body }: FallbackProps) => (
  <p data-chatport="text">{body.kind === 'unsupported' ? body.summary : 'This message cannot be shown here.'}</p>
);
