#!/usr/bin/env node
// The `kwt` executable: runs main() and sets the exit code, here and only here.
import * as nodeModule from 'node:module';

// Node 22.1+ keeps compiled code between runs when asked; older Node compiles as usual.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // The one command line answered before yargs loads (`kwt --version` in a CI log should cost what node does);
  // anything else, `--version` among other words included, is yargs'.
  const { packageInfo } = require('../core/version') as typeof import('../core/version');
  process.stdout.write(packageInfo().version + '\n');
} else run();

function run(): void {
  // Loaded after the compile cache is on, so they compile through it.
  const { main } = require('./main') as typeof import('./main');
  const { nodeIo, stdoutFailed } = require('../io/io') as typeof import('../io/io');
  void main(argv, nodeIo()).then((code) => {
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
}
