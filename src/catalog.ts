// The composition root of what kwt knows: built-in transforms and validation rule codes, handed to the config resolver.
import type { ConfigCatalog } from './core/config';
import { BUILT_IN_CATALOG } from '../transforms';
import { RULE_CODES } from './validate/rules';

export const CATALOG: ConfigCatalog = { transforms: BUILT_IN_CATALOG, ruleCodes: RULE_CODES };
