// The transform contract: metadata plus a pure apply(workflow, ctx), and the context the engine hands it.
import type { Proposal } from './proposal';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { Json, JsonObject } from './json';

/** A workflow document (root of one element of the `workflows` array). */
export type Workflow = JsonObject;

/** A JSON Schema (draft-07 subset) describing a transform's options object (built-ins declare theirs `as const`). */
export type OptionsSchema = { readonly [key: string]: unknown };

/**
 * The options type a schema describes, with defaults applied (a property with a `default` is always present): the
 * built-ins derive their options type from their schema with this, so the two cannot drift apart.
 */
export type OptionsOf<Schema extends JSONSchema> = FromSchema<Schema>;

/** What a config may write for those options: the same schema, with every property that has a default optional. */
export type ConfigOptionsOf<Schema extends JSONSchema> = FromSchema<
  Schema,
  { keepDefaultedPropertiesOptional: true }
>;

export interface AppInfo {
  /** The app's `app` key, e.g. `acme_orders`. */
  readonly name?: string;
  /** The version being released, e.g. `1.2.0`. */
  readonly version?: string;
}

/** One workflow of the batch as a transform sees it, with where it came from. */
export interface BatchEntry {
  readonly workflow: Workflow;
  /** The workflow as read, before any transform ran (its org `id`, say, which strip-metadata may have dropped). */
  readonly original: Workflow;
  /** Human label of the origin: `file.json`, `file.json#2` for the third of a list, `-` for stdin. */
  readonly source: string;
}

export interface SettingDeclaration {
  type: 'string' | 'number' | 'boolean' | 'secret';
  defaultValue: Json;
  required?: boolean;
  description?: string;
  hidden?: boolean;
  /** The label on the settings page: written to the block's i18n strings, not into the setting itself. */
  displayName?: string;
}

export interface HookDeclaration {
  eventName: string;
  displayEventName: string;
  description: string;
  type: 'form' | 'web' | 'email';
}

export interface TriggerDeclaration {
  eventName: string;
  description: string;
}

/** What a transform may add to the block beside `workflows`. */
export interface Contributions {
  setting(category: string, name: string, declaration: SettingDeclaration): void;
  hook(declaration: HookDeclaration): void;
  trigger(declaration: TriggerDeclaration): void;
  /** Another app the workflows need installed: becomes `<app>-^<version>` in `dependencies`. */
  dependency(app: string, version: string): void;
}

export interface TransformContext<Options = JsonObject> {
  /** Validated options with defaults applied. */
  readonly options: Options;
  readonly app: AppInfo;
  /** Every workflow of the batch as it entered this transform (read-only). */
  readonly batch: readonly BatchEntry[];
  /** Index of the current workflow in `batch`. */
  readonly index: number;
  /** The workflow as read from its input, before any transform ran. */
  readonly original: Workflow;
  readonly contribute: Contributions;
  /** Declare a literal as secret: it is masked in every report, diff and message. */
  secret(value: string): void;
  warn(message: string, pointer?: string): void;
  /** A problem the user must fix (config or input); the run writes nothing. */
  error(message: string, pointer?: string): void;
  /**
   * Computes `compute()` once per pipeline step (this transform with these options, over this batch) and returns the
   * same value for every workflow: the place for batch-wide facts, instead of module-level caches.
   */
  memo<T>(key: string, compute: () => T): T;
}

export interface TransformDefinition<Options = JsonObject> {
  /** Unique id; for built-ins it equals the file name. */
  readonly id: string;
  /** One line, shown by `kwt list`. */
  readonly description: string;
  /** JSON Schema of the options object; unknown keys are always rejected. */
  readonly options?: OptionsSchema;
  /** True when the transform cannot run without the app name. */
  readonly needsApp?: boolean;
  /** Checks of options that a JSON Schema cannot express; each returned string is a config error. */
  checkOptions?(options: Options): readonly string[];
  /** Pure: returns a new workflow (or the same object when nothing changes); never mutates its input. */
  apply(workflow: Workflow, ctx: TransformContext<Options>): Workflow;
}

/** The built-in transforms as the config resolver sees them (core never imports the transforms folder). */
export interface TransformCatalog {
  find(id: string): TransformDefinition<never> | undefined;
  /** Every built-in id, in registry order. */
  readonly ids: readonly string[];
  /** Ids of the default pipeline, in order. */
  readonly defaultPipeline: readonly string[];
}

/** Identity helper that gives authors type checking and completion. */
export function defineTransform<Options = JsonObject>(
  definition: TransformDefinition<Options>,
): TransformDefinition<Options> {
  return definition;
}

/** One recorded edit: which transform, where (JSON Pointer inside the workflow), what it was and became. */
export interface ChangeRecord {
  transform: string;
  op: 'add' | 'remove' | 'replace';
  pointer: string;
  before?: Json;
  after?: Json;
}

export type Severity = 'error' | 'warning';

/** A message from a transform or from validation, located as precisely as we can. */
export interface Problem {
  severity: Severity;
  code: string;
  message: string;
  /** Input or output file the problem belongs to. */
  file?: string;
  /** JSON Pointer inside that file's document (or the workflow, for transform problems). */
  pointer?: string;
  /** 1-based line and column of the value at `pointer` in `file` as read (set by the CLI, which has the text). */
  line?: number;
  column?: number;
  /** Workflow name, when the problem belongs to one workflow. */
  workflow?: string;
  /** The config entries that fix it, as data (`kwt init` merges them into the config it writes). */
  proposals?: Proposal[];
}
