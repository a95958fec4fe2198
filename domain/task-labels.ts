/**
 * What a person reads for a task's codes: each outcome's bilingual label and whether it is a refusal
 * (shown as a "danger" button), and the label of each choice a form field offers (profile fields,
 * registration attachment kinds, order material kinds). An unknown code reads as itself.
 */
import { MATERIAL_NAMES } from './certificate-order';
import { CARRIER_LABELS } from './delivery';
import { PROFILE_FIELD_LABELS, REGISTRATION_CATALOG } from './registration';
import { msg, type Bilingual } from './text';

/** An outcome as the decision form offers it. */
export interface OutcomeOption {
  code: string;
  label: Bilingual;
  /** A refusal: shown as a danger button. */
  danger: boolean;
}

const OUTCOMES: Record<string, { label: Bilingual; danger: boolean }> = {
  approve: { label: msg('通过', 'Approve'), danger: false },
  confirm: { label: msg('确认', 'Confirm'), danger: false },
  return: { label: msg('退回修改', 'Return for correction'), danger: false },
  reject: { label: msg('不通过', 'Reject'), danger: true },
  refunded: { label: msg('已退款（在线支付原路退回）', 'Refunded (online: back through the provider)'), danger: false },
  not_received: { label: msg('款项未到账', 'The money never arrived'), danger: true },
  dispatch: { label: msg('发货', 'Dispatch'), danger: false },
  pickup: { label: msg('客户自取', 'Pickup at the desk'), danger: false },
};

/** The outcomes of a task, labelled, in the task's order. */
export function outcomeOptions(outcomes: string[]): OutcomeOption[] {
  return outcomes.map((code) => ({ code, ...(OUTCOMES[code] ?? { label: msg(code, code), danger: false }) }));
}

const CHOICE_LABELS: Record<string, Bilingual> = {
  ...PROFILE_FIELD_LABELS,
  ...Object.fromEntries(REGISTRATION_CATALOG.attachmentKinds.map((k) => [`attachments.${k.code}`, k.name])),
  ...MATERIAL_NAMES,
  ...CARRIER_LABELS,
};

/** The label of a form choice (a profile field, an attachment or material kind), or the code itself. */
export function choiceLabel(code: string): Bilingual {
  return CHOICE_LABELS[code] ?? msg(code, code);
}
