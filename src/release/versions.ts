// Version arithmetic for releases, on the `semver` package (the reference implementation of semver.org, which Kustomer
// cites): what a step from one version to another amounts to, whether it is enough for the changes, and the next one.
import * as semver from 'semver';
import { isSemver } from '../core/kustomer';
import { BUMPS, type Bump, type BumpOrNone } from '../core/release-policy';

/** A version as Kustomer reads one (see isSemver). */
export function isReleaseVersion(version: unknown): version is string {
  return typeof version === 'string' && isSemver(version);
}

/**
 * What going from `base` to `next` amounts to: a pre-release of a bump counts as that bump (`1.5.0-beta` after 1.4.2 is
 * minor), and a step between pre-releases of one version as a patch at most.
 */
export function stepOf(base: string, next: string): BumpOrNone {
  const d = semver.diff(base, next);
  if (d === null) return 'none';
  if (d === 'major' || d === 'premajor') return 'major';
  if (d === 'minor' || d === 'preminor') return 'minor';
  return 'patch';
}

export type VersionVerdict =
  | { ok: true; step: BumpOrNone }
  | {
      ok: false;
      reason: 'invalid' | 'equal' | 'lower' | 'too-small';
      step: BumpOrNone;
      message: string;
    };

/** Whether `next` may follow `base` for changes that ask for `required`. */
export function judgeVersion(
  base: string | undefined,
  next: unknown,
  required: BumpOrNone,
): VersionVerdict {
  if (!isReleaseVersion(next)) {
    const shown =
      typeof next === 'string'
        ? `"${next}"`
        : next === undefined
          ? 'missing'
          : JSON.stringify(next);
    return {
      ok: false,
      reason: 'invalid',
      step: 'none',
      message: `the version is ${shown}: expected a semantic version such as 1.2.0 (or 1.2.0-beta.1)`,
    };
  }
  if (base === undefined) return { ok: true, step: 'none' };
  if (semver.eq(next, base)) {
    return {
      ok: false,
      reason: 'equal',
      step: 'none',
      message: `the version is ${next}, the same as the base: Kustomer would answer 409 (already registered)`,
    };
  }
  if (semver.lt(next, base)) {
    return {
      ok: false,
      reason: 'lower',
      step: 'none',
      message: `the version ${next} is lower than the base's ${base}: Kustomer would answer 400 (outdated version)`,
    };
  }
  const step = stepOf(base, next);
  if (BUMPS.indexOf(step) < BUMPS.indexOf(required)) {
    return {
      ok: false,
      reason: 'too-small',
      step,
      message: `${base} -> ${next} is a ${step} step, but the changes ask for a ${required} bump (${nextVersion(base, required as Bump)} or later)`,
    };
  }
  return { ok: true, step };
}

/** The smallest version after `base` that is the given bump; with a pre-release id, the first pre-release of it. */
export function nextVersion(base: string, bump: Bump, preid?: string): string {
  const next =
    preid === undefined ? semver.inc(base, bump) : semver.inc(base, `pre${bump}`, preid, '1');
  if (next === null) throw new Error(`cannot increment ${base}`);
  return next;
}
