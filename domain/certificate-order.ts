/**
 * Processes 2 and 3 rules: what a certificate order holds (registration data, invoice, shipping), its
 * number, its materials, and the checks beyond field formats. Pure functions.
 */
import { msg, type Bilingual, type FieldProblem } from './text';
import { creditCodeProblem, isEmail, isLandline, isMobile, normaliseEntityName, residentIdProblem } from './validators';

/** Order statuses, in the order a successful order passes them (cancelled stands apart). */
export const ORDER_STATUSES = [
  'unpaid',
  'paid',
  'in_review',
  'rejected',
  'approved',
  'in_production',
  'completed',
  'cancelled',
] as const;
/** Status of a certificate order. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** 快递公司: SF Express, sender pays (寄付) or recipient pays (到付). */
export const COURIERS = ['sf_prepaid', 'sf_collect'] as const;
/** 发票类型: ordinary invoice (普通发票) or VAT special invoice (增值税专用发票). */
export const INVOICE_TYPES = ['ordinary', 'vat_special'] as const;

/** Materials of an order: business licence, handler's ID, the stamped application form, others; and the remittance slip. */
export const MATERIAL_KINDS = [
  'business_license',
  'handler_id',
  'application_form',
  'other',
  'remittance_slip',
] as const;
/** Materials the vendor reviews; all required before review. */
export const REQUIRED_MATERIALS = ['business_license', 'handler_id', 'application_form'] as const;
/** Material kinds with one current file. */
export const SINGLE_MATERIALS: readonly string[] = [...REQUIRED_MATERIALS, 'remittance_slip'];
/** What each material is called, as the applicant knows it. */
export const MATERIAL_NAMES: Record<(typeof MATERIAL_KINDS)[number], Bilingual> = {
  business_license: msg('营业执照', 'Business licence'),
  handler_id: msg('经办人身份证', 'Handler’s ID card'),
  application_form: msg('申请表', 'Application form'),
  other: msg('其他材料', 'Other documents'),
  remittance_slip: msg('汇款底单', 'Remittance slip'),
};

/** The agreements accepted with an order (version recorded with the time of acceptance). */
export const AGREEMENTS = {
  platform: '《e签宝项目专用平台服务协议》 2026-01',
  ca: '《ZJCA电子认证服务申请责任书》 2026-01',
} as const;

/** The order body, as the applicant sends it. */
export interface OrderRequest {
  serviceId: string;
  quantity: number;
  /** 补办: the certificate this order replaces. */
  reissueOf?: string;
  organization: {
    name: string;
    nameConfirm: string;
    creditCode: string;
    creditCodeConfirm: string;
    address: string;
    landline: string;
  };
  legalRepresentative: { name: string };
  /** 经办人 — the person who applies for and uses the certificate. */
  handler: { name: string; idNumber: string; landline: string; mobile: string; email: string };
  agreementsAccepted: boolean;
  invoice: {
    type: string;
    title: string;
    taxpayerId: string;
    bank: string;
    account: string;
    address: string;
    phone: string;
  };
  shipping: {
    courier: string;
    recipient: string;
    province: string;
    city: string;
    street: string;
    landline?: string;
    mobile: string;
  };
}

/** The approved enterprise record an order must match. */
export interface ApprovedRecord {
  name: string;
  creditCode: string;
  /** 法定代表人 named in the approved registration, when it names one. */
  legalRepresentativeName: string | null;
}

/** A name as compared with the approved record: as entity names are stored (full-width folded, invisibles removed, whitespace collapsed). */
const normalName = normaliseEntityName;

