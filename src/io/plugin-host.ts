// The thread custom transforms run in. A transform here can call process.exit (it ends this thread only), patch fs or
// a prototype (this thread's own), write to stdout (collected and handed to kwt, which prints it on stderr) or start a
// timer (it dies with the thread): none of it reaches kwt's writes, its exit code or its stdout.
import * as path from 'node:path';
import { format } from 'node:util';
import { workerData, type MessagePort } from 'node:worker_threads';
import { errorMessage } from '../core/errors';
import { untrustedResult } from '../core/pipeline';
import { takeBackPrototype } from './plugin-guard';
import { guardStandardStreams, refuseProcesses } from './plugin-streams';
import type { TransformContext, TransformDefinition } from '../core/transform';
import type { JsonObject } from '../core/json';
import {
  ENDED,
  REPLIED,
  type ContextCall,
  type HostMessage,
  type HostReply,
  type HostRequest,
  type StepOutcome,
} from './plugin-protocol';

const { port, flag: shared } = workerData as { port: MessagePort; flag: SharedArrayBuffer };
const flag = new Int32Array(shared);

// process.exit ends this thread: kwt, waiting for a reply, is told at once instead of waiting for its time limit.
process.on('exit', (code) => {
  Atomics.store(flag, 1, typeof code === 'number' ? code : 0);
  Atomics.store(flag, 0, ENDED);
  Atomics.notify(flag, 0);
});
// The module object itself (not an import's read-only view), so fd 1 and 2 can be caught for everything loaded here.
const fs = require('node:fs') as typeof import('node:fs');
const modules: Record<string, unknown>[] = [];
let output = '';

// Everything written to stdout or stderr, by any route, is kwt's to print (on stderr, never into the block).
const collect = (text: unknown): boolean => {
  output += typeof text === 'string' ? text : Buffer.from(text as Uint8Array).toString('utf8');
  return true;
};
console.log =
  console.info =
  console.debug =
  console.warn =
  console.error =
    (...args: unknown[]) => void collect(format(...args) + '\n');
process.stdout.write = collect;
process.stderr.write = collect;
// fd 1 and 2 by every other route (an fd, /dev/stdout, a stream, a child process), and signals: see plugin-streams.ts.
guardStandardStreams(
  {
    fs,
    tty: require('node:tty') as Record<string, unknown>,
    net: require('node:net') as Record<string, unknown>,
  },
  (text) => void collect(text),
);
refuseProcesses(require('node:child_process') as Record<string, unknown>);

// A transform's timer that throws later must not end the thread (and with it the other transforms): said, and carried on.
process.on(
  'uncaughtException',
  (error) => void collect(`a custom transform threw outside apply: ${errorMessage(error)}\n`),
);

function reply(message: HostReply): void {
  const out: HostMessage = { reply: message, output };
  output = '';
  try {
    port.postMessage(out);
  } catch (error) {
    // A value that cannot be copied (a function in a declaration, a Proxy): said, never a hang.
    port.postMessage({
      reply: {
        op: message.op,
        error: `returned something that is not data (${errorMessage(error)})`,
      },
      output: out.output,
    });
  }
  Atomics.store(flag, 0, REPLIED);
  Atomics.notify(flag, 0);
}

const TS_EXTENSION = /\.(c|m)?ts$/;

