/** A file's type as people name it: from its name's extension, else its MIME subtype (`PDF`, `DOCX`, `PNG`). */
export const fileType = (name?: string, mime?: string): string | undefined => {
  const extension = /\.([a-z0-9]{1,8})$/i.exec(name ?? '')?.[1];
  // `image/png`, `application/x-zip`, `image/svg+xml`; vendor types (`vnd.…`) name nothing people would recognise.
  const subtype = mime && /^[a-z]+\/(?:x-)?([a-z0-9-]{1,12})(?:\+[a-z]+)?$/i.exec(mime.trim())?.[1];
  const type = extension ?? subtype;
  return type?.toUpperCase();
};

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** A size in the visitor's words: `980 byte`, `12 kB`, `1.2 MB` (decimal units, as file managers show them). */
export const fileSize = (bytes: number | undefined, locale?: string): string | undefined => {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return undefined;
  let i = 0;
  let value = bytes;
  while (value >= 1000 && i < UNITS.length - 1) {
    value /= 1000;
    i++;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: UNITS[i], unitDisplay: i ? 'short' : 'long', maximumFractionDigits: value < 10 && i ? 1 : 0 }).format(value);
};
