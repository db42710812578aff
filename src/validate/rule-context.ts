// What every rule is given: the report function and the facts about the whole block. Its own module, so the structural
// rules (workflow-rules.ts) and the string rules (string-rules.ts) share them without importing each other.
import type { Severity } from '../core/transform';
import type { SecretMatcher } from '../core/secret-matcher';
import type { RuleCode } from './rules';
import type { Proposal } from '../core/proposal';

/** Reports one finding: a registered code, so a typo does not compile; with the fix when the rule can propose one. */
export type Report = (
  code: RuleCode,
  severity: Severity,
  pointer: string,
  message: string,
  proposals?: Proposal[],
) => void;

/** Facts about the whole block that single-workflow rules need. */
export interface BlockFacts {
  /** Root `id`s of the block's workflows. */
  workflowIds: ReadonlySet<string>;
  /** Literals declared secret in this run, as one matcher. */
  secrets: SecretMatcher;
  /** Credentials the detectors found in the exports, in every output form: one still in the result is an error. */
  exportCredentials?: SecretMatcher;
  /** Hears the value of each credential found, so the run masks it everywhere (never printed). */
  onCredential?: (value: string) => void;
  /** Literal values declared as setting defaults: such 24-hex ids are intended, not leftovers. */
  declaredValues: ReadonlySet<string>;
  /** `<category>.<name>` of every declared setting, when the document declares settings (app definitions, blocks). */
  settingsDeclared?: ReadonlySet<string>;
}
