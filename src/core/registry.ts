// The built-in transforms, by id. Adding a transform: one file in transforms/ and one line here.
import type { TransformDefinition } from './transform';
import stripMetadata from '../../transforms/strip-metadata';
import denamespace from '../../transforms/denamespace';
import rename from '../../transforms/rename';
import swapHookEvents from '../../transforms/swap-hook-events';
import appSettings from '../../transforms/app-settings';
import jsonpath from '../../transforms/jsonpath';

// Built-ins are typed loosely here: each validates its own options before apply sees them.
type AnyTransform = TransformDefinition<never>;

export const BUILT_INS: readonly AnyTransform[] = [
  stripMetadata,
  denamespace,
  rename,
  swapHookEvents,
  appSettings,
  jsonpath,
] as unknown as AnyTransform[];

const byId = new Map<string, AnyTransform>(BUILT_INS.map((t) => [t.id, t]));

export function findBuiltIn(id: string): AnyTransform | undefined {
  return byId.get(id);
}
