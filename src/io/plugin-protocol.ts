// The messages between kwt and the thread its custom transforms run in (plugin-host.ts). Data only: the batch goes
// over as a copy, and what a transform does to its context (a setting, a warning, a secret) comes back as calls to replay.
import type { Json, JsonObject } from '../core/json';
import type { AppInfo, BatchEntry } from '../core/transform';

/** What a module exported, as data: kwt checks it (checkTransformShape) as it would the object itself. */
export interface ModuleShape {
  /** The fields as exported when they are data (a function or a symbol in their place comes over as its typeof). */
  id: unknown;
  description: unknown;
  options?: unknown;
  needsApp?: unknown;
  checkOptions: 'function' | 'absent' | 'other';
  apply: boolean;
}

export type HostRequest =
  | { op: 'load'; specifier: string; file: string }
  | { op: 'check'; module: number; options: JsonObject }
  | { op: 'step'; module: number; options: JsonObject; app: AppInfo; batch: readonly BatchEntry[] }
  /** Answered once everything a transform left queued has run: a late process.exit is seen before kwt writes. */
  | { op: 'ping' };

/** A call the transform made on its context, replayed on the real one in order. */
export type ContextCall =
  | ['setting', string, string, Json]
  | ['hook', Json]
  | ['trigger', Json]
  | ['dependency', string, string]
  | ['secret', string]
  | ['warn', string, string | undefined]
  | ['error', string, string | undefined];

export interface StepOutcome {
  workflow?: JsonObject;
  /** Why this workflow has no result: what the transform threw, or what was wrong with what it returned. */
  failure?: string;
  calls: ContextCall[];
}

export type HostReply =
  | { op: 'load'; shape?: ModuleShape; error?: string; code?: string }
  | { op: 'check'; problems?: string[]; error?: string }
  | { op: 'step'; outcomes?: StepOutcome[]; error?: string }
  | { op: 'ping'; error?: string };

/** The reply with what the transform printed meanwhile (console, process.stdout, fd 1 or 2): kwt prints it on stderr. */
export interface HostMessage {
  reply: HostReply;
  output: string;
}

/** flag[0]: 0 while kwt waits, 1 when a reply is posted, 2 when the thread ended. */
export const REPLIED = 1;
export const ENDED = 2;
