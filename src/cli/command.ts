// What a command is: its usage line, description, examples, positionals and flags, declared once as data
// (src/cli/commands/<name>.ts), and a handler (commands/index.ts). yargs' builder, the handler's argument type,
// completion and the flag checks are all derived from the declaration, so a new flag is one entry there.
import type { Argv, Options } from 'yargs';
import { KwtError } from '../core/errors';
import type { Io } from '../io/io';

/** One flag. The fields are yargs' own, plus `optionalValue`. */
export interface FlagDecl {
  type: 'string' | 'boolean' | 'number';
  describe: string;
  alias?: string;
  /** Repeatable: the handler gets a list. Every other flag given twice is a usage error. */
  array?: boolean;
  default?: string | boolean | number;
  choices?: readonly string[];
  demandOption?: boolean;
  /**
   * The flag alone means its default file (`init --write`), so an empty value is accepted. Any other string flag given
   * an empty value is refused: `-o "$OUT"` with OUT unset is a broken CI variable, never a choice.
   */
  optionalValue?: boolean;
  /** Turns the text into the value the handler gets (a size into bytes); a thrown error is a usage error. */
  coerce?: (text: string) => unknown;
}

export interface PositionalDecl {
  describe: string;
  array?: boolean;
}

export type Flags = Readonly<Record<string, FlagDecl>>;
type Positionals = Readonly<Record<string, PositionalDecl>>;

/** `dry-run` -> `dryRun`, as yargs names the parsed value. */
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : S;
type Scalar<D> = D extends { coerce: (text: string) => infer R }
  ? R
  : D extends { type: 'boolean' }
    ? boolean
    : D extends { type: 'number' }
      ? number
      : D extends { choices: readonly (infer C)[] }
        ? C
        : string;
type Value<D> = D extends { array: true } ? Scalar<D>[] : Scalar<D>;
/** A flag with a default or demanded is always present. */
type Present<D> = D extends { default: unknown }
  ? true
  : D extends { demandOption: true }
    ? true
    : false;

/** The arguments a handler gets, derived from its command's declaration. */
export type ArgsOf<F extends Flags, P extends Positionals = Record<never, PositionalDecl>> = {
  [K in keyof F as Present<F[K]> extends true ? Camel<K & string> : never]: Value<F[K]>;
} & {
  [K in keyof F as Present<F[K]> extends true ? never : Camel<K & string>]?: Value<F[K]>;
} & {
  [K in keyof P]: P[K] extends { array: true } ? string[] : string;
};

/** What a command is, as data: everything yargs and completion need, nothing that runs. */
export interface Declaration<F extends Flags = Flags, P extends Positionals = Positionals> {
  /** yargs' usage: the name, then `<inputs..>` (one or more) or `<app>` (exactly one). */
  command: string;
  describe: string;
  examples?: readonly (readonly [string, string])[];
  positionals?: P;
  flags: F;
}

/** A declaration with its handler, as the registry (commands/index.ts) lists it. */
export interface Command<
  F extends Flags = Flags,
  P extends Positionals = Positionals,
> extends Declaration<F, P> {
  /** Loads what the command needs only when it runs: `kwt list` never pays for the pipeline or ajv. */
  handler: (args: ArgsOf<F, P>, io: Io) => Promise<number> | number;
}

/** The command's name, the first word of its usage. */
export function nameOf(command: Pick<Declaration, 'command'>): string {
  return command.command.split(' ')[0] as string;
}

/** Keeps the declaration's literal types, so `ArgsOf` knows each flag's value. */
export function declareCommand<
  const F extends Flags,
  const P extends Positionals = Record<never, PositionalDecl>,
>(declaration: Declaration<F, P>): Declaration<F, P> {
  return declaration;
}

/** A declared command with the handler that runs it, typed by the declaration. */
export function withHandler<F extends Flags, P extends Positionals>(
  declaration: Declaration<F, P>,
  handler: Command<F, P>['handler'],
): Command {
  return { ...declaration, handler } as unknown as Command;
}

/** The yargs builder for a declaration. */
export function builderOf(command: Declaration): (y: Argv) => Argv {
  return (y) => {
    let out = y;
    for (const [usage, description] of command.examples ?? [])
      out = out.example(usage, description);
    for (const [name, p] of Object.entries(command.positionals ?? {}))
      out = out.positional(name, { type: 'string', ...p });
    for (const [name, flag] of Object.entries(command.flags)) {
      const { optionalValue: _ignored, ...yargsOptions } = flag;
      out = out.option(name, yargsOptions as Options);
    }
    return out;
  };
}

/** Refuses what yargs would silently misread: a single-value flag given twice, an empty value where a value is needed. */
export function checkFlags(command: Declaration, args: Record<string, unknown>): void {
  for (const [name, flag] of Object.entries(command.flags)) {
    const value = args[name];
    if (!flag.array && Array.isArray(value))
      throw new KwtError('usage', `--${name} was given ${value.length} times; it takes one value`);
    if (flag.type === 'string' && !flag.optionalValue && !flag.array && value === '') {
      throw new KwtError(
        'usage',
        `--${name} is empty (an unset variable?); give a value or leave the flag out`,
      );
    }
  }
}
