/**
 * Process 1 rules (资料完善): the registration catalogue, the profile's fields, what a submission must
 * hold, and what may change after a return for correction. Pure functions, shared by API and workflow.
 */
import { fieldProblem, msg, type Bilingual, type FieldProblem } from './text';
import {
  creditCodeProblem,
  EARLIEST_DATE,
  isCalendarDate,
  isEmail,
  isMobile,
  normaliseEntityName,
  residentIdProblem,
} from './validators';

/** A code with its names. */
export interface CatalogEntry {
  code: string;
  name: Bilingual;
}

const entry = (code: string, zh: string, en: string): CatalogEntry => ({ code, name: { zh, en } });

/** The codes a profile chooses from (`GET /api/v1/catalog/registration`). */
export const REGISTRATION_CATALOG = {
  /** 会员类别 */
  memberCategories: [
    entry('enterprise', '企业会员', 'Enterprise member'),
    entry('institution', '事业单位会员', 'Public institution'),
    entry('individual_business', '个体工商户', 'Individual business'),
  ],
  /** 业务类型 */
  businessTypes: [
    entry('construction', '工程建设', 'Construction projects'),
    entry('government_procurement', '政府采购', 'Government procurement'),
    entry('land_mineral', '土地矿产', 'Land and mineral rights'),
    entry('property_rights', '产权交易', 'Property rights'),
  ],
  /** 身份类型 */
  identityTypes: [
    entry('bidder', '投标人', 'Bidder'),
    entry('supplier', '供应商', 'Supplier'),
    entry('tenderer', '招标人', 'Tenderer'),
    entry('agency', '招标代理机构', 'Tendering agency'),
  ],
  /** 企业类型 (as on the business licence) */
  enterpriseTypes: [
    entry('limited_liability', '有限责任公司', 'Limited liability company'),
    entry('joint_stock', '股份有限公司', 'Joint-stock company'),
    entry('sole_proprietorship', '个人独资企业', 'Sole proprietorship'),
    entry('partnership', '合伙企业', 'Partnership'),
    entry('state_owned', '全民所有制企业', 'State-owned enterprise'),
    entry('collective', '集体所有制企业', 'Collective enterprise'),
    entry('individual_business', '个体工商户', 'Individual business'),
    entry('institution', '事业单位', 'Public institution'),
    entry('other', '其他', 'Other'),
  ],
  /** 证件类型 of the legal representative */
  idTypes: [
    entry('resident_id', '居民身份证', 'Resident identity card'),
    entry('passport', '护照', 'Passport'),
    entry('hk_macao_permit', '港澳居民来往内地通行证', 'Mainland travel permit for Hong Kong and Macao residents'),
    entry('taiwan_permit', '台湾居民来往大陆通行证', 'Mainland travel permit for Taiwan residents'),
  ],
  /** 附件 kinds */
  attachmentKinds: [
    entry('business_license', '营业执照（原件扫描件）', 'Business licence (scan of the original)'),
    entry('legal_rep_id_front', '法定代表人身份证人像面', 'Legal representative ID, photo side'),
    entry('legal_rep_id_back', '法定代表人身份证国徽面', 'Legal representative ID, emblem side'),
    entry('other', '其他材料', 'Other documents'),
  ],
} as const;

/** Codes of a catalogue list. */
export const codes = (list: readonly CatalogEntry[]): string[] => list.map((e) => e.code);

/** The registration profile as the applicant fills it in (a draft may leave anything out). */
export interface RegistrationProfile {
  memberCategory?: string;
  businessType?: string;
  identityType?: string;
  enterprise?: {
    name?: string;
    creditCode?: string;
    type?: string;
    address?: string;
    /** 注册资本, in 万元 (10,000 CNY), as a decimal string. */
    registeredCapital?: string;
    /** 成立日期, YYYY-MM-DD. */
    establishedOn?: string;
    /** 营业期限: the end date (YYYY-MM-DD) or `long_term` (长期). */
    businessTerm?: string;
    businessScope?: string;
  };
  legalRepresentative?: { name?: string; idType?: string; idNumber?: string; mobile?: string; address?: string };
  contact?: { name?: string; mobile?: string; email?: string };
}

