import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './index.ts';

const root = mkdtempSync(join(tmpdir(), 'chatport-open-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('openStore', () => {
  it('opens sqlite at <dataDir>/chatport.db and it keeps data', async () => {
    const dataDir = join(root, 'data');
    const store = await openStore({ kind: 'sqlite', dataDir });
    const { conversation } = await store.createVisitor();
    await store.close();
    expect(existsSync(join(dataDir, 'chatport.db'))).toBe(true);
    const again = await openStore({ kind: 'sqlite', dataDir });
    expect(await again.getConversation(conversation.id)).toEqual(conversation);
    await again.close();
  });

  it('opens a memory store that writes nothing to dataDir', async () => {
    const dataDir = join(root, 'memory');
    const store = await openStore({ kind: 'memory', dataDir });
    expect((await store.createVisitor()).conversation.number).toBe(1);
    await store.close();
    expect(existsSync(dataDir)).toBe(false);
  });
});
