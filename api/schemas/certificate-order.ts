/**
 * Processes 2 and 3, the certificate order: the catalogue of services, placing and listing orders,
 * materials, payments, and making UKeys.
 */
import { Type, type Static } from '@sinclair/typebox';
import { COURIERS, INVOICE_TYPES } from '../../domain/certificate-order';
import { DeliverySchema } from './delivery';
import {
  EmailSchema,
  ErrorSchema,
  LandlineSchema,
  ListOf,
  MobileSchema,
  Moment,
  Nullable,
  PageQuery,
  Rule,
  StringEnum,
  View,
} from './common';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });

/** A certificate service of the catalogue. */
export const ServiceSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  certificateType: Type.String({ description: 'organization (机构证书) | personal (个人证书)' }),
  lockRole: Type.String({ description: 'primary (主锁) | secondary (副锁)' }),
  bindingType: Type.String({ description: 'new_issue (新领证书)' }),
  termYears: Type.Integer(),
  unitPriceFen: Type.Integer(),
  active: Type.Boolean(),
});
/** A service as the API shows it. */
export type ServiceView = Static<typeof ServiceSchema>;
/** The services on offer. */
export const ServiceListSchema = Type.Object({ items: Type.Array(ServiceSchema) });

/** A service as an admin writes it. */
export const ServiceBody = Type.Object(
  {
    name: Text(60),
    certificateType: StringEnum(['organization', 'personal'] as const),
    lockRole: StringEnum(['primary', 'secondary'] as const),
    termYears: Type.Integer({ minimum: 1, maximum: 10 }),
    unitPriceFen: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** `POST /api/v1/ca/orders` body. */
export const OrderBody = Type.Object(
  {
    serviceId: Type.String({ minLength: 1, maxLength: 64 }),
    quantity: Type.Integer({ minimum: 1, maximum: 200 }),
    reissueOf: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          '补办 — serial of the certificate this order replaces (revoked, or naming the enterprise as it was); one UKey',
      }),
    ),
    organization: Type.Object(
      {
        name: Text(100),
        nameConfirm: Text(100),
        creditCode: Text(40),
        creditCodeConfirm: Text(40),
        address: Text(200),
        landline: LandlineSchema,
      },
      { additionalProperties: false },
    ),
    legalRepresentative: Type.Object({ name: Text(50) }, { additionalProperties: false }),
    handler: Type.Object(
      { name: Text(50), idNumber: Text(30), landline: LandlineSchema, mobile: MobileSchema, email: EmailSchema },
      { additionalProperties: false },
    ),
    agreementsAccepted: Type.Boolean(),
    invoice: Type.Object(
      {
        type: StringEnum(INVOICE_TYPES),
        title: Text(100),
        taxpayerId: Text(40),
        bank: Text(100),
        account: Rule({ minLength: 8, maxLength: 40 }, '银行账号应为 8–30 位数字', 'must be 8–30 digits'),
        address: Text(200),
        phone: Text(20),
      },
      { additionalProperties: false },
    ),
    shipping: Type.Object(
      {
        courier: StringEnum(COURIERS, { description: 'sf_prepaid 顺丰寄付 | sf_collect 顺丰到付' }),
        recipient: Text(50),
        province: Text(20),
        city: Text(30),
        street: Text(200),
        landline: Type.Optional(LandlineSchema),
        mobile: MobileSchema,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** An order just placed. */
export const OrderPlacedSchema = Type.Object({
  id: Type.String(),
  orderNo: Type.String(),
  totalFen: Type.Integer(),
  status: Type.Literal('unpaid'),
  processId: Type.String(),
});

/** `GET /ca/orders` filters. */
export const OrderListQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Type.String({ maxLength: 20 })),
  enterpriseId: Type.Optional(Type.String({ maxLength: 64 })),
});

/** Path of one material of an order. */
export const MaterialParams = Type.Object({ id: Type.String(), attachmentId: Type.String() });

/** The online wallets an applicant may pay with: 支付宝 or 微信支付. */
export const WALLETS = ['alipay', 'wechatpay'] as const;

/** `POST /ca/orders/:id/payments` body (may be left out: 支付宝). */
export const PaymentStartBody = Type.Object(
  {
    wallet: Type.Optional(
      Type.Union(
        WALLETS.map((w) => Type.Literal(w)),
        {
          description: 'alipay (default) or wechatpay',
          'x-message': { zh: '支付方式应为 alipay 或 wechatpay', en: 'must be alipay or wechatpay' },
        },
      ),
    ),
  },
  { additionalProperties: false },
);

/** An online payment started: where to pay (微信支付 also answers the Native QR code's `codeUrl`). */
export const PaymentStartedSchema = Type.Object({
  paymentId: Type.String(),
  wallet: Type.Union(WALLETS.map((w) => Type.Literal(w))),
  payUrl: Type.String(),
  codeUrl: Type.Optional(Type.String({ description: '微信支付 Native: the QR code to scan' })),
  amountFen: Type.Integer(),
});

