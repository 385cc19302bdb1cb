/**
 * The English words of the questions, forms and surveys. They ride in the templates' chunk, not in the first load;
 * every other locale carries its own as `rich` (its file is fetched only when chosen anyway).
 */
export const richEn = {
  submit: 'Submit',
  required: 'Please fill in this field.',
  badEmail: 'Please enter a valid email address.',
  badFormat: 'Please match the requested format.',
  email: 'Email address',
  rating: 'Rating',
  /** A rating's accessible name: "4 of 5, happy". */
  rate: (i: number, level: string) => `${i} of 5, ${level}`,
  levels: ['very unhappy', 'unhappy', 'neutral', 'happy', 'very happy'],
  feedback: 'Tell us more (optional)',
  thanks: 'Thanks for your feedback',
};

export type RichStrings = typeof richEn;
