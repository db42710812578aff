// Formats problems (transform, input and validation) one per line, masked, for people.
import type { Problem } from '../core/transform';
import type { Redactor } from '../core/secrets';

export function formatProblem(p: Problem, redactor: Redactor): string {
  const where = [p.file ?? '', p.pointer ? `#${p.pointer}` : ''].join('');
  const workflow = p.workflow ? ` (${p.workflow})` : '';
  const label = p.severity === 'error' ? 'error  ' : 'warning';
  const head = `${where}${workflow}`.trim();
  return redactor.maskText(`${label} ${head ? `${head}: ` : ''}${p.message} [${p.code}]`);
}

export function countBySeverity(problems: readonly Problem[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const p of problems) {
    if (p.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}
