// The invariant of `kwt init` (src/plan/init-plan.ts), held as a property over generated orgs: for an org whose
// findings all have proposals, `init` then `transform` exits 0, and the block validates with no error and with none of
// the source org's data left (no org host, store, tenant, person's address, org id, credential). The orgs mix what
// real exports hold: partner hosts, ids inside templates and JSON bodies, credentials in headers and bodies, org hook
// triggers, workflow variables, duplicate names, and editor-exported callables with the workflows that call them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { runCli, tempDir } from '../helpers/cli';

const hex = fc.stringMatching(/^[0-9a-f]{24}$/);
const word = fc.constantFrom('acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark');
const ORG_CODES = new Set([
  'hex-id',
  'email-address',
  'org-host',
  'org-store-domain',
  'org-tenant',
  'credential',
  'placeholder-credential',
  'workflow-variable',
  'org-hook-event',
  'org-namespace',
]);

/** A secret-shaped value assembled at run time (never a real credential). */
const secret = fc.constantFrom(
  () => 'Bearer ' + 'eyJhbGciOiJIUzI1NiJ9.' + 'eyJzdWIiOiIxMjM0In0.' + 'c2lnbmF0dXJlLXRlc3Qtb25seQ',
  () => ['sk', 'live', '4eC39HqLyjWDarjtT1zdp7dc'].join('_'),
  () => 'xox' + 'b-' + '123456789012-1234567890123-' + 'AbCdEfGhIjKlMnOpQrStUvWx',
);

interface Org {
  files: Record<string, unknown>;
}

