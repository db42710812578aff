// Example transform (ES module): say in every workflow's description which team owns it, using the app name from the config.
// Use it with --plugin: kwt transform exports/ --plugin ./transforms/examples/describe-owner.mjs
// (its options go in kwt.config.json under "options": {"describe-owner": {"team": "Billing"}}).

/** @type {import('kustomer-workflow-transformer').TransformDefinition<{team: string}>} */
export default {
  id: 'describe-owner',
  description: 'Append "Owned by <team> (<app>)." to each workflow description',
  needsApp: true,
  options: {
    properties: {
      team: { type: 'string', minLength: 1, default: 'the app team' },
    },
  },
  apply(workflow, ctx) {
    const note = `Owned by ${ctx.options.team} (${ctx.app.name}).`;
    const current = typeof workflow.description === 'string' ? workflow.description : '';
    // Idempotent: a second run finds the note and changes nothing.
    if (current.includes(note)) return workflow;
    if (current.length + note.length + 1 > 4096) {
      ctx.warn('description is too long to add the owner note');
      return workflow;
    }
    return { ...workflow, description: current ? `${current} ${note}` : note };
  },
};
