/**
 * The registry of every text the product sends: each process's templates, registered here and nowhere
 * else; the composition root (integrations/index.ts) hands it to the notifier.
 */
import { accountTemplates } from './accounts';
import { bindingTemplates } from './binding';
import { certificateLifecycleTemplates } from './certificate-lifecycle';
import { certificateOrderTemplates } from './certificate-order';
import { enterpriseChangeTemplates } from './enterprise-change';
import { deliveryTemplates } from './delivery';
import { registrationTemplates } from './registration';
import { signInTemplates } from './sign-in';
import { taskTemplates } from './tasks';
import type { Rendered, TemplateSet } from './template';

/** Renders templates by name. */
export interface TemplateRegistry {
  /** Renders `name` with `params`; throws on an unknown template. */
  render(name: string, params: Record<string, string>): Rendered;
}

/** A registry of the given sets; a name defined twice is refused. */
export function templateRegistry(...sets: TemplateSet[]): TemplateRegistry {
  const templates: TemplateSet = {};
  for (const set of sets)
    for (const [name, template] of Object.entries(set)) {
      if (templates[name]) throw new Error(`notification template "${name}" is defined twice`);
      templates[name] = template;
    }
  return {
    render(name, params) {
      const template = templates[name];
      if (!template) throw new Error(`unknown notification template "${name}"`);
      return template(params);
    },
  };
}

/** Every template of the product. */
export const productTemplates = templateRegistry(
  taskTemplates,
  accountTemplates,
  registrationTemplates,
  certificateOrderTemplates,
  bindingTemplates,
  certificateLifecycleTemplates,
  deliveryTemplates,
  signInTemplates,
  enterpriseChangeTemplates,
);
