/**
 * Who may call each operation of the OpenAPI document, by identity, as the product's design says (README,
 * ../shared/DOMAIN.md, the route's `config.access` and its ownership rules) — not as the code does today.
 * Keyed by `METHOD path` exactly as `/docs/json` names the operation; an operation on a resource of
 * enterprise A may list several cases (one per kind of resource it acts on).
 *
 * A cell is `allow` (the request is carried out: 2xx, or a 4xx about the input or the state — 400, 409,
 * 422), `blind` (carried out, but the answer holds nothing of enterprise A's case), or else refused
 * (401, 403 or 404, nothing done). Requests are chosen so that an allowed call changes nothing another
 * cell relies on: bodies fail validation where the route checks access before the body, and are valid
 * where the route checks ownership after it.
 */
import { multipart, SCANS } from '../support/enterprise';

/** Who calls: nobody, a made-up token, the applicants of enterprises A and B, one user per staff role. */
export const IDENTITIES = [
  'anonymous',
  'forged',
  'applicantA',
  'applicantB',
  'registration_reviewer',
  'ca_admin',
  'finance',
  'binding_admin',
  'supervisor',
  'operator',
  'admin',
] as const;

/** One identity. */
export type Identity = (typeof IDENTITIES)[number];

/** Enterprise A's resources (and a few others) the cases point at. */
export interface Fixtures {
  stationId: string;
  /** A's UKey (made by the order process, bound). */
  tokenSerial: string;
  certificateSerial: string;
  /** A's registration (approved, closed) and one of its scans. */
  registrationProcessId: string;
  registrationAttachmentId: string;
  /** A's order with one of two UKeys made (in production), its online payment. */
  orderId: string;
  paymentId: string;
  /** A's order paid and submitted, its review open for the CA administrators; one of its materials. */
  reviewedOrderId: string;
  reviewedOrderProcessId: string;
  reviewTaskId: string;
  materialId: string;
  /** A's order placed and not paid (no task yet). */
  unpaidOrderProcessId: string;
  /** A's binding in force and its approval process (closed). */
  bindingId: string;
  bindingProcessId: string;
  /** Enterprise C's registration waiting for the first review (an open case of an enterprise no identity belongs to). */
  openRegistrationProcessId: string;
  openRegistrationTaskId: string;
  /** A staff user, a comment phrase (and one to delete), a catalogue service. */
  staffUserId: string;
  phraseId: number;
  doomedPhraseId: number;
  serviceId: string;
  /** A's change of its information, in review, and its evidence file. */
  changeProcessId: string;
  changeEvidenceId: string;
}

