import { describe, expect, it } from 'vitest';
import { createCapturingLogger, createLogger, type LOG_LEVELS } from './log.ts';

const levelsWritten = (level: (typeof LOG_LEVELS)[number]) => {
  const lines: string[] = [];
  const logger = createLogger({ write: (line) => lines.push(line), level });
  logger.debug('a');
  logger.info('b');
  logger.warn('c');
  logger.error('d');
  return lines.map((line) => (JSON.parse(line) as { level: string }).level);
};

describe('logger', () => {
  it('writes the chosen level and everything more severe, nothing with silent', () => {
    expect(levelsWritten('debug')).toEqual(['debug', 'info', 'warn', 'error']);
    expect(levelsWritten('info')).toEqual(['info', 'warn', 'error']);
    expect(levelsWritten('warn')).toEqual(['warn', 'error']);
    expect(levelsWritten('error')).toEqual(['error']);
    expect(levelsWritten('silent')).toEqual([]);
  });

  it('writes one JSON line per event with its time, level, name and fields', () => {
    const logger = createCapturingLogger();
    logger.info('relay.listening', { port: 8787 });
    const line = JSON.parse(logger.lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', event: 'relay.listening', port: 8787 });
    expect(new Date(line['t'] as string).toISOString()).toBe(line['t']);
  });
});
