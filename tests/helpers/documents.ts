// Small documents the CLI suites write into their temporary folders.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes `value` as indented JSON at `dir/name` (folders made as needed); returns the file's path. */
export function writeJson(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
  return file;
}

/** A workflow every rule accepts: a trigger and one step it reaches. */
export const goodWorkflow = () => ({
  name: 'acme-tag',
  trigger: { id: '1', eventName: 'kustomer.conversation.create', transitions: [{ target: 'a1' }] },
  steps: [
    {
      id: 'a1',
      action: 'kustomer.conversation.update',
      params: { id: '/#steps.1.id' },
      transitions: [],
    },
  ],
});