/** A request of a cell. */
export interface CellRequest {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

/** One case of an operation. */
export interface AccessCase {
  /** What the case acts on, when an operation has several. */
  on?: string;
  /** Identities whose request is carried out; every other identity is refused. */
  allow: readonly Identity[];
  /** Of `allow`, those whose answer must hold nothing of enterprise A's case. */
  blind?: readonly Identity[];
  /** The request. */
  request(fx: Fixtures): CellRequest;
  /** The allowed call changes what other cells rely on: it runs after every other operation. */
  last?: boolean;
  /** Signs in afresh for each cell (the call ends the session). */
  ownSession?: boolean;
  /** The answer names staff to applicants by design (the 选择人员 directory: login and display names only). */
  namesStaff?: boolean;
  /** Further statuses that count as carried out (e.g. 503 of a readiness probe). */
  alsoOk?: number[];
}

const EVERYONE = IDENTITIES;
const SIGNED_IN = IDENTITIES.filter((i) => i !== 'anonymous' && i !== 'forged');
const APPLICANTS = ['applicantA', 'applicantB'] as const;
const STAFF = SIGNED_IN.filter((i) => !i.startsWith('applicant'));
const OVERSEERS = ['operator', 'admin'] as const;
const CA_DESK = ['ca_admin', ...OVERSEERS] as const;
const ORDER_READERS = ['applicantA', 'ca_admin', 'finance', ...OVERSEERS] as const;

const at = (url: string, payload?: unknown): CellRequest => ({ url, payload });
const upload = (url: string, kind: string): CellRequest => {
  const body = multipart({ kind }, { filename: `${kind}.pdf`, type: 'application/pdf', data: SCANS.pdf });
  return { url, payload: body.payload, headers: body.headers };
};
const publicCase = (url: string, payload?: unknown): AccessCase => ({
  allow: EVERYONE,
  request: () => at(url, payload),
});

/** The table: every operation of the OpenAPI document. */
export const ACCESS: Record<string, AccessCase | AccessCase[]> = {
  // ---- public --------------------------------------------------------------------------------------
  'GET /health': publicCase('/health'),
  'GET /ready': { allow: EVERYONE, alsoOk: [503], request: () => at('/ready') },
  'GET /api/v1/auth/captcha': publicCase('/api/v1/auth/captcha'),
  'POST /api/v1/auth/login': publicCase('/api/v1/auth/login', {}),
  'GET /api/v1/auth/ca/agent': publicCase('/api/v1/auth/ca/agent'),
  'POST /api/v1/auth/ca/challenge': publicCase('/api/v1/auth/ca/challenge'),
  'POST /api/v1/auth/ca/login': publicCase('/api/v1/auth/ca/login', {}),
  'GET /api/v1/catalog/registration': publicCase('/api/v1/catalog/registration'),
  'GET /api/v1/ca/catalog': publicCase('/api/v1/ca/catalog'),
  'GET /api/v1/ca/root.pem': publicCase('/api/v1/ca/root.pem'),
  'GET /api/v1/ca/crl': publicCase('/api/v1/ca/crl'),
  'POST /api/v1/accounts/check-name': publicCase('/api/v1/accounts/check-name', {}),
  'POST /api/v1/accounts/check-login': publicCase('/api/v1/accounts/check-login', {}),
  'POST /api/v1/accounts': publicCase('/api/v1/accounts', {}),
  'POST /api/v1/accounts/activate': publicCase('/api/v1/accounts/activate', {}),
  'POST /api/v1/accounts/activation/resend': publicCase('/api/v1/accounts/activation/resend', {}),
  'POST /api/v1/accounts/password/forgot': publicCase('/api/v1/accounts/password/forgot', {}),
  'POST /api/v1/accounts/password/reset': publicCase('/api/v1/accounts/password/reset', {}),
  // The provider's notification and the development payment simulator (the provider's own page) need no session.
  'POST /api/v1/payments/notify/{provider}': publicCase('/api/v1/payments/notify/simulator', {}),
  'GET /api/v1/payments/simulator/{id}': {
    allow: EVERYONE,
    request: (fx) => at(`/api/v1/payments/simulator/${fx.paymentId}`),
  },
  'POST /api/v1/payments/simulator/{id}/pay': {
    allow: EVERYONE,
    request: (fx) => at(`/api/v1/payments/simulator/${fx.paymentId}/pay`),
  },

  // ---- stations (README, threat model of the CA lock): the CA desk sees every token; an applicant blank ones and its own UKeys
  'GET /api/v1/stations/{id}/tokens': {
    allow: [...APPLICANTS, ...CA_DESK],
    blind: ['applicantB'],
    request: (fx) => at(`/api/v1/stations/${fx.stationId}/tokens`),
  },
  'GET /api/v1/stations': { allow: [...APPLICANTS, ...CA_DESK], request: () => at('/api/v1/stations') },

  // ---- signed-in basics ----------------------------------------------------------------------------
  'POST /api/v1/auth/logout': { allow: SIGNED_IN, ownSession: true, request: () => at('/api/v1/auth/logout') },
  'GET /api/v1/auth/me': { allow: SIGNED_IN, request: () => at('/api/v1/auth/me') },
  'GET /api/v1/comment-phrases': { allow: SIGNED_IN, request: () => at('/api/v1/comment-phrases') },
  'POST /api/v1/comment-phrases': { allow: ['admin'], request: () => at('/api/v1/comment-phrases', {}) },
  'PUT /api/v1/comment-phrases/{id}': {
    allow: ['admin'],
    request: (fx) => at(`/api/v1/comment-phrases/${fx.phraseId}`, {}),
  },
  'DELETE /api/v1/comment-phrases/{id}': {
    allow: ['admin'],
    request: (fx) => at(`/api/v1/comment-phrases/${fx.doomedPhraseId}`),
  },
  'POST /api/v1/admin/users': { allow: ['admin'], request: () => at('/api/v1/admin/users', {}) },
  'GET /api/v1/admin/users': { allow: ['admin'], request: () => at('/api/v1/admin/users') },
  'PATCH /api/v1/admin/users/{id}': {
    allow: ['admin'],
    request: (fx) => at(`/api/v1/admin/users/${fx.staffUserId}`, { displayName: '矩阵 测试' }),
  },
  'POST /api/v1/ca/catalog': { allow: ['admin'], request: () => at('/api/v1/ca/catalog', {}) },
  'PUT /api/v1/ca/catalog/{id}': { allow: ['admin'], request: (fx) => at(`/api/v1/ca/catalog/${fx.serviceId}`, {}) },
  'GET /api/v1/dev/outbox': { allow: OVERSEERS, request: () => at('/api/v1/dev/outbox') },
  'POST /codec/decode': { allow: OVERSEERS, request: () => at('/codec/decode', { payloads: [] }) },
  'POST /codec/encode': { allow: OVERSEERS, request: () => at('/codec/encode', { payloads: [] }) },

  // ---- human tasks: the candidate role decides; overseers see; applicants never see a task -------------
  // (an applicant's inbox is empty: it is staff work, and tasks name the people who hold them)
  'GET /api/v1/tasks': {
    allow: SIGNED_IN,
    blind: APPLICANTS,
    request: (fx) => at(`/api/v1/tasks?processId=${fx.reviewedOrderProcessId}`),
  },
  'GET /api/v1/tasks/{id}': [
    {
      on: "A's order review (ca_admin)",
      allow: ['ca_admin', ...OVERSEERS],
      request: (fx) => at(`/api/v1/tasks/${fx.reviewTaskId}`),
    },
    {
      on: "C's registration review",
      allow: ['registration_reviewer', ...OVERSEERS],
      request: (fx) => at(`/api/v1/tasks/${fx.openRegistrationTaskId}`),
    },
  ],
  'POST /api/v1/tasks/{id}/claim': {
    allow: ['ca_admin'],
    request: (fx) => at(`/api/v1/tasks/${fx.reviewTaskId}/claim`),
  },
  'POST /api/v1/tasks/{id}/unclaim': {
    allow: ['ca_admin'],
    request: (fx) => at(`/api/v1/tasks/${fx.reviewTaskId}/unclaim`),
  },
  'POST /api/v1/tasks/{id}/complete': {
    allow: ['ca_admin'],
    request: (fx) => at(`/api/v1/tasks/${fx.reviewTaskId}/complete`, { outcome: 'not-an-outcome' }),
  },

  // ---- process records: the enterprise whose case it is, the roles that work or comment on it, overseers --
  'GET /api/v1/processes': { allow: OVERSEERS, request: () => at('/api/v1/processes') },
  'GET /api/v1/processes/{id}': [
    {
      on: "A's registration (closed)",
      allow: ['applicantA', 'registration_reviewer', 'supervisor', ...OVERSEERS],
      request: (fx) => at(`/api/v1/processes/${fx.registrationProcessId}`),
    },
    {
      on: "C's registration (open)",
      allow: ['registration_reviewer', 'supervisor', ...OVERSEERS],
      request: (fx) => at(`/api/v1/processes/${fx.openRegistrationProcessId}`),
    },
    {
      on: "A's unpaid order",
      allow: ORDER_READERS,
      request: (fx) => at(`/api/v1/processes/${fx.unpaidOrderProcessId}`),
    },
    {
      on: "A's binding (closed)",
      allow: ['applicantA', 'binding_admin', ...OVERSEERS],
      request: (fx) => at(`/api/v1/processes/${fx.bindingProcessId}`),
    },
  ],
  'GET /api/v1/processes/{id}/history': [
    {
      on: "A's registration (closed)",
      allow: ['applicantA', 'registration_reviewer', 'supervisor', ...OVERSEERS],
      request: (fx) => at(`/api/v1/processes/${fx.registrationProcessId}/history`),
    },
    {
      on: "C's registration (open)",
      allow: ['registration_reviewer', 'supervisor', ...OVERSEERS],
      request: (fx) => at(`/api/v1/processes/${fx.openRegistrationProcessId}/history`),
    },
    {
      on: "A's unpaid order",
      allow: ORDER_READERS,
      request: (fx) => at(`/api/v1/processes/${fx.unpaidOrderProcessId}/history`),
    },
  ],
  'GET /api/v1/processes/{id}/history/raw': {
    allow: OVERSEERS,
    request: (fx) => at(`/api/v1/processes/${fx.registrationProcessId}/history/raw`),
  },
  // The workflows name who comments: the enterprise, the process's commenting roles, its task roles.
  'POST /api/v1/processes/{id}/comments': [
    {
      on: "A's unpaid order",
      allow: ['applicantA', 'ca_admin', 'finance'],
      request: (fx) => at(`/api/v1/processes/${fx.unpaidOrderProcessId}/comments`, { text: '矩阵测试意见' }),
    },
    {
      on: "C's registration (open)",
      allow: ['registration_reviewer', 'supervisor'],
      request: (fx) => at(`/api/v1/processes/${fx.openRegistrationProcessId}/comments`, { text: '矩阵测试意见' }),
    },
  ],

  // ---- registration (process 1) ----------------------------------------------------------------------
  'GET /api/v1/enterprise/profile': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    request: () => at('/api/v1/enterprise/profile'),
  },
  'PUT /api/v1/enterprise/profile': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    request: () => at('/api/v1/enterprise/profile', { memberCategory: 'not-a-category' }),
  },
  'GET /api/v1/enterprise/attachments': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    request: () => at('/api/v1/enterprise/attachments'),
  },
  'POST /api/v1/enterprise/attachments': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    request: () => upload('/api/v1/enterprise/attachments', 'other'),
  },
  'DELETE /api/v1/enterprise/attachments/{id}': {
    allow: ['applicantA'],
    request: (fx) => at(`/api/v1/enterprise/attachments/${fx.registrationAttachmentId}`),
  },
  'GET /api/v1/attachments/{id}/content': [
    {
      on: "A's registration scan",
      allow: ['applicantA', 'registration_reviewer', 'supervisor', ...OVERSEERS],
      request: (fx) => at(`/api/v1/attachments/${fx.registrationAttachmentId}/content`),
    },
    {
      on: "A's order material",
      allow: ORDER_READERS,
      request: (fx) => at(`/api/v1/attachments/${fx.materialId}/content`),
    },
  ],
  'POST /api/v1/enterprise/registration/submit': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    request: () => at('/api/v1/enterprise/registration/submit', {}),
  },
  'GET /api/v1/enterprise/registration': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    request: () => at('/api/v1/enterprise/registration'),
  },
  'POST /api/v1/enterprise/registration/withdraw': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    request: () => at('/api/v1/enterprise/registration/withdraw', {}),
  },
  'GET /api/v1/registrations/{id}': {
    allow: ['registration_reviewer', 'supervisor', ...OVERSEERS],
    request: (fx) => at(`/api/v1/registrations/${fx.registrationProcessId}`),
  },

  // ---- certificate orders (processes 2 and 3): the enterprise, and the vendor's staff -------------------
  'GET /api/v1/ca/orders/prefill': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    request: () => at('/api/v1/ca/orders/prefill'),
  },
  'POST /api/v1/ca/orders': { allow: APPLICANTS, blind: ['applicantB'], request: () => at('/api/v1/ca/orders', {}) },
  'GET /api/v1/ca/orders': {
    allow: [...APPLICANTS, 'ca_admin', 'finance', ...OVERSEERS],
    blind: ['applicantB'],
    request: () => at('/api/v1/ca/orders'),
  },
  'GET /api/v1/ca/orders/{id}': { allow: ORDER_READERS, request: (fx) => at(`/api/v1/ca/orders/${fx.orderId}`) },
  'DELETE /api/v1/ca/orders/{id}': { allow: ['applicantA'], request: (fx) => at(`/api/v1/ca/orders/${fx.orderId}`) },
  'GET /api/v1/ca/orders/{id}/application-form.pdf': {
    allow: ORDER_READERS,
    request: (fx) => at(`/api/v1/ca/orders/${fx.orderId}/application-form.pdf`),
  },
  'GET /api/v1/ca/orders/{id}/state': {
    allow: ['ca_admin', ...OVERSEERS],
    request: (fx) => at(`/api/v1/ca/orders/${fx.orderId}/state`),
  },
  'POST /api/v1/ca/orders/{id}/materials': {
    allow: ['applicantA'],
    request: (fx) => upload(`/api/v1/ca/orders/${fx.reviewedOrderId}/materials`, 'other'),
  },
  'DELETE /api/v1/ca/orders/{id}/materials/{attachmentId}': {
    allow: ['applicantA'],
    request: (fx) => at(`/api/v1/ca/orders/${fx.reviewedOrderId}/materials/${fx.materialId}`),
  },
  'POST /api/v1/ca/orders/{id}/materials/submit': {
    allow: ['applicantA'],
    request: (fx) => at(`/api/v1/ca/orders/${fx.orderId}/materials/submit`),
  },
  'POST /api/v1/ca/orders/{id}/payments': {
    allow: ['applicantA'],
    request: (fx) => at(`/api/v1/ca/orders/${fx.orderId}/payments`),
  },
  'POST /api/v1/ca/orders/{id}/payments/bank-transfer': {
    allow: ['applicantA'],
    request: (fx) =>
      at(`/api/v1/ca/orders/${fx.orderId}/payments/bank-transfer`, { slipAttachmentId: 'none', amountFen: 1 }),
  },
  'GET /api/v1/ca/production': { allow: APPLICANTS, blind: ['applicantB'], request: () => at('/api/v1/ca/production') },
  'POST /api/v1/ca/orders/{id}/tokens': {
    allow: ['applicantA'],
    request: (fx) =>
      at(`/api/v1/ca/orders/${fx.orderId}/tokens`, {
        stationId: fx.stationId,
        tokenSerial: fx.tokenSerial,
        authCode: 'ZZZZZZ',
      }),
  },
  'POST /api/v1/ca/orders/{id}/auth-code/reissue': {
    allow: ['ca_admin'],
    request: (fx) => at(`/api/v1/ca/orders/${fx.orderId}/auth-code/reissue`),
  },
  // Delivery (我的签收): the enterprise's own dispatched orders; 确认签收 by the ordering enterprise only
  // (A's order is still in production, so A's confirmation is refused for its state: 409).
  'GET /api/v1/ca/deliveries': { allow: APPLICANTS, blind: ['applicantB'], request: () => at('/api/v1/ca/deliveries') },
  'POST /api/v1/ca/orders/{id}/receipt': {
    allow: ['applicantA'],
    request: (fx) => at(`/api/v1/ca/orders/${fx.orderId}/receipt`, {}),
  },
  'GET /api/v1/ca/certificates': {
    allow: SIGNED_IN,
    blind: ['applicantB', 'registration_reviewer', 'finance', 'binding_admin', 'supervisor'],
    request: () => at('/api/v1/ca/certificates'),
  },
  'POST /api/v1/ca/certificates/{serial}/revoke': {
    allow: ['ca_admin'],
    request: (fx) => at(`/api/v1/ca/certificates/${fx.certificateSerial}/revoke`, {}),
  },

  // ---- 选择人员: the registration reviewers' login and display names, to anyone signed in
  'GET /api/v1/reviewers': { allow: SIGNED_IN, namesStaff: true, request: () => at('/api/v1/reviewers') },
  // 银行汇款: the vendor's account, shown to anyone signed in who may pay an order.
  'GET /api/v1/payments/bank-account': { allow: SIGNED_IN, request: () => at('/api/v1/payments/bank-account') },

  // ---- CA-lock binding (process 4): the enterprise's own table --------------------------------------
  'POST /api/v1/enterprise/ca-bindings/read-lock': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    request: (fx) =>
      at('/api/v1/enterprise/ca-bindings/read-lock', { stationId: fx.stationId, tokenSerial: fx.tokenSerial }),
  },
  'POST /api/v1/enterprise/ca-bindings': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    request: (fx) => at('/api/v1/enterprise/ca-bindings', { stationId: fx.stationId, tokenSerial: fx.tokenSerial }),
  },
  'GET /api/v1/enterprise/ca-bindings': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    request: () => at('/api/v1/enterprise/ca-bindings'),
  },
  'DELETE /api/v1/enterprise/ca-bindings/{id}': {
    allow: ['applicantA'],
    request: (fx) => at(`/api/v1/enterprise/ca-bindings/${fx.bindingId}`),
  },
  'POST /api/v1/enterprise/ca-bindings/{id}/removal': {
    allow: ['applicantA'],
    request: (fx) => at(`/api/v1/enterprise/ca-bindings/${fx.bindingId}/removal`, {}),
  },
  'POST /api/v1/enterprise/ca-bindings/submit': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    request: () => at('/api/v1/enterprise/ca-bindings/submit', {}),
  },
  // The changes a binding process reviews, with their certificates: the process access rule.
  'GET /api/v1/processes/{id}/binding-changes': {
    allow: ['applicantA', 'binding_admin', ...OVERSEERS],
    request: (fx) => at(`/api/v1/processes/${fx.bindingProcessId}/binding-changes`),
  },
  // A's report revokes A's certificate: after everything else.
  'POST /api/v1/enterprise/certificates/{serial}/report-lost': {
    allow: ['applicantA'],
    last: true,
    request: (fx) => at(`/api/v1/enterprise/certificates/${fx.certificateSerial}/report-lost`, { kind: 'lost' }),
  },
  // 验证码登录: asking for a sign-in code and signing in with it are for anyone (captcha first, limits per number and source).
  'POST /api/v1/auth/code': publicCase('/api/v1/auth/code', {}),
  'POST /api/v1/auth/code/login': publicCase('/api/v1/auth/code/login', {}),
  // ---- change of enterprise information (变更): the enterprise, and the registration reviewers ------------
  'GET /api/v1/enterprise/change': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    request: () => at('/api/v1/enterprise/change'),
  },
  'POST /api/v1/enterprise/change/attachments': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    request: () => upload('/api/v1/enterprise/change/attachments', 'other'),
  },
  'DELETE /api/v1/enterprise/change/attachments/{id}': {
    allow: ['applicantA'],
    request: (fx) => at(`/api/v1/enterprise/change/attachments/${fx.changeEvidenceId}`),
  },
  'POST /api/v1/enterprise/change/submit': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    request: () => at('/api/v1/enterprise/change/submit', {}),
  },
  'POST /api/v1/enterprise/change/withdraw': {
    allow: APPLICANTS,
    blind: ['applicantB'],
    last: true,
    request: () => at('/api/v1/enterprise/change/withdraw', {}),
  },
  'GET /api/v1/enterprise-changes/{id}': {
    allow: ['registration_reviewer', 'supervisor', ...OVERSEERS],
    request: (fx) => at(`/api/v1/enterprise-changes/${fx.changeProcessId}`),
  },
  // WeChat Pay's notification needs no session (its platform signature is checked).
  'POST /api/v1/payments/notify/wechatpay': publicCase('/api/v1/payments/notify/wechatpay', {}),
  // 续期: the renewal of the enterprise's own certificate, pre-filled and placed (B is told there is none).
  'GET /api/v1/enterprise/certificates/{serial}/renewal': {
    allow: ['applicantA'],
    request: (fx) => at(`/api/v1/enterprise/certificates/${fx.certificateSerial}/renewal`),
  },
  'POST /api/v1/enterprise/certificates/{serial}/renewal': {
    allow: ['applicantA'],
    request: (fx) => at(`/api/v1/enterprise/certificates/${fx.certificateSerial}/renewal`, {}),
  },
};

/** The staff identities (one user each). */
export const STAFF_IDENTITIES = STAFF as readonly Exclude<
  Identity,
  'anonymous' | 'forged' | 'applicantA' | 'applicantB'
>[];
