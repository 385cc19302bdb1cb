import { useStrings } from '../../i18n/index.ts';
import { convEn, type ConvStrings } from '../../i18n/conversation.ts';

/** The conversation chunk's words: the chosen locale's, else English's (which come with the chunk, not the first load). */
export const useConvStrings = (): ConvStrings => useStrings().conv ?? convEn;
