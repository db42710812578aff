#!/usr/bin/env node
// The `kwt` executable: runs main() and sets the exit code, here and only here.
import * as nodeModule from 'node:module';

// Node 22.1+ keeps compiled code between runs when asked; older Node compiles as usual.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
// Loaded after the compile cache is on, so they compile through it.
const { main } = require('./main') as typeof import('./main');
const { nodeIo, stdoutFailed } = require('../io/io') as typeof import('../io/io');
void main(process.argv.slice(2), nodeIo()).then((code) => {
  process.exitCode = code;
  // stdout errors arrive as events, possibly after main returned: a full disk still ends the run with 2.
  process.on('beforeExit', () => {
    const failure = stdoutFailed();
    if (failure && process.exitCode !== 2) {
      process.stderr.write(`kwt: ${failure}\n`);
      process.exitCode = 2;
    }
  });
});
