// GitHub Actions workflow commands (`::error file=…,line=…::message`): findings shown on the pull request's lines.
// Paths are made relative to the working folder: GitHub places annotations by repository-relative path.
import * as path from 'node:path';
import type { Problem } from '../core/transform';
import type { Redactor } from '../core/secrets';

/** Data escaping of workflow commands: what would end the message or start another command. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also may not contain the separators `:` and `,`. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Masking comes first: escaping could split a secret so that the mask no longer finds it. */
export function formatGithub(
  problems: readonly Problem[],
  redactor: Redactor,
  cwd: string,
): string {
  const mask = (text: string): string => redactor.maskText(text);
  return problems
    .map((p) => {
      const props = [
        ...(p.file !== undefined && p.file !== '-' && !p.file.startsWith('(')
          ? [
              `file=${escapeProperty(mask(path.isAbsolute(p.file) ? path.relative(cwd, p.file) : p.file))}`,
            ]
          : []),
        ...(p.line !== undefined ? [`line=${p.line}`] : []),
        ...(p.column !== undefined ? [`col=${p.column}`] : []),
        `title=${escapeProperty(`kwt ${p.code}`)}`,
      ];
      const where =
        p.pointer !== undefined
          ? ` (#${p.pointer}${p.workflow !== undefined ? `, ${p.workflow}` : ''})`
          : '';
      return `::${p.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(mask(p.message + where))}\n`;
    })
    .join('');
}
