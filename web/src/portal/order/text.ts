/** Words of the applicant's order screens (the guide's, part 二), the order statuses and money in 元. */
import { msg, type Bilingual } from '../../i18n';

/** 订单状态 as the applicant reads it. */
export const ORDER_STATUS: Record<string, Bilingual> = {
  unpaid: msg('未支付', 'Unpaid'),
  paid: msg('已支付，待提交材料', 'Paid, materials due'),
  in_review: msg('材料审核中', 'Materials in review'),
  rejected: msg('材料退回，待补正', 'Materials refused, to correct'),
  approved: msg('审核通过，待制证', 'Approved, UKeys to make'),
  in_production: msg('制证中', 'Making UKeys'),
  completed: msg('已完成', 'Completed'),
  cancelled: msg('已取消', 'Cancelled'),
};

/** The materials of an order, as the applicant uploads them (domain MATERIAL_NAMES). */
export const MATERIALS: { kind: string; name: Bilingual; required: boolean }[] = [
  { kind: 'business_license', name: msg('营业执照', 'Business licence'), required: true },
  { kind: 'handler_id', name: msg('经办人身份证', "Handler's ID card"), required: true },
  { kind: 'application_form', name: msg('申请表（盖章）', 'Application form (stamped)'), required: true },
  { kind: 'other', name: msg('其他材料', 'Other documents'), required: false },
];

/** The name of a material kind. */
export const materialName = (kind: string): Bilingual =>
  MATERIALS.find((m) => m.kind === kind)?.name ??
  (kind === 'remittance_slip' ? msg('汇款底单', 'Remittance slip') : msg(kind, kind));

/** Fen as 元 with two decimals (¥600.00). */
export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** Statuses in which an order's materials may still change. */
export const MATERIALS_OPEN = ['unpaid', 'paid', 'rejected'];
