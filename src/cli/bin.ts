#!/usr/bin/env node
// The `kwt` executable: a fast path for --version, then main(); the exit code is set here and only here.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // Answer without loading yargs or the core: `kwt --version` should cost little more than starting node.
  const { packageInfo } = require('../core/version') as typeof import('../core/version');
  process.stdout.write(packageInfo().version + '\n');
} else {
  // main is the bundled CLI (scripts/bundle-cli.ts), compiled through its code cache when one fits; the process edge comes
  // from it too, so there is one copy of its state.
  const { requireCached } = require('../io/code-cache') as typeof import('../io/code-cache');
  const { main, nodeIo, stdoutFailed } = requireCached<typeof import('./main')>(`${__dirname}/main.js`).exports;
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
