// The library's document and config types: what a Kustomer workflow, a block and kwt.config.json look like. Checked
// against the JSON Schemas in tests/types.test.ts (keys, built-in ids, rule codes), so they cannot drift.
import type { Json, JsonObject } from './core/json';
import type { Block } from './core/block';
import type { RuleCode } from './validate/rules';
import type { ChangeKind } from './core/release-policy';
import type { BuiltInOptions } from '../transforms';

export type { BuiltInOptions };

/** An edge from the trigger or a step to the next step, taken when its condition holds. */
export interface WorkflowTransition {
  target: string;
  condition?: Json;
  [key: string]: unknown;
}

/** What starts a workflow: an event (`kustomer.conversation.create`, `kustomer.app.<app>.<event>`) or a call. */
export interface WorkflowTrigger {
  eventName: string;
  id?: string;
  transitions?: WorkflowTransition[];
  [key: string]: unknown;
}

/** One action of a workflow (`kustomer.rest-api.json`, `kustomer.app.<app>.<action>`, ...). */
export interface WorkflowStep {
  id: string;
  action: string;
  appVersion?: string;
  params?: JsonObject;
  transitions?: WorkflowTransition[];
  errorCases?: Json[];
  [key: string]: unknown;
}

/** A workflow as an app definition's `workflows` list holds it (and as an editor export holds it, with more keys). */
export interface KustomerWorkflow {
  name: string;
  description?: string;
  trigger: WorkflowTrigger;
  steps: WorkflowStep[];
  [key: string]: unknown;
}

/** A `workflows` block as kwt writes it, with typed workflows. */
export interface WorkflowsBlock extends Omit<Block, 'workflows'> {
  workflows: KustomerWorkflow[];
}

/** An app definition (the keys kwt reads and writes; Kustomer's other keys are allowed). */
export interface AppDefinition extends Partial<Omit<Block, 'workflows'>> {
  app: string;
  version: string;
  title: string;
  workflows?: KustomerWorkflow[];
  [key: string]: unknown;
}

/**
 * The content of kwt.config.json. Plugin options are typed by the caller: `KwtConfig<{ 'describe-owner': { team: string } }>`;
 * any other key under `options` (a misspelt id) does not compile.
 */
export interface KwtConfig<PluginOptions extends Record<string, object> = Record<never, never>> {
  $schema?: string;
  /** The app's `app` key: letters, digits and underscores. */
  app?: string;
  /** The version being released (semver). */
  version?: string;
  /** The pipeline, in order: a built-in id, `[id, options]`, or a path to a transform module. */
  transforms?: readonly (string | readonly [string, JsonObject])[];
  options?: BuiltInOptions & { [K in keyof PluginOptions]?: PluginOptions[K] };
  validate?: {
    /** Extra top-level app-definition keys to accept. */
    allowAppKeys?: readonly string[];
    rules?: { [Code in RuleCode]?: 'off' | 'warning' | 'error' };
  };
  /** How `kwt release` classifies changes: the bump per kind of change (`roles-changed` stays major). */
  release?: {
    policy?: {
      [Kind in ChangeKind]?:
        'major' | 'minor' | 'patch' | { bump: 'major' | 'minor' | 'patch'; reason?: string };
    };
  };
}