/** Checks beyond the formats: confirmations, check characters, phone numbers, match with the approved record. */
export function orderProblems(o: OrderRequest, approved: ApprovedRecord, today: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  const add = (field: string, code: string, zh: string, en: string) => out.push({ field, code, message: msg(zh, en) });
  const org = o.organization;
  if (org.nameConfirm.trim() !== org.name.trim())
    add('organization.nameConfirm', 'mismatch', '两次输入的机构名称不一致', 'does not repeat the organisation name');
  if (org.creditCodeConfirm.trim().toUpperCase() !== org.creditCode.trim().toUpperCase())
    add('organization.creditCodeConfirm', 'mismatch', '两次输入的证件号不一致', 'does not repeat the credit code');
  const cc = creditCodeProblem(org.creditCode.trim().toUpperCase());
  if (cc)
    add(
      'organization.creditCode',
      `credit_code_${cc === 'check' ? 'check' : cc}`,
      '统一社会信用代码无效，请核对营业执照',
      'is not a valid unified social credit code; compare with the business licence',
    );
  else if (org.creditCode.trim().toUpperCase() !== approved.creditCode) {
    add(
      'organization.creditCode',
      'not_approved_record',
      `与已审核的企业信息不一致（${approved.creditCode}）`,
      `differs from the approved enterprise record (${approved.creditCode})`,
    );
  }
  if (normalName(org.name) !== approved.name) {
    add(
      'organization.name',
      'not_approved_record',
      `与已审核的企业名称不一致（${approved.name}）`,
      `differs from the approved enterprise name (${approved.name})`,
    );
  }
  const legalRep = approved.legalRepresentativeName && normalName(approved.legalRepresentativeName);
  if (legalRep && normalName(o.legalRepresentative.name) !== legalRep) {
    add(
      'legalRepresentative.name',
      'not_approved_record',
      `与已审核的法定代表人不一致（${legalRep}）`,
      `differs from the legal representative of the approved enterprise record (${legalRep})`,
    );
  }
  if (!isLandline(org.landline))
    add(
      'organization.landline',
      'landline',
      '固定电话应为“区号-号码”，如 0571-88234700',
      'must be area code and number, e.g. 0571-88234700',
    );
  const id = residentIdProblem(o.handler.idNumber.trim().toUpperCase(), today);
  if (id)
    add(
      'handler.idNumber',
      `id_${id === 'format' ? 'format' : id === 'birth_date' ? 'birth_date' : 'check'}`,
      '经办人身份证号码无效',
      'is not a valid resident ID number',
    );
  if (!isLandline(o.handler.landline))
    add('handler.landline', 'landline', '固定电话应为“区号-号码”', 'must be area code and number');
  if (!isMobile(o.handler.mobile))
    add('handler.mobile', 'mobile', '手机号应为以 1 开头的 11 位数字', 'must be 11 digits starting with 1');
  if (!isEmail(o.handler.email)) add('handler.email', 'email', '电子邮箱格式不正确', 'must be a valid email address');
  if (creditCodeProblem(o.invoice.taxpayerId.trim().toUpperCase()))
    add(
      'invoice.taxpayerId',
      'credit_code',
      '纳税人识别号应为有效的统一社会信用代码',
      'must be a valid unified social credit code',
    );
  if (!isLandline(o.invoice.phone) && !isMobile(o.invoice.phone))
    add('invoice.phone', 'phone', '公司电话应为固定电话或手机号', 'must be a landline or a mobile number');
  if (!/^\d{8,30}$/.test(o.invoice.account.replace(/\s/g, '')))
    add('invoice.account', 'account', '银行账号应为 8–30 位数字', 'must be 8–30 digits');
  if (!isMobile(o.shipping.mobile))
    add('shipping.mobile', 'mobile', '收货人手机号应为以 1 开头的 11 位数字', 'must be 11 digits starting with 1');
  if (o.shipping.landline && !isLandline(o.shipping.landline))
    add('shipping.landline', 'landline', '固定电话应为“区号-号码”', 'must be area code and number');
  if (o.agreementsAccepted !== true)
    add(
      'agreementsAccepted',
      'required',
      '请阅读并同意服务协议和申请责任书',
      'the service agreement and the application responsibility letter must be accepted',
    );
  return out;
}

/** 订单号 — the guide's style: the China-time timestamp `YYYYMMDDHHmmss` and a three-digit sequence. */
export function orderNumber(at: Date, sequence: number): string {
  const china = new Date(at.getTime() + 8 * 3_600_000).toISOString();
  const stamp = china.slice(0, 19).replace(/[-T:]/g, '');
  return `${stamp}${String(sequence % 1000).padStart(3, '0')}`;
}

/** Total of an order in fen. */
export function orderTotalFen(unitPriceFen: number, quantity: number): number {
  const total = unitPriceFen * quantity;
  if (!Number.isSafeInteger(total)) throw new Error('order total out of range');
  return total;
}

/**
 * A declared UKey model fits the model the token reports when, ignoring case, width and spacing, one
 * names the other (a catalogue name such as "龙脉 GM3000" for a token reporting "GM3000"); no declared
 * model always fits.
 */
export function ukeyModelFits(declared: string, reported: string): boolean {
  const norm = (m: string) => m.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const [d, r] = [norm(declared), norm(reported)];
  return d === '' || (r !== '' && (d.includes(r) || r.includes(d)));
}
