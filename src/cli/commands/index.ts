// Every command, in the order `kwt --help` lists them. A new command is a module in this folder and a line here.
import type { Command } from '../command';
import transform from './transform';
import validate from './validate';
import init from './init';
import graph from './graph';
import pull from './pull';
import release from './release';
import register from './register';
import list from './list';
import schema from './schema';
import completion from './completion';

// Each declaration keeps its own argument type; the list only needs what every command has.
export const COMMANDS: readonly Command[] = [transform, validate, init, graph, pull, release, register, list, schema, completion] as never;
