// The run as a SARIF 2.1.0 log (`--report sarif`), for GitHub code scanning and other SARIF viewers.
import type * as Sarif from 'sarif';
import * as path from 'node:path';
import { RULES } from '../validate/rules';
import type { Redactor } from '../core/secrets';
import type { Json } from '../core/json';
import { allProblems, type RunReport } from './run-report';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF locations are URIs relative to the working folder (code scanning maps them onto the repository). */
function artifactUri(file: string, cwd: string): string {
  const relative = path.isAbsolute(file) ? path.relative(cwd, file) : file;
  return relative.split(path.sep).map(encodeURIComponent).join('/');
}

/** @lazy: loaded with require() by --report sarif. */
export function toSarif(report: RunReport, redactor: Redactor, cwd: string): string {
  const rules: Sarif.ReportingDescriptor[] = RULES.map((r) => ({
    id: r.code,
    shortDescription: { text: r.description },
    defaultConfiguration: { level: r.severity === 'error' ? 'error' : 'warning' },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results: Sarif.Result[] = allProblems(report).map((p) => {
    const result: Sarif.Result = {
      ruleId: p.code,
      level: p.severity === 'error' ? 'error' : 'warning',
      message: { text: p.message },
    };
    const index = ruleIndex.get(p.code);
    if (index !== undefined) result.ruleIndex = index;
    if (p.file !== undefined && p.file !== '-' && !p.file.startsWith('(')) {
      const physical: Sarif.PhysicalLocation = {
        artifactLocation: { uri: artifactUri(p.file, cwd), uriBaseId: '%SRCROOT%' },
      };
      if (p.line !== undefined)
        physical.region = {
          startLine: p.line,
          ...(p.column !== undefined ? { startColumn: p.column } : {}),
        };
      result.locations = [
        {
          physicalLocation: physical,
          ...(p.pointer !== undefined
            ? { logicalLocations: [{ fullyQualifiedName: p.pointer, kind: 'object' }] }
            : {}),
        },
      ];
    }
    if (p.workflow !== undefined) result.properties = { workflow: p.workflow };
    return result;
  });
  const log: Sarif.Log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kwt',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules,
          },
        },
        originalUriBaseIds: {
          '%SRCROOT%': {
            uri: 'file://' + cwd.split(path.sep).map(encodeURIComponent).join('/') + '/',
          },
        },
        invocations: [{ executionSuccessful: report.exitCode !== 2, exitCode: report.exitCode }],
        results,
      },
    ],
  };
  return JSON.stringify(redactor.maskJson(log as unknown as Json), null, 2) + '\n';
}
