import { useStrings } from '../../i18n/index.ts';
import { richEn, type RichStrings } from '../../i18n/rich.ts';

/** The templates' words: the chosen locale's, else English's (which come with the templates, not the first load). */
export const useRichStrings = (): RichStrings => useStrings().rich ?? richEn;
