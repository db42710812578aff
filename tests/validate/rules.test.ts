// Every validation rule: one document that breaks it (the code must be reported at the right pointer)
// and one near miss that must not trigger it. The base app definition itself validates with no problem.
import { validateDocument, type ValidateOptions } from '../../src/validate/validate';
import type { Json } from '../../src/core/json';

const HEX_A = '5f0c0a1b2c3d4e5f60718293';
const HEX_B = '6501a2b3c4d5e6f708192a60';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function workflow(): Doc {
  return {
    name: 'acme-order-posted',
    description: 'Tags each posted order',
    trigger: {
      id: '1',
      eventName: 'kustomer.app.acme.order.posted',
      appVersion: 'acme-^1.0.0',
      transitions: [
        {
          target: 'a1',
          condition: {
            op: 'and',
            values: [{ op: 'exists', values: ['/#steps.1.attributes.data.id'] }],
          },
        },
      ],
    },
    steps: [
      {
        id: 'a1',
        action: 'kustomer.rest-api.json',
        params: {
          uri: '{{{settings.default.baseUrl}}}/orders',
          headers: { Authorization: 'Bearer {{{settings.default.apiToken}}}' },
        },
        transitions: [{ target: 'a2' }],
      },
      {
        id: 'a2',
        action: 'kustomer.conversation.update',
        params: { id: '/#steps.1.attributes.data.id', tags: ['{{{steps.a1.body.tag}}}'] },
        transitions: [],
      },
    ],
  };
}

function app(): Doc {
  return {
    app: 'acme',
    version: '1.0.0',
    title: 'Acme',
    workflows: [workflow()],
    settings: {
      default: {
        baseUrl: {
          type: 'string',
          defaultValue: 'https://api.acme.example',
          required: true,
          description: 'API base URL',
        },
        apiToken: { type: 'secret', defaultValue: '', required: true, description: 'API token' },
      },
    },
    hooks: [
      {
        eventName: 'kustomer.app.acme.order.posted',
        displayEventName: 'Order posted',
        description: 'An order was posted',
        type: 'web',
      },
    ],
    triggers: [{ eventName: 'kustomer.app.acme.order.posted', description: 'An order was posted' }],
    i18n: {
      en_us: {
        'acme.settings.path.default.baseUrl.displayName': 'API base URL',
        'acme.settings.path.default.apiToken.displayName': 'API token',
      },
    },
  };
}

interface RuleCase {
  code: string;
  severity: 'error' | 'warning';
  /** Breaks the rule; `pointer` is where the problem must be reported. */
  invalid: (d: Doc) => void;
  pointer: string;
  /** A near miss that must not trigger the rule. */
  valid: (d: Doc) => void;
  options?: ValidateOptions;
}

const w = (d: Doc): Doc => d.workflows[0];

