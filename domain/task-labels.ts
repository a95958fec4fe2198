/**
 * What a person reads for a task's codes: each outcome's bilingual label and whether it is a refusal
 * (shown as a "danger" button), and the label of each choice a form field offers (profile fields,
 * registration attachment kinds, order material kinds). An unknown code reads as itself.
 */
import { MATERIAL_NAMES } from './certificate-order';
import { REGISTRATION_CATALOG } from './registration';
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
};

/** The outcomes of a task, labelled, in the task's order. */
export function outcomeOptions(outcomes: string[]): OutcomeOption[] {
  return outcomes.map((code) => ({ code, ...(OUTCOMES[code] ?? { label: msg(code, code), danger: false }) }));
}

/** Names of the registration profile's fields, by JSON path. */
const PROFILE_FIELD_LABELS: Record<string, Bilingual> = {
  memberCategory: msg('会员类别', 'Member category'),
  businessType: msg('业务类型', 'Business type'),
  identityType: msg('身份类型', 'Identity type'),
  'enterprise.name': msg('企业名称', 'Enterprise name'),
  'enterprise.creditCode': msg('统一社会信用代码', 'Unified social credit code'),
  'enterprise.type': msg('企业类型', 'Enterprise type'),
  'enterprise.address': msg('企业地址', 'Address'),
  'enterprise.registeredCapital': msg('注册资本（万元）', 'Registered capital (10,000 CNY)'),
  'enterprise.establishedOn': msg('成立日期', 'Established on'),
  'enterprise.businessTerm': msg('营业期限', 'Business term'),
  'enterprise.businessScope': msg('经营范围', 'Business scope'),
  'legalRepresentative.name': msg('法定代表人姓名', "Legal representative's name"),
  'legalRepresentative.idType': msg('法定代表人证件类型', "Legal representative's ID type"),
  'legalRepresentative.idNumber': msg('法定代表人证件号码', "Legal representative's ID number"),
  'legalRepresentative.mobile': msg('法定代表人手机', "Legal representative's mobile"),
  'legalRepresentative.address': msg('法定代表人住址', "Legal representative's address"),
  'contact.name': msg('联系人姓名', 'Contact name'),
  'contact.mobile': msg('联系人手机', 'Contact mobile'),
  'contact.email': msg('联系人邮箱', 'Contact email'),
};

const CHOICE_LABELS: Record<string, Bilingual> = {
  ...PROFILE_FIELD_LABELS,
  ...Object.fromEntries(REGISTRATION_CATALOG.attachmentKinds.map((k) => [`attachments.${k.code}`, k.name])),
  ...MATERIAL_NAMES,
};

/** The label of a form choice (a profile field, an attachment or material kind), or the code itself. */
export function choiceLabel(code: string): Bilingual {
  return CHOICE_LABELS[code] ?? msg(code, code);
}
