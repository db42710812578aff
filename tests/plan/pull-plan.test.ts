// The pull plan keeps kwt's folder kwt's: file names safe on every platform and never the manifest's, a file no
// earlier pull wrote never overwritten, a manifest entry that is not a plain file name ignored, a workflow holding
// the API key never written, a rename reported as one.
import {
  MANIFEST_NAME,
  planPull,
  readManifest,
  safeFileStem,
  type ListedWorkflow,
  type Manifest,
} from '../../src/plan/pull-plan';
import { slugify } from '../../src/core/app-names';

function listed(id: string, name: string, extra: Record<string, unknown> = {}): ListedWorkflow {
  return {
    id,
    name,
    enabled: true,
    rev: 1,
    resource: { type: 'workflow', id, attributes: { name, rev: 1, ...extra } },
  };
}

const options = (existing: readonly string[] = [], extra = {}) => ({
  selection: {},
  source: 'https://api.example',
  prune: false,
  existing: (file: string) => existing.includes(file),
  match: () => false,
  ...extra,
});

test.each([
  ['.kwt-pull', 'kwt-pull'],
  ['.hidden', 'hidden'],
  ['...', 'workflow'],
  ['con', 'con-workflow'],
  ['NUL', 'nul-workflow'],
  ['aux.json', 'aux.json-workflow'],
  ['com1', 'com1-workflow'],
  ['lpt9', 'lpt9-workflow'],
  ['console', 'console'],
  ['trailing.', 'trailing'],
  ['-x-', 'x'],
])('the name %j is pulled as a safe file stem %j', (name, stem) => {
  expect(safeFileStem(slugify(name))).toBe(stem);
});

test('no pulled file is hidden, reserved or the manifest, for any name', () => {
  const names = [
    '.kwt-pull',
    '.kwt-pull.json',
    '.',
    '..',
    'CON',
    'prn',
    '.env',
    'a/../b',
    ' ',
    '\u0000x',
  ];
  const plan = planPull(
    names.map((n, i) => listed(`w${i}`, n)),
    new Map(),
    undefined,
    options(),
  );
  for (const w of plan.writes) {
    expect(w.file).not.toBe(MANIFEST_NAME);
    expect(w.file.startsWith('.')).toBe(false);
    expect(w.file).not.toMatch(/[/\\]/);
    expect(w.file).not.toContain('\u0000');
    expect(w.file.split('.')[0]).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/i);
  }
  expect(new Set(plan.writes.map((w) => w.file)).size).toBe(names.length);
});

test("a file in the folder that no pull wrote is foreign; one the manifest lists is kwt's", () => {
  const fresh = planPull(
    [listed('a1', 'Order Posted')],
    new Map(),
    undefined,
    options(['order-posted.json']),
  );
  expect(fresh.foreign).toEqual(['order-posted.json']);
  const previous: Manifest = {
    format: 1,
    source: 'x',
    workflows: {
      a1: { file: 'order-posted.json', name: 'Order Posted', rev: 0, enabled: true, variables: [] },
    },
  };
  const again = planPull(
    [listed('a1', 'Order Posted')],
    new Map(),
    previous,
    options(['order-posted.json']),
  );
  expect(again.foreign).toEqual([]);
  expect(again.changed).toEqual(['order-posted.json']);
});

test('a renamed workflow is reported as renamed, its old file removed', () => {
  const previous: Manifest = {
    format: 1,
    source: 'x',
    workflows: {
      a1: { file: 'order-posted.json', name: 'Order Posted', rev: 1, enabled: true, variables: [] },
    },
  };
  const plan = planPull(
    [listed('a1', 'Order Shipped')],
    new Map(),
    previous,
    options(['order-posted.json']),
  );
  expect(plan.renamed).toEqual([{ from: 'order-posted.json', to: 'order-shipped.json' }]);
  expect(plan.changed).toEqual([]);
  expect(plan.removes).toEqual(['order-posted.json']);
});

test('a workflow holding the API key is not written nor recorded, and is named', () => {
  const plan = planPull(
    [
      listed('a1', 'Leaky', { headers: { Authorization: 'Bearer SECRET-KEY' } }),
      listed('a2', 'Fine'),
    ],
    new Map(),
    undefined,
    options([], { holdsKey: (text: string) => text.includes('SECRET-KEY') }),
  );
  expect(plan.writes.map((w) => w.file)).toEqual(['fine.json']);
  expect(plan.keyHeld).toEqual(['Leaky']);
  expect(plan.manifest).not.toContain('leaky');
});

test('manifest entries whose file is not a plain name (NUL, control characters, paths, hidden) are ignored', () => {
  const text = JSON.stringify({
    format: 1,
    source: 'x',
    workflows: {
      a1: { file: 'ok.json', name: 'ok', enabled: true, variables: [] },
      a2: { file: 'bad\u0000.json', name: 'x', enabled: true, variables: [] },
      a3: { file: 'line\nbreak.json', name: 'x', enabled: true, variables: [] },
      a4: { file: '../up.json', name: 'x', enabled: true, variables: [] },
      a5: { file: '.hidden.json', name: 'x', enabled: true, variables: [] },
    },
  });
  expect(Object.keys(readManifest(text)?.workflows ?? {})).toEqual(['a1']);
});
