/**
 * The English words only the templates' chunk uses (uploads, cards, media, questions, forms, ratings). They ride in it,
 * not in the first load; every other locale carries its own as `rich` (its file is fetched only when chosen).
 */
export const richEn = {
  // Uploads (their list rides in the templates' chunk)
  uploading: (name: string) => `Uploading ${name}`,
  cancel: 'Cancel',
  dismiss: 'Dismiss',
  badType: (name: string) => `${name}: this type of file can't be sent`,
  tooLarge: (name: string, mb?: number) => `${name} is too large${mb ? ` (max ${mb} MB)` : ''}`,
  notSent: (name: string) => `${name} could not be sent`,
  busy: 'try again in a moment',
  checkConnection: 'check the connection',
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
  /** A select's placeholder, when the form gives none. */
  choose: 'Choose…',
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
