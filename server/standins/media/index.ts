import { readFileSync } from 'node:fs';
import { packageFile } from '../../package/files.ts';
import { cardPng, type Rgb } from './png.ts';
import { textPdf } from './pdf.ts';
import { toneWav } from './wav.ts';

export { handleMedia, parseRange } from './serve.ts';

export interface MediaFile {
  type: string;
  body: Buffer;
}

/** The palettes of the demo's cards, by name: `card-<name>.png` (382×200). */
export const CARD_COLOURS: Record<string, [Rgb, Rgb]> = {
  sunrise: [
    [247, 151, 30],
    [233, 64, 87],
  ],
  forest: [
    [46, 139, 87],
    [20, 90, 110],
  ],
  ocean: [
    [30, 110, 200],
    [60, 40, 140],
  ],
};

const ABOUT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chatport demo</title></head>
<body><h1>Chatport demo</h1>
<p>This page is served by the built-in UChat simulator. Links in the demo bot's cards and buttons open it.</p>
<p id="card-sunrise">Sunrise</p><p id="card-forest">Forest</p><p id="card-ocean">Ocean</p>
</body></html>
`;

const makers: Record<string, () => MediaFile> = {
  ...Object.fromEntries(Object.entries(CARD_COLOURS).map(([name, [from, to]]) => [`card-${name}.png`, () => ({ type: 'image/png', body: cardPng(382, 200, from, to) })])),
  'card-square.png': () => ({ type: 'image/png', body: cardPng(200, 200, [120, 80, 200], [220, 90, 160]) }),
  'picture.png': () => ({ type: 'image/png', body: cardPng(382, 200, [250, 200, 60], [60, 170, 200]) }),
  'tone.wav': () => ({ type: 'audio/wav', body: toneWav() }),
  // Made once with ffmpeg and committed (see README.md beside it): no encoder is needed at run time.
  'clip.webm': () => ({ type: 'video/webm', body: readFileSync(packageFile('server/standins/media/clip.webm')) }),
  'guide.pdf': () => ({ type: 'application/pdf', body: textPdf(['Chatport demo file', '', 'A PDF served by the UChat simulator.']) }),
  'about.html': () => ({ type: 'text/html; charset=utf-8', body: Buffer.from(ABOUT) }),
};

export interface MediaLibrary {
  names: string[];
  get(name: string): MediaFile | undefined;
}

/** The files the simulator serves under /media/, built on first request and kept (per simulator). */
export const createMediaLibrary = (): MediaLibrary => {
  const built = new Map<string, MediaFile>();
  return {
    names: Object.keys(makers),
    get(name) {
      if (!Object.hasOwn(makers, name)) return undefined;
      let file = built.get(name);
      if (!file) built.set(name, (file = makers[name]!()));
      return file;
    },
  };
};