function load(specifier: string, file: string): HostReply {
  const ext = path.extname(file);
  const extensions = (require as NodeJS.Require & { extensions?: Record<string, unknown> })
    .extensions;
  if (TS_EXTENSION.test(file) && !extensions?.[ext === '.mts' || ext === '.cts' ? ext : '.ts'])
    return {
      op: 'load',
      error: `a TypeScript module needs a loader (run kwt with NODE_OPTIONS="--import tsx" or "--require ts-node/register"), or compile it to .js`,
    };
  let exported: unknown;
  try {
    exported = require(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      op: 'load',
      error: takeBackPrototype() ?? errorMessage(error).split('\n')[0] ?? '',
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  const pollution = takeBackPrototype();
  if (pollution) return { op: 'load', error: pollution };
  let candidate = exported as Record<string, unknown> | undefined;
  if (
    candidate &&
    typeof candidate === 'object' &&
    'default' in candidate &&
    typeof candidate['apply'] !== 'function'
  )
    candidate = candidate['default'] as Record<string, unknown> | undefined;
  if (!candidate || typeof candidate !== 'object')
    return {
      op: 'load',
      error: `must export an object {id, description, options?, apply} (found ${candidate === null ? 'null' : typeof candidate})`,
    };
  modules.push(candidate);
  void specifier;
  // As data: what cannot be copied comes over as its typeof, which kwt's check then names.
  const data = (value: unknown): unknown => {
    try {
      return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
    } catch {
      return typeof value;
    }
  };
  const field = (key: string): unknown =>
    typeof candidate[key] === 'function' || typeof candidate[key] === 'symbol'
      ? typeof candidate[key]
      : data(candidate[key]);
  return {
    op: 'load',
    shape: {
      id: field('id'),
      description: field('description'),
      ...(candidate['options'] !== undefined ? { options: field('options') } : {}),
      ...(candidate['needsApp'] !== undefined ? { needsApp: field('needsApp') } : {}),
      checkOptions:
        typeof candidate['checkOptions'] === 'function'
          ? 'function'
          : candidate['checkOptions'] === undefined
            ? 'absent'
            : 'other',
      apply: typeof candidate['apply'] === 'function',
    },
  };
}

function check(module: Record<string, unknown>, options: JsonObject): HostReply {
  try {
    const problems = (module['checkOptions'] as (o: JsonObject) => unknown).call(module, options);
    if (!Array.isArray(problems) || problems.some((p) => typeof p !== 'string'))
      return { op: 'check', error: 'checkOptions must return a list of strings' };
    return { op: 'check', problems: problems as string[] };
  } catch (error) {
    return { op: 'check', error: errorMessage(error) };
  }
}

function step(
  module: Record<string, unknown>,
  request: Extract<HostRequest, { op: 'step' }>,
): HostReply {
  const apply = module['apply'] as TransformDefinition<JsonObject>['apply'];
  const batch = Object.freeze(request.batch);
  const memos = new Map<string, unknown>();
  const outcomes: StepOutcome[] = batch.map((entry, index) => {
    const calls: ContextCall[] = [];
    const ctx: TransformContext<JsonObject> = {
      options: request.options,
      app: request.app,
      batch,
      index,
      original: entry.original,
      contribute: {
        setting: (category, name, declaration) =>
          void calls.push(['setting', category, name, declaration as never]),
        hook: (declaration) => void calls.push(['hook', declaration as never]),
        trigger: (declaration) => void calls.push(['trigger', declaration as never]),
        dependency: (app, version) => void calls.push(['dependency', app, version]),
      },
      secret: (value) => void calls.push(['secret', value]),
      warn: (text, pointer) => void calls.push(['warn', text, pointer]),
      error: (text, pointer) => void calls.push(['error', text, pointer]),
      memo: <T>(key: string, compute: () => T): T => {
        if (!memos.has(key)) memos.set(key, compute());
        return memos.get(key) as T;
      },
    };
    const before = JSON.stringify(entry.workflow);
    let next: unknown;
    try {
      next = apply.call(module, entry.workflow, ctx);
    } catch (error) {
      return { calls, failure: takeBackPrototype() ?? errorMessage(error) };
    }
    const pollution = takeBackPrototype();
    if (pollution) return { calls, failure: pollution };
    const wrong =
      untrustedResult(next) ??
      (JSON.stringify(entry.workflow) !== before
        ? 'changed its input workflow in place; return a new object instead (inputs are shared)'
        : undefined);
    if (wrong) return { calls, failure: `${wrong}` };
    return { calls, workflow: next as JsonObject };
  });
  return { op: 'step', outcomes };
}

// Each request waits its turn behind what the last one left queued (a setImmediate that calls process.exit): the
// thread ends before answering, and kwt is told, instead of the exit slipping in after the run's last call.
port.on('message', (request: HostRequest) => void setImmediate(() => answer(request)));

function answer(request: HostRequest): void {
  try {
    if (request.op === 'ping') return reply({ op: 'ping' });
    if (request.op === 'load') return reply(load(request.specifier, request.file));
    const module = modules[request.module];
    if (!module) return reply({ op: request.op, error: 'no such module' });
    reply(request.op === 'check' ? check(module, request.options) : step(module, request));
  } catch (error) {
    reply({ op: request.op, error: errorMessage(error) });
  }
}
