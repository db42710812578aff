// Secrets never leave the tool: a credential found in the exports appears on no channel of transform or validate.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';
import { writeJson, goodWorkflow } from '../helpers/documents';

describe('secrets never leave the tool', () => {
  const SECRET = 'sk_live_Zq9Xw8Vu7Ts6Rq5P';

  function secretSetup(): string {
    const dir = tempDir();
    const wf = {
      name: 'Charge',
      trigger: {
        id: '1',
        eventName: 'kustomer.conversation.create',
        transitions: [{ target: 'a1' }],
      },
      steps: [
        {
          id: 'a1',
          action: 'kustomer.rest-api.json',
          params: { uri: 'https://pay.example/charge', headers: { 'X-Api-Key': SECRET } },
          transitions: [],
        },
      ],
    };
    writeJson(dir, 'in/charge.json', wf);
    writeJson(dir, 'kwt.config.json', {
      app: 'acme',
      version: '1.0.0',
      options: {
        'app-settings': { values: [{ match: SECRET, setting: 'default.payKey', type: 'secret' }] },
      },
    });
    return dir;
  }

  test('not in the block, the summary or the diff', async () => {
    const dir = secretSetup();
    // An old hand-made block still holds the key: the diff must show it masked.
    writeJson(dir, 'block.json', {
      workflows: [{ name: 'acme-charge', headers: { 'X-Api-Key': SECRET } }],
    });
    const r = await runCli(['transform', 'in', '-o', 'block.json', '--diff'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('***');
    for (const channel of [
      r.stdout,
      r.stderr,
      fs.readFileSync(path.join(dir, 'block.json'), 'utf8'),
    ])
      expect(channel).not.toContain(SECRET);
    const block = JSON.parse(fs.readFileSync(path.join(dir, 'block.json'), 'utf8'));
    expect(block.settings.default.payKey).toMatchObject({
      type: 'secret',
      defaultValue: '',
      required: true,
    });
  });

  test('not in validation errors about the target', async () => {
    const dir = secretSetup();
    const handWritten = {
      name: 'hand',
      trigger: {
        id: '1',
        eventName: 'kustomer.conversation.create',
        transitions: [{ target: 'a1', condition: { op: SECRET, values: [] } }],
      },
      steps: [{ id: 'a1' }],
    };
    writeJson(dir, 'app.json', {
      app: 'acme',
      version: '1.0.0',
      title: 'Acme',
      workflows: [handWritten],
    });
    const r = await runCli(['transform', 'in', '--into', 'app.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[condition-op]');
    expect(r.stderr).toContain('[secret-literal]');
    expect(r.stderr).not.toContain(SECRET);
  });

  test('a credential-shaped literal nobody declared is masked in messages too', async () => {
    const dir = tempDir();
    writeJson(dir, 'w.json', { ...goodWorkflow(), name: `Bearer ${SECRET}` });
    const r = await runCli(['validate', 'w.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[name-format]');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });
});
