// jsonpath: declarative edits without code: set, replace inside, and delete the values JSONPath selectors pick.
import {
  type Json,
  type JsonObject,
  getAtPointer,
  isObject,
  removeAtPointer,
  setAtPointer,
  toPointer,
} from '../src/core/json';
import { jsonPathSyntaxError, selectPointers } from '../src/core/jsonpath';
import { errorMessage } from '../src/core/errors';
import {
  defineTransform,
  type TransformContext,
  type ConfigOptionsOf,
  type OptionsOf,
} from '../src/core/transform';

const SAFE = '^(?!.*(__proto__|constructor|prototype))\\$.*$';

/** `$.a.b` / `$..x.name` / `$['a']['b']`: the selector of the parent and the last plain key, when the path ends in one. */
function splitLastKey(path: string): { parent: string; key: string } | undefined {
  const dotted = /^(.*[^.])\.([A-Za-z_$][A-Za-z0-9_$-]*)$/.exec(path);
  if (dotted) return { parent: dotted[1] as string, key: dotted[2] as string };
  const bracket = /^(.*)\[['"]([^'"]+)['"]\]$/.exec(path);
  if (bracket) return { parent: bracket[1] as string, key: bracket[2] as string };
  return undefined;
}

function select(
  doc: Json,
  path: string,
  what: string,
  ctx: TransformContext<Options>,
): string[] | undefined {
  try {
    return selectPointers(doc, path);
  } catch (error) {
    ctx.error(`jsonpath.${what}: ${errorMessage(error)}`);
    return undefined;
  }
}

/** The options' JSON Schema; the Options type is derived from it, so the two cannot drift apart. */
const OPTIONS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    set: {
      type: 'array',
      default: [],
      description:
        'Set each selected value; when nothing is selected and the path ends in a plain key, add that key to each selected parent object',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'value'],
        properties: { path: { type: 'string', pattern: SAFE }, value: {} },
      },
    },
    replace: {
      type: 'array',
      default: [],
      description: 'In each selected string, replace every occurrence of "from" with "to"',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'from', 'to'],
        properties: {
          path: { type: 'string', pattern: SAFE },
          from: { type: 'string', minLength: 1 },
          to: { type: 'string' },
        },
      },
    },
    delete: {
      type: 'array',
      default: [],
      description:
        'Remove each selected object key (array elements are refused: removing by position is not idempotent)',
      items: { type: 'string', pattern: SAFE },
    },
  },
} as const;

type Options = OptionsOf<typeof OPTIONS>;
/** What a config may write under `options` for this transform (the library's KwtConfig uses it). */
export type ConfigOptions = ConfigOptionsOf<typeof OPTIONS>;

export default defineTransform<Options>({
  id: 'jsonpath',
  description:
    'Declarative edits with JSONPath selectors: set values, replace text inside them, delete them (no code, no script evaluation)',
  options: OPTIONS,
  checkOptions(options) {
    const paths = [
      ...options.set.map((s) => ['set', s.path]),
      ...options.replace.map((r) => ['replace', r.path]),
      ...options.delete.map((d) => ['delete', d]),
    ];
    return paths.flatMap(([what, path]) => {
      const problem = jsonPathSyntaxError(path as string);
      return problem ? [`${what}: JSONPath ${JSON.stringify(path)}: ${problem}`] : [];
    });
  },
  apply(workflow, ctx) {
    const { options } = ctx;
    let doc: Json = workflow;

    for (const { path, value } of options.set) {
      let pointers = select(doc, path, 'set', ctx);
      if (pointers === undefined) continue;
      if (pointers.length === 0) {
        // Adding a key that is not there yet: select the parents and set the key on each object among them.
        const split = splitLastKey(path);
        const parents =
          split && split.parent !== '$' ? select(doc, split.parent, 'set', ctx) : split ? [''] : [];
        pointers = (parents ?? [])
          .filter((p) => isObject(getAtPointer(doc, p)))
          .map((p) => p + toPointer([split!.key]));
      }
      for (const pointer of pointers) {
        if (pointer === '') {
          ctx.error(
            `jsonpath.set: ${JSON.stringify(path)} selects the whole workflow; set its keys instead`,
          );
          continue;
        }
        // Options are parsed JSON, so the schema's "any value" is a JSON value.
        doc = setAtPointer(doc, pointer, value as Json);
      }
    }

    for (const { path, from, to } of options.replace) {
      if (to.includes(from)) {
        // A second run would replace again inside "to": the pipeline must be idempotent.
        ctx.error(
          `jsonpath.replace: "to" contains "from" (${JSON.stringify(from)}), so running twice would change the result again`,
        );
        continue;
      }
      for (const pointer of select(doc, path, 'replace', ctx) ?? []) {
        const current = getAtPointer(doc, pointer);
        if (typeof current === 'string' && current.includes(from))
          doc = setAtPointer(doc, pointer, current.split(from).join(to));
      }
    }

    for (const path of options.delete) {
      const pointers = select(doc, path, 'delete', ctx) ?? [];
      if (pointers.includes('')) {
        ctx.error(`jsonpath.delete: ${JSON.stringify(path)} selects the whole workflow`);
        continue;
      }
      // Removing array elements by position is not idempotent: a second run would remove the elements that moved up.
      if (pointers.some((p) => Array.isArray(getAtPointer(doc, p.slice(0, p.lastIndexOf('/')))))) {
        ctx.error(
          `jsonpath.delete: ${JSON.stringify(path)} selects array elements; deleting by position would delete different elements on the next run, so delete object keys instead`,
        );
        continue;
      }
      // Deepest and last first, so no removal moves a value still to be removed.
      for (const pointer of [...pointers].reverse()) doc = removeAtPointer(doc, pointer);
    }
    return doc as JsonObject;
  },
});
