// kwt's side of the plugin thread: custom transforms (--plugin and module paths in the config) are loaded and run in
// a worker (plugin-host.ts), called synchronously (the pipeline stays synchronous and pure) with a time limit. kwt
// never loads their code itself, so nothing they do can end the run, change its exit code, patch the fs it writes
// with, or write into the block on stdout.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  MessageChannel,
  Worker,
  receiveMessageOnPort,
  type MessagePort,
} from 'node:worker_threads';
import { KwtError } from '../core/errors';
import type { JsonObject } from '../core/json';
import type { TransformContext } from '../core/transform';
import { packageInfo } from '../core/version';
import { atRunEnd } from './run-end';
import {
  ENDED,
  REPLIED,
  type HostMessage,
  type HostReply,
  type HostRequest,
  type ModuleShape,
  type StepOutcome,
} from './plugin-protocol';

/** How long one call (loading a module, or one transform over the whole batch) may take; KWT_PLUGIN_TIMEOUT_MS overrides. */
export const DEFAULT_PLUGIN_TIMEOUT_MS = 60_000;

class PluginThread {
  /** [0]: the state (see plugin-protocol), [1]: the code the thread exited with. */
  private readonly flag = new Int32Array(new SharedArrayBuffer(8));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private ended: string | undefined;
  /** How many modules the thread has loaded: their indexes there (a failed load adds none on either side). */
  modules = 0;

  constructor(
    private readonly timeoutMs: number,
    private readonly writeStderr: (text: string) => void,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const host = path.join(packageInfo().root, 'dist', 'src', 'io', 'plugin-host.js');
    if (!fs.existsSync(host))
      throw new KwtError('config', `the plugin host ${host} is missing: run npm run build`);
    // stdout and stderr piped to kwt, never inherited: what escapes the host's capture is not printed into the block.
    this.worker = new Worker(host, {
      workerData: { port: port2, flag: this.flag.buffer },
      transferList: [port2],
      stdout: true,
      stderr: true,
    });
    // Its failures reach kwt through the flag (see call); the event itself must not end kwt.
    this.worker.on('error', () => undefined);
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    // Neither the thread nor a timer a transform left running keeps kwt alive: stopped when the command ends.
    this.worker.unref();
    this.port.unref();
    atRunEnd(() => this.stop());
  }

  get hasEnded(): boolean {
    return this.ended !== undefined;
  }

  stop(): void {
    if (!this.ended) this.end('stopped');
    this.port.close();
    if (thread === this) thread = undefined;
  }

  /** Sends one request and waits for its reply, the thread's end, or the time limit. */
  call(request: HostRequest, what: string): HostReply {
    if (this.ended) return { op: request.op, error: this.ended };
    // Ready for the next reply, unless the thread ended since the last one (a timer calling process.exit after apply
    // returned): then no reply will come, and waiting would last the whole time limit.
    if (Atomics.compareExchange(this.flag, 0, REPLIED, 0) === ENDED) {
      this.end(this.exited());
      return { op: request.op, error: this.ended ?? 'ended' };
    }
    this.port.postMessage(request);
    const waited = Atomics.wait(this.flag, 0, 0, this.timeoutMs);
    const state = Atomics.load(this.flag, 0);
    const received = receiveMessageOnPort(this.port)?.message as HostMessage | undefined;
    if (received?.output) this.writeStderr(received.output);
    if (received) return received.reply;
    if (state === ENDED) this.end(this.exited());
    else if (waited === 'timed-out')
      this.end(`did not return within ${Math.round(this.timeoutMs / 1000)} s (${what}); stopped`);
    else if (state !== REPLIED) this.end('the plugin thread stopped answering');
    return { op: request.op, error: this.ended ?? 'no answer' };
  }

  /** What to say when the thread ended by process.exit (its code is in flag[1]). */
  private exited(): string {
    return `called process.exit(${Atomics.load(this.flag, 1)}); a transform cannot end the run (throw an Error instead)`;
  }

  private end(reason: string): void {
    this.ended = reason;
    void this.worker.terminate();
  }
}

let thread: PluginThread | undefined;

function pluginThread(
  env: Readonly<Record<string, string | undefined>> = process.env,
): PluginThread {
  const given = Number(env['KWT_PLUGIN_TIMEOUT_MS']);
  return (thread ??= new PluginThread(
    Number.isFinite(given) && given > 0 ? given : DEFAULT_PLUGIN_TIMEOUT_MS,
    (text) => void process.stderr.write(text),
  ));
}

