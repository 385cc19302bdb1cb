import { useStrings } from '../../i18n/index.ts';
import type { Body } from '../../protocol/index.ts';

export interface FallbackProps {
  body: Body;
}

/** What cannot be drawn is still shown: an `unsupported` body as its summary, an unknown kind as a plain notice. */
export const Fallback = ({ body }: FallbackProps) => {
  const t = useStrings();
  return (
    <p data-chatport="text" dir="auto">
      {body.kind === 'unsupported' ? body.summary : t.cannotShow}
    </p>
  );
};
