import { describe, expect, it } from 'vitest';
import { toneWav } from './wav.ts';

describe('toneWav', () => {
  it('writes a 1 s 8 kHz mono 16-bit PCM WAV', () => {
    const wav = toneWav();
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.toString('latin1', 8, 16)).toBe('WAVEfmt ');
    expect([wav.readUInt32LE(16), wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt32LE(28), wav.readUInt16LE(32), wav.readUInt16LE(34)]).toEqual([
      16, 1, 1, 8000, 16000, 2, 16,
    ]);
    expect(wav.toString('latin1', 36, 40)).toBe('data');
    expect(wav.readUInt32LE(40)).toBe(16000);
    expect(wav).toHaveLength(44 + 16000);
  });

  it('is a tone: silent at the edges, loud in the middle', () => {
    const wav = toneWav();
    const sample = (i: number) => wav.readInt16LE(44 + i * 2);
    expect(sample(0)).toBe(0);
    let peak = 0;
    for (let i = 3900; i < 4100; i++) peak = Math.max(peak, Math.abs(sample(i)));
    expect(peak).toBeGreaterThan(15_000);
    expect(Math.abs(sample(7999))).toBeLessThan(100);
  });
});