/**
 * Whether the plugin thread is still whole after the run's last call into it: a transform that left a timer calling
 * process.exit ended it, and the run must fail before it writes. Undefined when all is well (or no plugin ran).
 * @lazy: loaded with require() by load-module (checkPluginsWhole).
 */
export function pluginThreadFailure(): string | undefined {
  // An end a call already returned was reported there, as that transform's failure.
  if (thread === undefined || thread.hasEnded) return undefined;
  return (thread.call({ op: 'ping' }, 'the end of the run') as Extract<HostReply, { op: 'ping' }>)
    .error;
}

/**
 * Loads a module in the plugin thread; what it exported comes back as data, with apply as a call into the thread.
 * @lazy: loaded with require() by load-module.
 */
export function loadInThread(specifier: string, file: string): Record<string, unknown> {
  const host = pluginThread();
  const loaded = host.call({ op: 'load', specifier, file }, `loading ${specifier}`) as Extract<
    HostReply,
    { op: 'load' }
  >;
  if (loaded.error !== undefined) {
    if (loaded.code === 'ERR_REQUIRE_ASYNC_MODULE')
      throw new KwtError(
        'config',
        `cannot load transform module "${specifier}": it uses top-level await; move that work into apply()`,
      );
    throw new KwtError('config', `cannot load transform module "${specifier}": ${loaded.error}`);
  }
  const shape = loaded.shape as ModuleShape;
  return definition(shape, host.modules++, host);
}

/**
 * The module as an object for checkTransformShape: its data fields as exported, and apply and checkOptions as calls
 * into the thread (or, when the module's were not functions, what they were, for the check to name).
 */
function definition(
  shape: ModuleShape,
  module: number,
  host: PluginThread,
): Record<string, unknown> {
  const id = typeof shape.id === 'string' ? shape.id : '(no id)';
  const apply = (_workflow: JsonObject, ctx: TransformContext<never>): JsonObject => {
    // One call per step over the whole batch, kept in the step's memo; a failure of the call is kept too (one wait).
    const outcomes = ctx.memo(`kwt:plugin-thread:${module}`, () => {
      const reply = host.call(
        {
          op: 'step',
          module,
          options: ctx.options as unknown as JsonObject,
          app: ctx.app,
          batch: ctx.batch,
        },
        `transform "${id}"`,
      ) as Extract<HostReply, { op: 'step' }>;
      return reply.outcomes ?? reply.error ?? 'no answer';
    });
    if (typeof outcomes === 'string') throw new Error(outcomes);
    const outcome = outcomes[ctx.index] as StepOutcome;
    replay(outcome, ctx);
    if (outcome.failure !== undefined) throw new Error(outcome.failure);
    return outcome.workflow as JsonObject;
  };
  const checkOptions = (options: JsonObject): readonly string[] => {
    const reply = host.call({ op: 'check', module, options }, `checkOptions of "${id}"`) as Extract<
      HostReply,
      { op: 'check' }
    >;
    if (reply.error !== undefined) throw new Error(reply.error);
    return reply.problems ?? [];
  };
  return {
    id: shape.id,
    description: shape.description,
    ...(shape.options !== undefined ? { options: shape.options } : {}),
    ...(shape.needsApp !== undefined ? { needsApp: shape.needsApp } : {}),
    ...(shape.checkOptions === 'function'
      ? { checkOptions }
      : shape.checkOptions === 'other'
        ? { checkOptions: 'not a function' }
        : {}),
    ...(shape.apply ? { apply } : {}),
  };
}

/** What the transform did to its context in the thread, done again on the real one, in order. */
function replay(outcome: StepOutcome, ctx: TransformContext<never>): void {
  for (const call of outcome.calls) {
    switch (call[0]) {
      case 'setting':
        ctx.contribute.setting(call[1], call[2], call[3] as never);
        break;
      case 'hook':
        ctx.contribute.hook(call[1] as never);
        break;
      case 'trigger':
        ctx.contribute.trigger(call[1] as never);
        break;
      case 'dependency':
        ctx.contribute.dependency(call[1], call[2]);
        break;
      case 'secret':
        ctx.secret(call[1]);
        break;
      case 'warn':
        ctx.warn(call[1], call[2]);
        break;
      case 'error':
        ctx.error(call[1], call[2]);
        break;
    }
  }
}