const cases: RuleCase[] = [
  {
    code: 'name-format',
    severity: 'error',
    pointer: '/workflows/0/name',
    invalid: (d) => (w(d).name = 'Order Posted'),
    valid: (d) => (w(d).name = 'acme_orders.v2-posted'),
  },
  {
    code: 'name-format',
    severity: 'error',
    pointer: '/workflows/0/name',
    invalid: (d) => (w(d).name = 'a'.repeat(129)),
    valid: (d) => (w(d).name = 'a'.repeat(128)),
  },
  {
    code: 'name-unique',
    severity: 'error',
    pointer: '/workflows/1/name',
    invalid: (d) => d.workflows.push(workflow()),
    valid: (d) => d.workflows.push({ ...workflow(), name: 'acme-order-posted-2' }),
  },
  {
    code: 'duplicate-workflow-id',
    severity: 'error',
    pointer: '/workflows/1/id',
    // A renamed called workflow regenerated without --prune: two names, one id.
    invalid: (d) => {
      w(d).id = HEX_A;
      d.workflows.push({ ...workflow(), name: 'acme-order-posted-2', id: HEX_A });
    },
    valid: (d) => {
      w(d).id = HEX_A;
      d.workflows.push({
        ...workflow(),
        name: 'acme-order-posted-2',
        id: HEX_A.replace(/^./, 'f'),
      });
    },
  },
  {
    code: 'duplicate-event-name',
    severity: 'error',
    pointer: '/hooks/1/eventName',
    invalid: (d) => d.hooks.push({ ...d.hooks[0] }),
    valid: () => undefined,
  },
  {
    code: 'duplicate-event-name',
    severity: 'error',
    pointer: '/triggers/1/eventName',
    invalid: (d) => d.triggers.push({ ...d.triggers[0] }),
    valid: () => undefined,
  },
  {
    code: 'description-length',
    severity: 'error',
    pointer: '/workflows/0/description',
    invalid: (d) => (w(d).description = 'x'.repeat(4097)),
    valid: (d) => (w(d).description = 'x'.repeat(4096)),
  },
  {
    code: 'unknown-key',
    severity: 'error',
    pointer: '/workflows/0/steps/0/notes',
    invalid: (d) => (w(d).steps[0].notes = 'hi'),
    valid: (d) => (w(d).steps[0].meta = { displayName: 'Call API' }),
  },
  {
    code: 'unknown-key',
    severity: 'error',
    pointer: '/workflows/0/trigger/transitions/0/label',
    invalid: (d) => (w(d).trigger.transitions[0].label = 'x'),
    valid: (d) => (w(d).trigger.transitions[0].meta = { label: 'x' }),
  },
  {
    code: 'server-field',
    severity: 'error',
    pointer: '/workflows/0/rev',
    invalid: (d) => (w(d).rev = 3),
    valid: (d) => (w(d).response = { schema: {} }),
  },
  {
    code: 'server-field',
    severity: 'error',
    pointer: '/workflows/0/steps/1/_id',
    invalid: (d) => (w(d).steps[1]._id = HEX_A),
    valid: (d) => (w(d).steps[1].appVersion = 'acme-^1.0.0'),
  },
  {
    code: 'step-id-unique',
    severity: 'error',
    pointer: '/workflows/0/steps/1/id',
    invalid: (d) => (w(d).steps[1].id = 'a1'),
    valid: (d) => (w(d).steps[1].id = 'a2'),
  },
  {
    code: 'step-id-unique',
    severity: 'error',
    pointer: '/workflows/0/steps/0/id',
    invalid: (d) => {
      w(d).steps[0].id = '1';
      w(d).trigger.transitions[0].target = 'a2';
      w(d).steps[1].params.tags = [];
    },
    valid: (d) => (w(d).steps[0].id = 'a1'),
  },
  {
    code: 'transition-target',
    severity: 'error',
    pointer: '/workflows/0/steps/0/transitions/0/target',
    invalid: (d) => (w(d).steps[0].transitions[0].target = 'zz'),
    valid: (d) => (w(d).steps[0].transitions[0].target = 'a2'),
  },
  {
    code: 'transition-target',
    severity: 'error',
    pointer: '/workflows/0/steps/0/transitions/0/target',
    invalid: (d) => (w(d).steps[0].transitions[0].target = '1'),
    valid: () => undefined,
  },
  {
    code: 'transition-cycle',
    severity: 'error',
    pointer: '/workflows/0/steps',
    invalid: (d) => (w(d).steps[1].transitions = [{ target: 'a1' }]),
    // A diamond joins two branches without looping.
    valid: (d) => {
      w(d).steps[0].transitions = [
        { target: 'a2', condition: { op: 'eq', values: ['/#steps.a1.status', 200] } },
        { target: 'a3' },
      ];
      w(d).steps.push({ id: 'a3', transitions: [{ target: 'a2' }] });
    },
  },
  {
    code: 'unreachable-step',
    severity: 'warning',
    pointer: '/workflows/0/steps/2',
    invalid: (d) =>
      w(d).steps.push({ id: 'a3', action: 'kustomer.conversation.update', params: {} }),
    valid: (d) => {
      w(d).steps.push({ id: 'a3', params: {} });
      w(d).steps[1].transitions = [{ target: 'a3' }];
    },
  },
  {
    code: 'step-reference',
    severity: 'error',
    pointer: '/workflows/0/steps/1/params/tags/0',
    invalid: (d) => (w(d).steps[1].params.tags = ['{{{steps.zz.body.tag}}}']),
    valid: (d) => (w(d).steps[1].params.tags = ['{{{steps.a1.body.tag}}}']),
  },
  {
    code: 'step-reference',
    severity: 'error',
    pointer: '/workflows/0/steps/1/params/id',
    invalid: (d) => (w(d).steps[1].params.id = '/#fn:lowercase,steps.zz.id'),
    valid: (d) => (w(d).steps[1].params.id = '/#fn:lowercase,steps.a1.id'),
  },
  {
    code: 'step-reference',
    severity: 'error',
    pointer: '/workflows/0/steps/1/params/id',
    invalid: (d) => (w(d).steps[1].params.id = '/#steps.a9.id'),
    valid: (d) => (w(d).steps[1].params.id = '/#steps.1.id'),
  },
  {
    code: 'condition-op',
    severity: 'error',
    pointer: '/workflows/0/trigger/transitions/0/condition/values/0/op',
    invalid: (d) => (w(d).trigger.transitions[0].condition.values[0].op = 'equals'),
    valid: (d) => (w(d).trigger.transitions[0].condition.values[0].op = 'dne'),
  },
  {
    code: 'condition-shape',
    severity: 'error',
    pointer: '/workflows/0/trigger/transitions/0/condition/values',
    invalid: (d) => (w(d).trigger.transitions[0].condition.values = []),
    valid: (d) => (w(d).trigger.transitions[0].condition.op = 'or'),
  },
  {
    code: 'condition-shape',
    severity: 'error',
    pointer: '/workflows/0/trigger/transitions/0/condition/values',
    invalid: (d) => (w(d).trigger.transitions[0].condition.values = { op: 'exists' }),
    valid: () => undefined,
  },
  {
    code: 'condition-shape',
    severity: 'error',
    pointer: '/workflows/0/steps/0/errorCases/0/errorAction',
    invalid: (d) =>
      (w(d).steps[0].errorCases = [
        { condition: { op: 'true', values: [] }, errorAction: { type: 'explode' } },
      ]),
    valid: (d) =>
      (w(d).steps[0].errorCases = [
        { condition: { op: 'true', values: [] }, errorAction: { type: 'retry-action' } },
      ]),
  },
  {
    code: 'org-hook-event',
    severity: 'error',
    pointer: '/workflows/0/trigger/eventName',
    invalid: (d) => (w(d).trigger.eventName = `kustomer.hooks.web.${HEX_A}.receive`),
    valid: (d) => (w(d).trigger.eventName = 'kustomer.app.acme.web.receive'),
  },
  {
    code: 'workflow-variable',
    severity: 'error',
    pointer: '/workflows/0/steps/0/params/uri',
    invalid: (d) => (w(d).steps[0].params.uri = '{{{variables.a1b2c3}}}/orders'),
    valid: (d) => (w(d).steps[0].params.uri = '{{{settings.default.baseUrl}}}/variables'),
  },
  {
    code: 'workflow-variable',
    severity: 'error',
    pointer: '/workflows/0/trigger/transitions/0/condition/values/0/values/0',
    invalid: (d) =>
      (w(d).trigger.transitions[0].condition.values[0].values = ['/#variables.a1b2c3']),
    valid: (d) =>
      (w(d).trigger.transitions[0].condition.values[0].values = ['/#settings.default.baseUrl']),
  },
  {
    code: 'workflow-variable',
    severity: 'error',
    pointer: '/workflows/0/steps/0/params/runAt',
    invalid: (d) => (w(d).steps[0].params.runAt = '/#fn:parseInt,variables.a1b2c3'),
    valid: (d) => (w(d).steps[0].params.runAt = '/#fn:parseInt,settings.default.baseUrl'),
  },
  {
    code: 'undeclared-setting',
    severity: 'error',
    pointer: '/workflows/0/steps/0/params/runAt',
    invalid: (d) => (w(d).steps[0].params.runAt = '/#fn:parseInt,settings.default.delay'),
    valid: (d) => (w(d).steps[0].params.runAt = '/#fn:parseInt,settings.default.baseUrl'),
  },
  {
    code: 'org-host',
    severity: 'error',
    pointer: '/workflows/0/steps/0/params/uri',
    invalid: (d) =>
      (w(d).steps[0].params.uri = 'https://acmecorp.api.kustomerapp.com/v1/customers'),
    valid: (d) => (w(d).steps[0].params.uri = 'https://api.kustomerapp.com/v1/customers'),
  },
  {
    code: 'org-store-domain',
    severity: 'error',
    pointer: '/workflows/0/steps/0/params/uri',
    invalid: (d) =>
      (w(d).steps[0].params.uri = 'https://acme-outlet.myshopify.com/admin/api/orders.json'),
    valid: (d) =>
      (w(d).steps[0].params.uri =
        'https://{{{settings.default.store}}}.myshopify.com/admin/api/orders.json'),
  },
  {
    code: 'org-tenant',
    severity: 'error',
    pointer: '/workflows/0/steps/0/params/uri',
    invalid: (d) => (w(d).steps[0].params.uri = 'https://api.acme.example/orders?tenant=acmecorp'),
    valid: (d) =>
      (w(d).steps[0].params.uri =
        'https://api.acme.example/orders?tenant={{{settings.default.tenant}}}'),
  },
  {
    code: 'email-address',
    severity: 'warning',
    pointer: '/workflows/0/steps/1/params/note',
    invalid: (d) => (w(d).steps[1].params.note = 'Escalate to jane.doe@acmecorp.com'),
    valid: (d) => (w(d).steps[1].params.note = 'Escalate to the on-call lead'),
  },
  {
    code: 'output-template',
    severity: 'error',
    pointer: '/workflows/0/trigger/transitions/0/condition/values/0/values/0',
    invalid: (d) => (d.triggers[0].outputTemplate = { orderId: '{{data.id}}' }),
    valid: (d) => (d.triggers[0].description = 'An order was posted (no template)'),
  },
  {
    code: 'settings-i18n',
    severity: 'warning',
    pointer: '/settings/default/apiToken',
    invalid: (d) => delete d.i18n.en_us['acme.settings.path.default.apiToken.displayName'],
    valid: (d) => (d.i18n.en_us['acme.settings.path.default.apiToken.description'] = 'The token'),
  },
  {
    code: 'workflow-id-in-text',
    severity: 'error',
    pointer: '/workflows/0/steps/0/params/uri',
    invalid: (d) => {
      w(d).steps[0].params.uri = `https://api.example.com/v1/workflows/${HEX_B}/call`;
      d.workflows.push({
        id: HEX_B,
        name: 'acme-callee',
        trigger: {
          id: '1',
          eventName: `kustomer.workflow.${HEX_B}.call`,
          callable: true,
          transitions: [],
        },
        steps: [],
      });
    },
    valid: (d) => {
      w(d).steps[0].action = `kustomer.workflow.${HEX_B}.call`;
      d.workflows.push({
        id: HEX_B,
        name: 'acme-callee',
        trigger: {
          id: '1',
          eventName: `kustomer.workflow.${HEX_B}.call`,
          callable: true,
          transitions: [],
        },
        steps: [],
      });
    },
  },
  {
    code: 'hex-id',
    severity: 'warning',
    pointer: '/workflows/0/steps/1/params/note',
    invalid: (d) => (w(d).steps[1].params.note = `Assign to queue ${HEX_A} please`),
    valid: (d) => (w(d).steps[1].params.note = `Assign to queue ${HEX_A}0 please`),
  },
  {
    code: 'org-namespace',
    severity: 'error',
    pointer: '/workflows/0/steps/1/action',
    invalid: (d) => (w(d).steps[1].action = `kustomer.app.acme_${HEX_A}.respond`),
    valid: (d) => (w(d).steps[1].action = 'kustomer.app.acme.respond'),
  },
  {
    code: 'org-namespace',
    severity: 'error',
    pointer: '/workflows/0/trigger/appVersion',
    invalid: (d) => (w(d).trigger.appVersion = `acme_${HEX_A}-^1.0.0`),
    valid: (d) => (w(d).trigger.appVersion = 'acme-^1.0.0'),
  },
  {
    code: 'hex-id',
    severity: 'warning',
    pointer: '/workflows/0/steps/1/params/queue',
    invalid: (d) => (w(d).steps[1].params.queue = HEX_A),
    // The same id declared as a setting's default is intended.
    valid: (d) => {
      w(d).steps[1].params.queue = HEX_A;
      d.settings.default.queue = { type: 'string', defaultValue: HEX_A, required: true };
    },
  },
  {
    code: 'workflow-call',
    severity: 'error',
    pointer: '/workflows/0/steps/1/action',
    invalid: (d) => (w(d).steps[1].action = `kustomer.workflow.${HEX_B}.call`),
    valid: (d) => {
      w(d).steps[1].action = `kustomer.workflow.${HEX_B}.call`;
      d.workflows.push({
        id: HEX_B,
        name: 'acme-callee',
        trigger: {
          id: '1',
          eventName: `kustomer.workflow.${HEX_B}.call`,
          callable: true,
          transitions: [],
        },
        steps: [],
      });
    },
  },
  {
    code: 'workflow-call',
    severity: 'error',
    pointer: '/workflows/0/steps/1/params/workflowId',
    invalid: (d) => {
      w(d).steps[1].action = 'kustomer.scheduler.create';
      w(d).steps[1].params = { workflowId: HEX_B };
    },
    valid: (d) => {
      w(d).steps[1].action = 'kustomer.scheduler.create';
      w(d).steps[1].params = { workflowId: HEX_B };
      d.workflows.push({
        id: HEX_B,
        name: 'acme-callee',
        trigger: {
          id: '1',
          eventName: `kustomer.workflow.${HEX_B}.call`,
          callable: true,
          transitions: [],
        },
        steps: [],
      });
    },
  },
  {
    code: 'credential',
    severity: 'error',
    pointer: '/workflows/0/steps/0/params/headers/Authorization',
    invalid: (d) => (w(d).steps[0].params.headers.Authorization = 'Bearer abcdef0123456789XYZ'),
    valid: (d) =>
      (w(d).steps[0].params.headers.Authorization = 'Bearer {{{settings.default.apiToken}}}'),
  },
  {
    code: 'placeholder-credential',
    severity: 'warning',
    pointer: '/workflows/0/steps/0/params/headers/Authorization',
    invalid: (d) => (w(d).steps[0].params.headers.Authorization = 'Bearer YOUR_ACCESS_TOKEN'),
    valid: (d) =>
      (w(d).steps[0].params.headers.Authorization = 'Bearer {{{settings.default.apiToken}}}'),
  },
  {
    code: 'secret-literal',
    severity: 'error',
    pointer: '/workflows/0/steps/0/params/headers/X-Key',
    options: { secrets: ['hunter2-key'] },
    invalid: (d) => (w(d).steps[0].params.headers['X-Key'] = 'k=hunter2-key'),
    valid: (d) => (w(d).steps[0].params.headers['X-Key'] = '{{{settings.default.apiToken}}}'),
  },
  {
    code: 'app-required-key',
    severity: 'error',
    pointer: '',
    invalid: (d) => delete d.title,
    valid: (d) => (d.title = 'Acme Orders'),
  },
  {
    code: 'app-unknown-key',
    severity: 'error',
    pointer: '/colour',
    invalid: (d) => (d.colour = 'red'),
    valid: (d) => (d.description = 'Orders for Acme'),
  },
  {
    code: 'app-unknown-key',
    severity: 'error',
    pointer: '/color',
    invalid: (d) => (d.color = 'red'),
    valid: (d) => (d.colour = 'red'),
    options: { allowAppKeys: ['colour'] },
  },
  {
    code: 'app-name',
    severity: 'error',
    pointer: '/app',
    invalid: (d) => (d.app = 'Acme Orders!'),
    valid: (d) => (d.app = 'acme_orders'),
  },
  {
    code: 'app-version',
    severity: 'error',
    pointer: '/version',
    invalid: (d) => (d.version = '1.0'),
    valid: (d) => (d.version = '1.2.3'),
  },
  {
    code: 'hook-trigger-pair',
    severity: 'error',
    pointer: '/hooks/0',
    invalid: (d) => (d.triggers = []),
    valid: () => undefined,
  },
  {
    code: 'hook-trigger-pair',
    severity: 'warning',
    pointer: '/triggers/1',
    invalid: (d) => d.triggers.push({ eventName: 'kustomer.app.acme.other', description: 'x' }),
    valid: () => undefined,
  },
  {
    code: 'undeclared-setting',
    severity: 'error',
    pointer: '/workflows/0/steps/0/params/uri',
    invalid: (d) => delete d.settings.default.baseUrl,
    valid: () => undefined,
  },
  {
    code: 'workflow-shape',
    severity: 'error',
    pointer: '/workflows/0/trigger/eventName',
    invalid: (d) => delete w(d).trigger.eventName,
    valid: (d) => {
      delete w(d).trigger.eventName;
      w(d).trigger.callable = true;
    },
  },
  {
    code: 'app-shape',
    severity: 'error',
    pointer: '/workflows',
    invalid: (d) => (d.workflows = {}),
    valid: (d) => (d.workflows = []),
  },
];

