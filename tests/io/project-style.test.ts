// A target kwt cannot read a style from (new, or on one line) is written in the project's style: Prettier's config,
// else .editorconfig, else 2 spaces; a target with its own style keeps it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, SAMPLES, tempDir } from '../helpers/cli';
import { projectStyle } from '../../src/io/project-style';

function project(files: Record<string, string>): string {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, '.git'));
  fs.cpSync(path.join(SAMPLES, 'exports'), path.join(dir, 'exports'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLES, 'kwt.config.json'), path.join(dir, 'kwt.config.json'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test.each([
  ['nothing', {}, { indent: 2, eol: '\n', finalNewline: true }, undefined],
  [
    '.editorconfig for *.json',
    {
      '.editorconfig':
        'root = true\n[*]\nindent_size = 8\n[*.json]\nindent_size = 4\nend_of_line = crlf\n',
    },
    { indent: 4, eol: '\r\n', finalNewline: true },
    true,
  ],
  [
    '.editorconfig with tabs, braces and no final newline',
    { '.editorconfig': '[*.{json,yml}]\nindent_style = tab\ninsert_final_newline = false\n' },
    { indent: '\t', eol: '\n', finalNewline: false },
    true,
  ],
  [
    'a nearer .editorconfig over a farther one',
    {
      '.editorconfig': '[*]\nindent_size = 8\n',
      'app/.editorconfig': '[*.json]\nindent_size = 3\n',
    },
    { indent: 3, eol: '\n', finalNewline: true },
    true,
  ],
  [
    '.prettierrc over .editorconfig',
    {
      '.editorconfig': '[*]\nindent_size = 8\n',
      '.prettierrc': '{"tabWidth": 4, "endOfLine": "crlf"}',
    },
    { indent: 4, eol: '\r\n', finalNewline: true },
    true,
  ],
  [
    'package.json prettier key with tabs',
    { 'package.json': '{"name": "x", "prettier": {"useTabs": true}}' },
    { indent: '\t', eol: '\n', finalNewline: true },
    true,
  ],
])('%s', (_what, files, style, found) => {
  const dir = project(files);
  expect(projectStyle(path.join(dir, 'app', 'app.json'))).toEqual(found ? style : undefined);
});

test('the search stops at the repository root (.git) and at root = true', () => {
  const outer = tempDir();
  fs.writeFileSync(path.join(outer, '.editorconfig'), '[*]\nindent_size = 7\n');
  const dir = path.join(outer, 'repo');
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  expect(projectStyle(path.join(dir, 'app.json'))).toBeUndefined();
});

test('--into a one-line app (made with echo) is written in the project style; -o a new block too; an indented app keeps its own', async () => {
  const dir = project({ '.editorconfig': 'root = true\n[*.json]\nindent_size = 4\n' });
  fs.writeFileSync(
    path.join(dir, 'app.json'),
    '{"app": "acme_orders", "version": "1.1.0", "title": "Acme Orders"}\n',
  );
  expect(
    (await runCli(['transform', 'exports', '--into', 'app.json', '-q'], { cwd: dir })).code,
  ).toBe(0);
  const app = fs.readFileSync(path.join(dir, 'app.json'), 'utf8');
  expect(app.startsWith('{\n    "app": "acme_orders",\n')).toBe(true);
  expect(app.split('\n').length).toBeGreaterThan(50);
  expect(
    (await runCli(['transform', 'exports', '-o', 'block.json', '-q'], { cwd: dir })).code,
  ).toBe(0);
  expect(
    fs.readFileSync(path.join(dir, 'block.json'), 'utf8').startsWith('{\n    "workflows": [\n'),
  ).toBe(true);
  // Now the app has a style of its own (4 spaces); a 2-space app elsewhere keeps 2 spaces.
  fs.writeFileSync(
    path.join(dir, 'app2.json'),
    '{\n  "app": "acme_orders",\n  "version": "1.1.0",\n  "title": "Acme Orders"\n}\n',
  );
  expect(
    (await runCli(['transform', 'exports', '--into', 'app2.json', '-q'], { cwd: dir })).code,
  ).toBe(0);
  expect(
    fs.readFileSync(path.join(dir, 'app2.json'), 'utf8').startsWith('{\n  "app": "acme_orders",\n'),
  ).toBe(true);
  // Idempotent: a second run with the same inputs leaves both as they are.
  const check = await runCli(['transform', 'exports', '--into', 'app.json', '--check'], {
    cwd: dir,
  });
  expect(check.code).toBe(0);
});
