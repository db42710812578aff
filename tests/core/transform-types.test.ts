// The built-ins' option types are derived from their JSON Schemas (OptionsOf): the compiler holds them together.
// `npm run typecheck` checks this file; each @ts-expect-error fails the build if the derived type stops rejecting it.
import denamespace from '../../transforms/denamespace';
import appSettings from '../../transforms/app-settings';

type DenamespaceOptions = Parameters<typeof denamespace.apply>[1]['options'];
type AppSettingsOptions = Parameters<typeof appSettings.apply>[1]['options'];

const resolved: DenamespaceOptions = { namespaces: ['billing'], dependencies: true };

// @ts-expect-error a key the schema does not declare is not an option
const unknownKey: DenamespaceOptions = { namespaces: [], dependencies: false, namespace: [] };

// @ts-expect-error a defaulted option is always present once resolved
const missingDefault: DenamespaceOptions = { dependencies: false };

// @ts-expect-error the schema's enum is the type: "warn" is not an unmapped mode
const badEnum: AppSettingsOptions['unmapped'] = 'warn';

const spec: AppSettingsOptions['values'][number] = {
  match: 'https://api.example.com',
  setting: 'default.baseUrl',
  required: true,
};

test('derived option types accept what the schemas accept', () => {
  expect([resolved, unknownKey, missingDefault, badEnum, spec]).toHaveLength(5);
});
