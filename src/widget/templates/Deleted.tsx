import { useStrings } from '../../i18n/index.ts';

/** A message the agent deleted: a short notice in its place. */
export const Deleted = () => (
  <p data-chatport="deleted">
    <i>{useStrings().deleted}</i>
  </p>
);