/** Every field a submission must fill, by JSON path. */
export const PROFILE_FIELDS = [
  'memberCategory',
  'businessType',
  'identityType',
  'enterprise.name',
  'enterprise.creditCode',
  'enterprise.type',
  'enterprise.address',
  'enterprise.registeredCapital',
  'enterprise.establishedOn',
  'enterprise.businessTerm',
  'enterprise.businessScope',
  'legalRepresentative.name',
  'legalRepresentative.idType',
  'legalRepresentative.idNumber',
  'legalRepresentative.mobile',
  'legalRepresentative.address',
  'contact.name',
  'contact.mobile',
  'contact.email',
] as const;

/** Names of the registration profile's fields, by JSON path. */
export const PROFILE_FIELD_LABELS: Record<string, Bilingual> = {
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

/** Attachment kinds a submission must carry (one current file each). */
export const REQUIRED_ATTACHMENTS = ['business_license', 'legal_rep_id_front', 'legal_rep_id_back'] as const;
/** Kinds that hold a single file (a new upload replaces the old one). */
export const SINGLE_ATTACHMENTS: readonly string[] = REQUIRED_ATTACHMENTS;
/** At most this many `other` files. */
export const MAX_OTHER_ATTACHMENTS = 10;

/** What a reviewer may mark for correction: profile fields and attachment kinds (`attachments.<kind>`). */
export const MARKABLE = [
  ...PROFILE_FIELDS,
  ...codes(REGISTRATION_CATALOG.attachmentKinds).map((k) => `attachments.${k}`),
];

/** The value at a dotted path. */
export function valueAt(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/**
 * Rules beyond the field formats (checked by the API schema): check characters, real dates from 1900
 * on, the name matching the account, term after establishment; with `complete`, every required field
 * present.
 * `today` is YYYY-MM-DD.
 */
export function profileProblems(
  p: RegistrationProfile,
  ctx: { entityName: string; today: string; complete: boolean },
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const add = (field: string, code: string, zh: string, en: string) => out.push(fieldProblem(field, code, zh, en));
  const e = p.enterprise ?? {};
  const lr = p.legalRepresentative ?? {};

  if (e.creditCode !== undefined) {
    const problem = creditCodeProblem(e.creditCode);
    if (problem === 'length')
      add(
        'enterprise.creditCode',
        'credit_code_length',
        '统一社会信用代码应为 18 位',
        'A unified social credit code has 18 characters',
      );
    if (problem === 'characters')
      add(
        'enterprise.creditCode',
        'credit_code_characters',
        '统一社会信用代码含有无效字符（不使用 I、O、S、V、Z）',
        'The credit code holds characters not used in credit codes (no I, O, S, V, Z)',
      );
    if (problem === 'check')
      add(
        'enterprise.creditCode',
        'credit_code_check',
        '统一社会信用代码校验位错误，请核对营业执照',
        'The check character of the credit code does not match; compare with the business licence',
      );
  }
  if (e.name !== undefined && normaliseEntityName(e.name) !== ctx.entityName) {
    add(
      'enterprise.name',
      'name_mismatch',
      `企业名称须与注册的主体名称“${ctx.entityName}”一致`,
      `The name must equal the registered entity name "${ctx.entityName}"`,
    );
  }
  const earliestYear = EARLIEST_DATE.slice(0, 4);
  if (e.establishedOn !== undefined) {
    if (!isCalendarDate(e.establishedOn))
      add('enterprise.establishedOn', 'date', '成立日期不是有效日期', 'establishedOn is not a real date (YYYY-MM-DD)');
    else if (e.establishedOn < EARLIEST_DATE)
      add(
        'enterprise.establishedOn',
        'too_early',
        `成立日期不能早于 ${earliestYear} 年`,
        `establishedOn cannot be before ${earliestYear}`,
      );
    else if (e.establishedOn > ctx.today)
      add('enterprise.establishedOn', 'future', '成立日期不能晚于今天', 'establishedOn cannot be in the future');
  }
  if (e.businessTerm !== undefined && e.businessTerm !== 'long_term') {
    if (!isCalendarDate(e.businessTerm))
      add(
        'enterprise.businessTerm',
        'date',
        '营业期限的截止日期不是有效日期',
        'businessTerm is not a real date (YYYY-MM-DD); for no end date use long_term',
      );
    else if (e.businessTerm < EARLIEST_DATE)
      add(
        'enterprise.businessTerm',
        'too_early',
        `营业期限不能早于 ${earliestYear} 年`,
        `businessTerm cannot be before ${earliestYear}`,
      );
    else if (e.establishedOn !== undefined && isCalendarDate(e.establishedOn) && e.businessTerm <= e.establishedOn) {
      add(
        'enterprise.businessTerm',
        'before_established',
        '营业期限须晚于成立日期',
        'businessTerm must be after establishedOn',
      );
    }
  }
  if (lr.idNumber !== undefined && lr.idType === 'resident_id') {
    const problem = residentIdProblem(lr.idNumber.toUpperCase(), ctx.today);
    if (problem === 'format')
      add(
        'legalRepresentative.idNumber',
        'id_format',
        '身份证号码应为 18 位（末位可为 X）',
        'A resident ID number has 17 digits and a check digit or X',
      );
    if (problem === 'birth_date')
      add(
        'legalRepresentative.idNumber',
        'id_birth_date',
        '身份证号码中的出生日期无效',
        'The birth date inside the ID number is not a real date',
      );
    if (problem === 'check')
      add(
        'legalRepresentative.idNumber',
        'id_check',
        '身份证号码校验位错误',
        'The check digit of the ID number does not match',
      );
  }
  if (
    lr.idNumber !== undefined &&
    lr.idType !== undefined &&
    lr.idType !== 'resident_id' &&
    !/^[A-Za-z0-9]{5,20}$/.test(lr.idNumber)
  ) {
    add(
      'legalRepresentative.idNumber',
      'id_format',
      '证件号码应为 5–20 位字母或数字',
      'The document number has 5–20 letters or digits',
    );
  }
  for (const [field, value] of [
    ['legalRepresentative.mobile', lr.mobile],
    ['contact.mobile', p.contact?.mobile],
  ] as const) {
    if (value !== undefined && !isMobile(value))
      add(field, 'mobile', '手机号应为以 1 开头的 11 位数字', 'A mobile number has 11 digits starting with 1');
  }
  if (p.contact?.email !== undefined && !isEmail(p.contact.email))
    add('contact.email', 'email', '电子邮箱格式不正确', 'Not a valid email address');

  if (ctx.complete) {
    for (const field of PROFILE_FIELDS) {
      const v = valueAt(p, field);
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === ''))
        add(field, 'required', '提交前必须填写', 'is required to submit');
    }
  }
  return out;
}