/** `POST /ca/orders/:id/payments/bank-transfer` body. */
export const BankTransferBody = Type.Object(
  { slipAttachmentId: Type.String({ minLength: 1, maxLength: 64 }), amountFen: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

/** 银行汇款 — the vendor's account a transfer goes to. */
export const BankAccountSchema = Type.Object({
  name: Type.String({ description: '户名' }),
  bank: Type.String({ description: '开户行' }),
  number: Type.String({ description: '账号' }),
});

/** A bank transfer reported: finance confirms it (202). */
export const TransferReportedSchema = Type.Object({ paymentId: Type.String(), status: Type.Literal('pending') });

/** Path of a payment provider's notification. */
export const ProviderParams = Type.Object({ provider: Type.String({ maxLength: 32 }) });

/** The plain-text word a payment provider expects back from its notification. */
function providerWord(word: 'success' | 'fail') {
  return { 'text/plain': { schema: Type.Unsafe<string>({ type: 'string', enum: [word] }) } };
}

/** A notification handled (or ignored): `success` in plain text, so the provider stops sending it. */
export const ProviderAnswer = {
  description: 'Handled: the plain text `success`',
  content: providerWord('success'),
};

/** A notification refused: `fail` in plain text (the provider sends it again), or a malformed request's error. */
export const ProviderRefusal = {
  description: 'Refused: the plain text `fail`; a malformed request gets the error body',
  content: { ...providerWord('fail'), 'application/json': { schema: ErrorSchema } },
};

/** The payment simulator's HTML page. */
export const SimulatorPage = {
  description: 'The simulator page',
  content: { 'text/html': { schema: Type.String() } },
};

/** The simulator paid: whether the notification it sent was accepted, and the answer it got. */
export const SimulatorPaidSchema = Type.Object({ notified: Type.Boolean(), answer: Type.String() });

/** `POST /ca/orders/:id/tokens` body. */
export const MakeUKeyBody = Type.Object(
  {
    stationId: Type.String({ minLength: 1, maxLength: 64 }),
    tokenSerial: Type.String({ minLength: 1, maxLength: 64 }),
    ukeyModel: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          'UKey 型号; left out, the model the token reports is recorded; given, it must name that model or be named by it',
      }),
    ),
    authCode: Type.String({ minLength: 1, maxLength: 16, description: '制证授权码 from the SMS' }),
  },
  { additionalProperties: false },
);

/** An order in a list (`GET /ca/orders`). */
export const OrderSummarySchema = View({
  id: Type.String(),
  orderNo: Type.String(),
  name: Type.String(),
  totalFen: Type.Integer(),
  quantity: Type.Integer(),
  status: Type.String(),
  createdAt: Moment,
});

/** A page of orders. */
export const OrderListSchema = ListOf(OrderSummarySchema);

/** 订单详情 — status, step, payments, materials, each UKey's step, comments. */
export const OrderDetailSchema = View({
  id: Type.String(),
  orderNo: Type.String(),
  processId: Type.String(),
  status: Type.String(),
  step: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  rejectedDocuments: Type.Record(Type.String(), Type.String(), {
    description: 'While the materials are refused: each refused material kind with the reviewer’s reason',
  }),
  service: Type.Unknown(),
  quantity: Type.Integer(),
  unitPriceFen: Type.Integer(),
  totalFen: Type.Integer(),
  remaining: Type.Integer(),
  registration: Type.Unknown(),
  invoice: Type.Unknown(),
  shipping: Type.Unknown(),
  delivery: Nullable(DeliverySchema),
  agreement: Type.Unknown(),
  authCode: Type.Unknown(),
  payments: Type.Array(Type.Unknown()),
  refunds: Type.Array(Type.Unknown(), {
    description: 'Money the order did not need, refunded by finance (online: through the provider, with its refund ID)',
  }),
  materials: Type.Array(Type.Unknown()),
  tokens: Type.Array(Type.Unknown()),
  comments: Type.Array(Type.Unknown()),
  createdAt: Moment,
  paidAt: Nullable(Moment),
  reissueOf: Nullable(Type.String({ description: '补办 — the certificate this order replaces' })),
  renewal: Nullable(
    View(
      {
        certificateSerial: Type.String(),
        tokenSerial: Type.String(),
        changedFields: Type.Array(Type.String()),
        reviewSkippedAt: Nullable(Moment),
      },
      '续期 — a renewal order: the certificate and UKey renewed, the record’s changes since issue',
    ),
  ),
});

/** Order data pre-filled from the approved enterprise record (organization, legal representative, handler, invoice, shipping). */
export const OrderPrefillSchema = View({
  organization: Type.Unknown(),
  legalRepresentative: Type.Unknown(),
  handler: Type.Unknown(),
  invoice: Type.Unknown(),
});

/** The order workflow's own state, as its query answers it. */
export const OrderStateSchema = View({}, 'The order workflow’s state (its query’s answer)');

/** Materials submitted for review. */
export const MaterialsSubmittedSchema = View({ status: Type.String(), materialsSubmitted: Type.Unknown() });

/** 待制作证书 — approved orders with UKeys still to make. */
export const ProductionQueueSchema = Type.Object({
  items: Type.Array(View({ orderId: Type.String(), orderName: Type.String(), orderNo: Type.String() })),
});

/** A UKey made (201), or still being made past the route's wait (202). */
export const UKeyMadeSchema = View({
  itemId: Type.String(),
  status: Type.String(),
  tokenSerial: Type.Optional(Type.Unknown()),
  certificateSerial: Type.Optional(Type.Unknown()),
  remaining: Type.Optional(Type.Unknown()),
});

/** The authorisation code re-issued: until when the new one holds. */
export const AuthCodeReissuedSchema = View({ authCodeExpiresAt: Type.Unknown() });

/** A UKey's step in its making, as an order's details give it. */
export type { TokenStep } from '../../contracts/certificate-order';
