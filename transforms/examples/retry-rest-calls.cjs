// Example transform (CommonJS): give every REST call that has no error handling a retry, so a flaky API does not end the workflow.
// Use it from kwt.config.json: "transforms": [..., ["./transforms/examples/retry-rest-calls.cjs", {"errorAction": "retry-action"}]]
'use strict';

/** @type {import('kustomer-workflow-transformer').TransformDefinition<{errorAction: string}>} */
module.exports = {
  id: 'retry-rest-calls',
  description: 'Add an error case to every REST step that has none (retry by default)',
  // Options are validated against this JSON Schema (unknown keys are refused) and defaults are filled in.
  options: {
    properties: {
      errorAction: {
        type: 'string',
        enum: ['retry-action', 'retry-workflow', 'continue', 'stop-processing'],
        default: 'retry-action',
      },
    },
  },
  // Pure: never mutate `workflow`; return a new object (or the same one when nothing changes).
  apply(workflow, ctx) {
    const steps = workflow.steps;
    if (!Array.isArray(steps)) return workflow;
    let changed = false;
    const next = steps.map((step) => {
      const isRest =
        typeof step.action === 'string' && step.action.startsWith('kustomer.rest-api.');
      if (!isRest || (Array.isArray(step.errorCases) && step.errorCases.length > 0)) return step;
      changed = true;
      return {
        ...step,
        errorCases: [
          {
            condition: { op: 'true', values: [true] },
            errorAction: { type: ctx.options.errorAction },
          },
        ],
      };
    });
    // The engine records each change (JSON Pointer, before, after) by comparing what came in with what goes out.
    return changed ? { ...workflow, steps: next } : workflow;
  },
};