/** One REST step with what partner calls carry: a host, a tenant, a body with org data, maybe a credential. */
const restStep = fc
  .record({
    partner: word,
    tenant: fc.option(word, { nil: undefined }),
    store: fc.option(word, { nil: undefined }),
    orgHost: fc.option(word, { nil: undefined }),
    email: fc.option(word, { nil: undefined }),
    idInTemplate: fc.option(hex, { nil: undefined }),
    credential: fc.option(secret, { nil: undefined }),
    credentialInBody: fc.boolean(),
    variable: fc.option(hex, { nil: undefined }),
    // How the body carries its org link and where the tenant hides: escaped slashes, percent-encoding, a webhook URL.
    escapedLink: fc.boolean(),
    encodedTenant: fc.option(word, { nil: undefined }),
    webhook: fc.boolean(),
    // How a layer of the string spells an org value: a percent-encoded URL inside another, a Handlebars comment inside
    // the host, a `\u0040` escape, a body escaped for HTML; and a credential sent base64-encoded.
    linkSpelling: fc.constantFrom('plain', 'percent', 'comment'),
    emailSpelling: fc.constantFrom('plain', 'unicode', 'html'),
    credentialInBase64: fc.boolean(),
  })
  .map((r) => {
    const body: Record<string, string> = { note: 'order sync' };
    if (r.store) body['store'] = `${r.store}-shop.myshopify.com`;
    if (r.orgHost) {
      const link = `https://${r.orgHost}.kustomerapp.com/app/customers/1`;
      body['link'] =
        r.linkSpelling === 'percent'
          ? `https://go.example.com/r?next=${encodeURIComponent(link)}`
          : r.linkSpelling === 'comment'
            ? link.replace('kustomerapp', 'kustomer{{!-- UI --}}app')
            : link;
    }
    if (r.encodedTenant) body['next'] = `/v1/orders%3Ftenant%3D${r.encodedTenant}-prod`;
    if (r.email) body['owner'] = `ops@${r.email}-corp.com`;
    if (r.idInTemplate) body['queue'] = `{{#if steps.1.vip}}${r.idInTemplate}{{else}}none{{/if}}`;
    const headers: Record<string, string> = {};
    const token = r.credential?.();
    if (token && r.credentialInBody)
      body['token'] = r.credentialInBase64 ? Buffer.from(`svc:${token}`).toString('base64') : token;
    else if (token) headers['Authorization'] = token;
    if (r.variable) headers['X-Region'] = `{{{variables.${r.variable}}}}`;
    const query = r.tenant ? `?tenant=${r.tenant}-prod` : '';
    let text = JSON.stringify(body);
    if (r.email && r.emailSpelling === 'unicode') text = text.replace('@', '\\u0040');
    if (r.email && r.emailSpelling === 'html')
      text = text.replace(/"/g, '&quot;').replace('@', '&#64;');
    // Some exporters escape every slash in a body written as a string.
    if (r.escapedLink) text = text.replace(/\//g, '\\/');
    const uri = r.webhook
      ? [
          'https://hooks.slack.com/services',
          'T0' + 'A1B2C3D4',
          'B0' + 'E5F6G7H8',
          'aB3dE5fG7hJ9kL1mN3pQ5rS7',
        ].join('/')
      : `https://api.${r.partner}-partner.example/v1/orders${query}`;
    return {
      action: 'kustomer.rest-api.json',
      params: { method: 'POST', uri, headers, body: text },
    };
  });

const workflowSpec = fc.record({
  name: fc.constantFrom('Order Posted', 'Refund Order', 'Sync Customer', 'Escalate VIP'),
  hookTrigger: fc.option(hex, { nil: undefined }),
  rest: restStep,
  queue: fc.option(hex, { nil: undefined }),
});

const orgSpec = fc.record({
  workflows: fc.array(workflowSpec, { minLength: 1, maxLength: 4 }),
  callable: fc.option(fc.record({ id: hex, calledBy: fc.nat(3) }), { nil: undefined }),
});

type OrgSpec = typeof orgSpec extends fc.Arbitrary<infer T> ? T : never;

function orgOf(spec: OrgSpec): Org {
  const files: Record<string, unknown> = {};
  spec.workflows.forEach((w, i) => {
    const steps: Record<string, unknown>[] = [{ id: 'a1', ...w.rest, transitions: [] }];
    if (w.queue) {
      (steps[0]!['transitions'] as unknown[]).push({ target: 'a2' });
      steps.push({
        id: 'a2',
        action: 'kustomer.conversation.update',
        params: { id: '/#steps.1.id', queue: w.queue },
        transitions: [],
      });
    }
    if (spec.callable && spec.callable.calledBy % spec.workflows.length === i) {
      const last = steps[steps.length - 1]!;
      (last['transitions'] as unknown[]).push({ target: 'c1' });
      steps.push({
        id: 'c1',
        action: `kustomer.workflow.${spec.callable.id}.call`,
        params: {},
        transitions: [],
      });
    }
    const eventName = w.hookTrigger
      ? `kustomer.hooks.web.${w.hookTrigger}.receive`
      : 'kustomer.conversation.create';
    // Pulled with their org ids, as kwt pull writes them: two workflows may share a name.
    files[`w${i}.json`] = {
      id: `${'a'.repeat(20)}${String(i).padStart(4, '0')}`,
      name: w.name,
      trigger: { id: '1', eventName, transitions: [{ target: 'a1' }] },
      steps,
    };
  });
  if (spec.callable) {
    // Editor-exported callable: its id only in its trigger.
    files['callee.json'] = {
      name: 'Shared Callee',
      trigger: {
        id: '1',
        eventName: `kustomer.workflow.${spec.callable.id}.call`,
        callable: true,
        transitions: [],
      },
      steps: [],
    };
  }
  return { files };
}

test("init then transform: exit 0, and the block holds none of the source org's data", async () => {
  await fc.assert(
    fc.asyncProperty(orgSpec, async (spec) => {
      const dir = tempDir();
      const org = orgOf(spec);
      fs.mkdirSync(path.join(dir, 'exports'));
      for (const [name, value] of Object.entries(org.files)) {
        fs.writeFileSync(path.join(dir, 'exports', name), JSON.stringify(value, null, 2));
      }
      const init = await runCli(['init', 'exports', '--app', 'acme_app', '--write'], { cwd: dir });
      expect({ code: init.code, stderr: init.stderr }).toEqual({
        code: 0,
        stderr: expect.any(String),
      });
      const transform = await runCli(['transform', 'exports', '-o', 'block.json', '-q'], {
        cwd: dir,
      });
      expect({ code: transform.code, stderr: transform.stderr }).toEqual({ code: 0, stderr: '' });
      const validate = await runCli(['validate', 'block.json', '--report', 'json'], { cwd: dir });
      const report = JSON.parse(validate.stdout) as {
        inputs: { problems: { code: string; severity: string }[] }[];
      };
      const problems = report.inputs.flatMap((i) => i.problems);
      expect(problems.filter((p) => p.severity === 'error' || ORG_CODES.has(p.code))).toEqual([]);
      // And no literal of the org is in the block, whatever the rules say.
      const block = fs.readFileSync(path.join(dir, 'block.json'), 'utf8');
      for (const literal of [
        'kustomerapp.com',
        'myshopify.com',
        '-prod',
        '-corp.com',
        'sk_live',
        'xoxb-',
        'eyJ',
        'kustomer{{!--',
        'c3ZjO',
      ]) {
        expect(block).not.toContain(literal);
      }
      // A rewrite inside a percent-encoded URL replaced whole escapes: every `%` still starts one.
      expect(block).not.toMatch(/%(?![0-9A-Fa-f]{2})/);
      fs.rmSync(dir, { recursive: true, force: true });
    }),
    { numRuns: 40, seed: 24 },
  );
}, 120_000);
