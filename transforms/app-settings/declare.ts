// app-settings, its declarations: each replaced value becomes one setting, declared once per workflow, never shipping the
// source org's secret, credential, id or host as a default.
import { type Json, type Path, toPointer } from '../../src/core/json';
import { hasCredential } from '../../src/core/credentials';
import type { SettingDeclaration, TransformContext } from '../../src/core/transform';
import { defaultOf, isOrgSpecific, typeOfLiteral } from './literals';
import type { Options, SettingSpec } from './options';

/** `<category>` and `<name>` of a "<category>.<name>" setting, filled into a reference template. */
export function fillTemplate(template: string, setting: string): string {
  const [category, name] = setting.split('.') as [string, string];
  return template.replace('<category>', category).replace('<name>', name);
}

/** Declares settings for one workflow: the first declaration of a setting wins when the block is built, so later ones are skipped. */
export function settingDeclarer(
  ctx: TransformContext<Options>,
  workflowName: string,
): (spec: SettingSpec, literal: Json, at: string | Path) => void {
  const declared = new Set<string>();
  return (spec, literal, at) => {
    let type = spec.type ?? typeOfLiteral(literal);
    if (
      type !== 'secret' &&
      typeof literal === 'string' &&
      hasCredential(literal, { key: typeof at === 'string' ? undefined : at[at.length - 1] })
    ) {
      // Never ship a credential as a default that every installing org would receive.
      ctx.warn(
        `setting ${spec.setting} would default to a credential; declared it secret with an empty default (set type "secret" to say so)`,
      );
      type = 'secret';
    }
    const secret = type === 'secret';
    if (secret && typeof literal === 'string') ctx.secret(literal);
    if (declared.has(spec.setting)) return;
    declared.add(spec.setting);
    const where = typeof at === 'string' ? at : toPointer(at);
    const [category, name] = spec.setting.split('.') as [string, string];
    // The source org's id or host is wrong for every other org: such a setting starts empty and must be filled in.
    const orgOnly = secret || isOrgSpecific(literal);
    const declaration: SettingDeclaration = {
      type,
      defaultValue:
        spec.defaultValue !== undefined && !secret
          ? spec.defaultValue
          : orgOnly
            ? ''
            : defaultOf(literal),
      required: spec.required ?? orgOnly,
      ...(spec.hidden !== undefined ? { hidden: spec.hidden } : {}),
      description: spec.description ?? `Replaces the value found at ${where} of ${workflowName}`,
      ...(spec.displayName !== undefined ? { displayName: spec.displayName } : {}),
    };
    ctx.contribute.setting(category, name, declaration);
  };
}
