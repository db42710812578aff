// `kwt init` as a plan: the rules' proposals, merged. Starting from a seed config (the names init suggests from the
// exports), it runs the pipeline and validation, takes the fix every finding proposes, merges them into the config
// (one value, one setting; one name, one meaning) and runs again, until no finding proposes anything new. What is
// left has no fix a rule can propose: each such finding is returned for the user to decide. So the config init writes
// is the one the rules ask for: `kwt transform` with it finds nothing a proposal could have fixed.
import { type ConfigCatalog, resolveConfig } from '../core/config';
import { type Json, type JsonObject, cloneJson, isObject } from '../core/json';
import type { Proposal } from '../core/proposal';
import type { Problem } from '../core/transform';
import type { BatchInput } from '../core/batch';
import { type Update, updateConfig } from '../init/update';
import { pushAll } from '../core/lists';
import { planTransform } from './plan';

export interface InitPlan {
  config: JsonObject;
  /** What the rules' proposals added to the seed, one line each. */
  added: string[];
  /** Findings of the last run that still stand: errors, and warnings about org data, each for the user to decide. */
  undecided: Problem[];
}

/** Rounds before giving up on a proposal that does not make its finding go away (then listed as undecided). */
const MAX_ROUNDS = 5;

/** Warnings that are about the source org's data: init cannot leave them unmentioned. */
const ORG_WARNINGS: ReadonlySet<string> = new Set([
  'hex-id',
  'email-address',
  'placeholder-credential',
]);

/** The config options a proposal asks for, in the shape `updateConfig` merges. */
function optionsOf(p: Proposal, app: string): JsonObject | undefined {
  switch (p.kind) {
    case 'value': {
      const org = p.orgValue ? { defaultValue: '', required: true } : {};
      const entry = {
        match: p.match,
        setting: `${p.category}.${p.name}`,
        description: p.description,
        ...org,
      };
      return { 'app-settings': { values: [entry] } };
    }
    case 'variable':
      return {
        'app-settings': {
          variables: { [p.id]: { setting: `default.${p.name}`, description: p.description } },
        },
      };
    case 'credential': {
      const entry = {
        kind: p.credentialKind,
        setting: `default.${p.name}`,
        description: p.description,
      };
      return { 'app-settings': { credentials: [entry] } };
    }
    case 'namespace':
      return p.namespace.toLowerCase() === app.toLowerCase()
        ? undefined
        : { denamespace: { namespaces: [p.namespace] } };
    case 'rename':
      return { rename: { names: { [p.key]: p.name } } };
  }
}

/** Every finding of one run: the transforms' (per input) and the block's and validation's. */
function findings(
  inputs: readonly BatchInput[],
  config: JsonObject,
  catalog: ConfigCatalog,
): Problem[] {
  const resolved = resolveConfig(config, 'the proposed config', catalog);
  const plan = planTransform(
    inputs,
    resolved,
    { kind: 'stdout' },
    { validate: true, recordChanges: false },
  );
  return [...plan.batch.inputs.flatMap((o) => o.problems), ...plan.problems];
}

/**
 * `config` with the proposals of `problems` merged in, all at once: gathered into one set of options (lists appended,
 * maps keeping the first entry of a key), which `updateConfig` adds where the config lacks them, one name per meaning.
 */
function merge(config: JsonObject, problems: readonly Problem[], app: string): Update {
  const gathered: Record<string, Record<string, Json[] | JsonObject>> = {};
  for (const problem of problems) {
    for (const proposal of problem.proposals ?? []) {
      for (const [transform, entries] of Object.entries(optionsOf(proposal, app) ?? {})) {
        const into = (gathered[transform] ??= {});
        for (const [key, value] of Object.entries(entries as JsonObject)) {
          const have = into[key];
          if (Array.isArray(value) && Array.isArray(have)) pushAll(have, value);
          else if (Array.isArray(value)) into[key] = [...value];
          else if (isObject(value)) into[key] = { ...value, ...(isObject(have) ? have : {}) };
        }
      }
    }
  }
  return Object.keys(gathered).length > 0
    ? updateConfig(config, { options: gathered })
    : { config, added: [] };
}

/** The seed with every proposal merged, round after round, and what is left to decide. */
export function planInit(
  inputs: readonly BatchInput[],
  seed: JsonObject,
  catalog: ConfigCatalog,
): InitPlan {
  const app = typeof seed['app'] === 'string' ? seed['app'] : '';
  let config = cloneJson(seed);
  const added: string[] = [];
  for (let round = 1; ; round++) {
    const problems = findings(inputs, config, catalog);
    const merged = merge(config, problems, app);
    // A round's additions are kept only when a later run has checked them.
    if (merged.added.length === 0 || round === MAX_ROUNDS) {
      const undecided = problems.filter(
        (p) => p.severity === 'error' || ORG_WARNINGS.has(p.code) || p.code.startsWith('org-'),
      );
      return { config, added, undecided };
    }
    config = merged.config;
    pushAll(added, merged.added);
  }
}
