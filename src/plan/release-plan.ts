// The plan of `kwt release`: the released app definition and the new one in, the changes, the bump they ask for, the
// verdict on the new version and (for --write) the files to write out, as values. The CLI reads, prints and writes.
import { KwtError } from '../core/errors';
import { deepEqual, detectStyle, isObject, type Json, type JsonObject } from '../core/json';
import { serializePreserving } from '../json/preserve';
import type { Bump, BumpOrNone, ReleasePolicy } from '../core/release-policy';
import { diffApps, type AppChange } from '../release/app-diff';
import { changelogEntry } from '../release/changelog';
import { withOwnVersion } from '../release/own-version';
import {
  isReleaseVersion,
  judgeVersion,
  nextVersion,
  type VersionVerdict,
} from '../release/versions';
import type { PlannedWrite } from './plan';

/** A JSON document as read: its value, and its text when kwt may rewrite it in its own style. */
export interface ReadDocument {
  label: string;
  value: Json;
  /** Absolute path, for a document --write may rewrite. */
  path?: string;
  text?: string;
}

export interface ReleaseInputs {
  /** The released definition; absent for a first release. */
  base?: ReadDocument;
  next: ReadDocument;
  /** The config, when it holds the app version (`"version"`), so --write keeps the two together. */
  config?: ReadDocument;
  policy: ReleasePolicy;
}

export interface ReleaseOptions {
  write?: boolean;
  /** With --write, when kwt picks the version: a pre-release of the bump with this id (`beta` -> 1.5.0-beta.1). */
  preid?: string;
  /** The changelog entry's date. */
  now: Date;
}

export interface ReleasePlan {
  app: string | undefined;
  baseVersion?: string;
  version: Json | undefined;
  /** The bump the changes ask for. */
  bump: BumpOrNone;
  changes: AppChange[];
  /** Whether the definition's version may follow the base's for these changes (the --check answer). */
  verdict: VersionVerdict;
  /** --write: the version written and whether a changelog entry was added. */
  written?: { version: string; changelog: 'added' | 'kept' };
  writes: PlannedWrite[];
}

function appObject(doc: ReadDocument, what: string): JsonObject {
  if (!isObject(doc.value))
    throw new KwtError(
      'input',
      `${doc.label}: expected an app definition (a JSON object), for ${what}`,
    );
  if (
    Array.isArray(doc.value['workflows']) &&
    doc.value['app'] === undefined &&
    doc.value['version'] === undefined
  )
    throw new KwtError(
      'input',
      `${doc.label}: a workflows block, not an app definition; release compares whole app definitions (app, version, workflows, …)`,
    );
  return doc.value;
}

export function planRelease(inputs: ReleaseInputs, options: ReleaseOptions): ReleasePlan {
  const next = appObject(inputs.next, 'the new version');
  const base =
    inputs.base !== undefined ? appObject(inputs.base, 'the released version (--base)') : undefined;
  const app = typeof next['app'] === 'string' ? next['app'] : undefined;
  if (base !== undefined && base['app'] !== next['app']) {
    throw new KwtError(
      'input',
      `${inputs.base?.label ?? 'the base'} is the app ${JSON.stringify(base['app'])}, but ${inputs.next.label} is ${JSON.stringify(next['app'])}: compare two versions of one app`,
    );
  }
  const baseVersion = base?.['version'];
  if (base !== undefined && !isReleaseVersion(baseVersion))
    throw new KwtError(
      'input',
      `${inputs.base?.label ?? 'the base'}: its version ${JSON.stringify(baseVersion)} is not a semantic version`,
    );
  const diff = diffApps(base ?? { app: next['app'] ?? null }, next, inputs.policy);
  const verdict = judgeVersion(baseVersion as string | undefined, next['version'], diff.bump);
  const plan: ReleasePlan = {
    app,
    ...(typeof baseVersion === 'string' ? { baseVersion } : {}),
    version: next['version'],
    bump: diff.bump,
    changes: diff.changes,
    verdict,
    writes: [],
  };
  if (options.write === true) planWrite(plan, inputs, next, options);
  return plan;
}

/** The version to write: the definition's own when it already fits, else the smallest that does. */
function versionToWrite(plan: ReleasePlan, options: ReleaseOptions): string {
  if (plan.verdict.ok && isReleaseVersion(plan.version)) return plan.version;
  if (plan.baseVersion === undefined) {
    throw new KwtError(
      'input',
      `${plan.verdict.ok ? '' : plan.verdict.message}; with no --base, set the first version by hand`.replace(
        /^; /,
        '',
      ),
    );
  }
  const bump: Bump = plan.bump === 'none' ? 'patch' : plan.bump;
  return nextVersion(plan.baseVersion, bump, options.preid);
}

function planWrite(
  plan: ReleasePlan,
  inputs: ReleaseInputs,
  next: JsonObject,
  options: ReleaseOptions,
): void {
  // Nothing an org installs or sees changed, and the version not moved: no version to spend.
  if (plan.bump === 'none' && !plan.verdict.ok && plan.verdict.reason === 'equal') return;
  const version = versionToWrite(plan, options);
  // A changelog of another shape is the team's text: never replaced by an object of kwt's.
  if (next['changelog'] !== undefined && !isObject(next['changelog']))
    throw new KwtError(
      'input',
      `${inputs.next.label}: "changelog" is not an object of version to text; fix it by hand before --write adds an entry`,
    );
  const changelog = isObject(next['changelog']) ? next['changelog'] : {};
  const kept = Object.prototype.hasOwnProperty.call(changelog, version);
  const updated: JsonObject = { ...withOwnVersion(next, version), version };
  // A changelog the team wrote for this version by hand stays as written.
  updated['changelog'] = kept
    ? changelog
    : { ...changelog, [version]: changelogEntry(plan.changes, options.now) };
  plan.written = { version, changelog: kept ? 'kept' : 'added' };
  // The report speaks of the definition as written.
  plan.version = version;
  plan.verdict = judgeVersion(plan.baseVersion, version, plan.bump);
  const target = inputs.next;
  if (target.path === undefined)
    throw new KwtError('usage', `--write needs a file to write (${target.label} is not one)`);
  if (!deepEqual(updated, next))
    plan.writes.push({ path: target.path, label: target.label, content: rewrite(target, updated) });
  const config = inputs.config;
  if (
    config?.path !== undefined &&
    isObject(config.value) &&
    typeof config.value['version'] === 'string' &&
    config.value['version'] !== version
  ) {
    plan.writes.push({
      path: config.path,
      label: config.label,
      content: rewrite(config, { ...config.value, version }),
    });
  }
}

/** The document in its own indentation and line endings, with the text of every unchanged part kept as it was. */
function rewrite(doc: ReadDocument, value: JsonObject): string {
  if (doc.text === undefined)
    throw new KwtError('usage', `${doc.label}: cannot rewrite a document kwt did not read as text`);
  return serializePreserving(value, doc.text, doc.value, detectStyle(doc.text));
}