function build(mutate: (d: Doc) => void): Doc {
  const d = app();
  mutate(d);
  return d;
}

describe('validation rules', () => {
  test('the base app definition has no problem at all', () => {
    expect(validateDocument(app() as Json, 'app.json')).toEqual([]);
  });

  test.each(cases.map((c, i) => [`${c.code} #${i}`, c] as const))(
    '%s: invalid is reported, the near miss is not',
    (_label, c) => {
      const bad = validateDocument(build(c.invalid), 'app.json', c.options ?? {});
      const hit = bad.find((p) => p.code === c.code);
      expect(hit).toBeDefined();
      expect(hit).toMatchObject({ severity: c.severity, file: 'app.json', pointer: c.pointer });
      expect(hit!.message.length).toBeGreaterThan(10);
      const good = validateDocument(build(c.valid), 'app.json', c.options ?? {});
      expect(good.filter((p) => p.code === c.code)).toEqual([]);
    },
  );

  test('every code the validator can report has a case here', () => {
    const { RULES } =
      require('../../src/validate/rules') as typeof import('../../src/validate/rules');
    const codes = new Set<string>(RULES.map((r) => r.code));
    const covered = new Set(cases.map((c) => c.code));
    expect([...codes].filter((c) => !covered.has(c))).toEqual([]);
  });

  test('a loop is named by its step ids', () => {
    const problems = validateDocument(
      build((d) => (w(d).steps[1].transitions = [{ target: 'a1' }])),
      'app.json',
    );
    expect(problems.find((p) => p.code === 'transition-cycle')!.message).toContain(
      'a1 -> a2 -> a1',
    );
  });

  test('rules can be turned off or down per code', () => {
    const doc = build((d) => (w(d).steps[1].params.queue = HEX_A)) as Json;
    expect(validateDocument(doc, 'x', { rules: { 'hex-id': 'off' } })).toEqual([]);
    expect(
      validateDocument(build((d) => (w(d).rev = 1)) as Json, 'x', {
        rules: { 'server-field': 'warning' },
      })[0]!.severity,
    ).toBe('warning');
  });

  test('a secret never appears in a message', () => {
    const doc = build((d) => (w(d).steps[0].params.headers['X-Key'] = 'hunter2-key')) as Json;
    const problems = validateDocument(doc, 'app.json', { secrets: ['hunter2-key'] });
    expect(problems.some((p) => p.code === 'secret-literal')).toBe(true);
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });

  test('plain workflows and workflows blocks are validated too (no app rules)', () => {
    const plain = validateDocument(workflow(), 'w.json');
    expect(plain).toEqual([]);
    const block = validateDocument({ workflows: [workflow()] }, 'b.json');
    // A block without settings cannot declare them: the references are reported.
    expect(block.map((p) => p.message)).toEqual([
      'uses setting default.baseUrl, which "settings" does not declare',
      'uses setting default.apiToken, which "settings" does not declare',
    ]);
  });
});