/** Normalises what the applicant typed: trims text, upper-cases codes. */
export function normaliseProfile(p: RegistrationProfile): RegistrationProfile {
  const t = (s: string | undefined) => (s === undefined ? undefined : s.trim());
  const section = <T extends Record<string, string | undefined>>(o: T | undefined) =>
    o === undefined
      ? undefined
      : (Object.fromEntries(
          Object.entries(o)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, t(v)]),
        ) as T);
  const out: RegistrationProfile = {
    ...p,
    enterprise: section(p.enterprise),
    legalRepresentative: section(p.legalRepresentative),
    contact: section(p.contact),
  };
  if (out.enterprise?.creditCode) out.enterprise.creditCode = out.enterprise.creditCode.toUpperCase();
  if (out.enterprise?.name) out.enterprise.name = normaliseEntityName(out.enterprise.name);
  if (out.legalRepresentative?.idNumber)
    out.legalRepresentative.idNumber = out.legalRepresentative.idNumber.toUpperCase();
  for (const k of ['enterprise', 'legalRepresentative', 'contact'] as const) if (out[k] === undefined) delete out[k];
  return out;
}

/** Profile fields whose values differ between two profiles. */
export function changedFields(before: RegistrationProfile, after: RegistrationProfile): string[] {
  return PROFILE_FIELDS.filter((f) => (valueAt(before, f) ?? null) !== (valueAt(after, f) ?? null));
}
