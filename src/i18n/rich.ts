/**
 * The English words only the templates use (cards, media, questions, forms, ratings). They ride in the templates'
 * chunk, not in the first load; every other locale carries its own as `rich` (its file is fetched only when chosen).
 */
export const richEn = {
  // Cards, images, players
  previous: 'Previous card',
  next: 'Next card',
  slide: (i: number, n: number) => `${i} of ${n}`,
  download: (name: string) => `Download ${name}`,
  viewImage: 'View larger image',
  imageBroken: 'Image could not be loaded.',
  openImage: 'Open image',
  notPlayable: (what: string) => `${what} could not be played.`,
  // Questions, forms, ratings
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
