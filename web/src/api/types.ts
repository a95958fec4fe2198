/**
 * The server's types the console uses: the only place web/ reaches into the server, and only with
 * `import type` (nothing of the server is bundled). Views come from the HTTP contract (api/schemas/,
 * `Static<typeof …Schema>`); the rest of web/ imports from here.
 */
import type { Static } from '@sinclair/typebox';
import type { CreateStaffBody } from '../../../api/schemas/admin';
import type { AttachmentView } from '../../../api/schemas/attachments';
import type { CertificateListSchema, RevokeBody } from '../../../api/schemas/certificate-lifecycle';
import type { ServiceBody, ServiceView } from '../../../api/schemas/certificate-order';
import type { RenewalPlacedSchema, RenewalPrefillSchema } from '../../../api/schemas/certificate-renewal';
import type { BindingRowSchema, LockBody as LockBodySchema, LockInfoSchema } from '../../../api/schemas/binding';
import type { Submission as SubmittedRegistration } from '../../../api/repos/registration';
import type { UserView } from '../../../api/schemas/auth';
import type { ErrorBody } from '../../../api/schemas/common';
import type { ChangeViewSchema } from '../../../api/schemas/enterprise-change';
import type { DeliveryListSchema, DeliverySchema } from '../../../api/schemas/delivery';
import type { RegistrationViewSchema } from '../../../api/schemas/registration';
import type { OutboxListSchema } from '../../../api/schemas/operations';
import type {
  CommentSchema,
  PhraseSchema,
  ProcessDetailSchema,
  ProcessSummarySchema,
  ProcessTaskSchema,
  TimelineEntrySchema,
} from '../../../api/schemas/processes';
import type { InboxTaskView, TaskView } from '../../../api/schemas/tasks';
import type { TokenStep } from '../../../api/schemas/certificate-order';
import type { StationToken } from '../../../api/schemas/stations';
import type { Role } from '../../../domain/roles';
import type { FieldProblem } from '../../../domain/text';

/** A human task as `GET /api/v1/tasks` and `GET /api/v1/tasks/:id` return it. */
export type Task = TaskView;
/** An inbox row: a task with its enterprise's name and credit code and its assignee's name. */
export type InboxTask = InboxTaskView;
/** The signed-in user as `GET /api/v1/auth/me` returns it. */
export type User = UserView;
/** One field of a task's form. */
export type TaskFormField = Task['form'][number];
/** 意见 — a row of a process's comment table. */
export type ProcessComment = Static<typeof CommentSchema>;
/** 快捷输入 — a stock phrase. */
export type Phrase = Static<typeof PhraseSchema>;
/** A process in a list (`GET /processes`). */
export type ProcessSummary = Static<typeof ProcessSummarySchema>;
/** A process with its state, tasks and comments (`GET /processes/:id`). */
export type ProcessDetail = Static<typeof ProcessDetailSchema>;
/** A task of a process as its page shows it (`GET /processes/:id`; who decided is hidden from applicants). */
export type ProcessTask = Static<typeof ProcessTaskSchema>;
/** One line of a process's timeline (`GET /processes/:id/history`). */
export type TimelineEntry = Static<typeof TimelineEntrySchema>;
/** An issued certificate (`GET /ca/certificates`). */
export type Certificate = Static<typeof CertificateListSchema>['items'][number];
/** A revocation reason code (`POST /ca/certificates/:serial/revoke`). */
export type RevocationReason = Static<typeof RevokeBody>['reason'];
/** A new staff user as an admin writes it (`POST /admin/users`). */
export type NewStaffUser = Static<typeof CreateStaffBody>;
/** A certificate service of the catalogue (`GET /ca/catalog`). */
export type Service = ServiceView;
/** A service as an admin writes it (`PUT /ca/catalog/:id`). */
export type ServiceInput = Static<typeof ServiceBody>;
/** A message the development outbox holds (`GET /dev/outbox`). */
export type OutboxMessage = Static<typeof OutboxListSchema>['items'][number];
/** An uploaded file. */
export type Attachment = AttachmentView;

/** A submission as a reviewer reads it (`GET /registrations/:processId`; the route has no schema yet). */
export interface RegistrationSubmission {
  processId: string;
  enterprise: { id: string; entityName: string; status: string };
  status: string;
  step: string | null;
  state: Record<string, unknown>;
  /** The profile and files as submitted (null once a newer submission replaced it). */
  submitted: SubmittedRegistration | null;
  /** What the round before submitted (null in round 1): the diff a reviewer reads. */
  previous?: SubmittedRegistration | null;
  editableFields: string[] | null;
}

/** An order as vendor staff read it (`GET /ca/orders/:id`; the route has no schema yet). */
export interface OrderDetail {
  id: string;
  orderNo: string;
  processId: string;
  status: string;
  step: string | null;
  reason: string | null;
  service: Record<string, unknown>;
  quantity: number;
  unitPriceFen: number;
  totalFen: number;
  remaining: number;
  /** The organisation and handler as ordered (api/repos/orders.ts `OrderRegistration`). */
  registration: {
    organization: { name: string; creditCode: string; address: string; landline: string };
    legalRepresentative: { name: string };
    handler: { name: string; mobile: string };
  };
  authCode: { expiresAt: string; locked: boolean; failures: number } | null;
  payments: {
    id: string;
    method: string;
    /** The online provider (`simulator`, `alipay`, `wechatpay`); none for a bank transfer. */
    provider?: string | null;
    amountFen: number;
    status: string;
    reason: string | null;
    paidAt: string | null;
  }[];
  /** Money the order did not need, and finance's refund of it (through the provider for an online payment). */
  refunds?: OrderRefund[];
  materials: Attachment[];
  /** 收货信息 — where the UKeys go, as ordered. */
  shipping: {
    courier: string;
    recipient: string;
    province: string;
    city: string;
    street: string;
    landline?: string;
    mobile: string;
  };
  tokens: { itemId: string; tokenSerial: string; ukeyModel: string; step: string; certificateSerial: string | null }[];
  /** The delivery of the UKeys, once every one is made. */
  delivery: Delivery | null;
  createdAt: string;
  /** 补办 — the certificate this order replaces (null for other orders). */
  reissueOf?: string | null;
  /** 续期 — what a renewal order renews (null for other orders). */
  renewal?: {
    certificateSerial: string;
    tokenSerial: string;
    changedFields: string[];
    reviewSkippedAt: string | null;
  } | null;
}

/** A refund of an order (api/repos/orders.ts): open until finance answers; `failed` when the provider refused it. */
export interface OrderRefund {
  id: string;
  paymentId: string;
  amountFen: number;
  reason: string;
  status: 'open' | 'refunded' | 'not_received' | 'cancelled' | 'failed';
  comment: string | null;
  providerRefundId: string | null;
  providerStatus: string | null;
  createdAt: string;
  decidedAt: string | null;
}
/** The delivery of an order's UKeys (物流信息). */
export type Delivery = Static<typeof DeliverySchema>;
/** An order of 我的签收, with its delivery. */
export type DeliveryRow = Static<typeof DeliveryListSchema>['items'][number];
/** 续期 — the renewal order pre-filled (`GET /enterprise/certificates/:serial/renewal`). */
export type RenewalPrefill = Static<typeof RenewalPrefillSchema>;
/** A renewal order placed (`POST /enterprise/certificates/:serial/renewal`). */
export type RenewalPlaced = Static<typeof RenewalPlacedSchema>;

/** A list page: `{ items, nextCursor }`. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A problem with one input field, named by its JSON path (the server's `FieldProblem`). */
export type FieldError = FieldProblem;

export type { ErrorBody, Role };

/** A binding change a binding process reviews, with the certificate read off its lock at read-lock time. */
export type BindingChange = Static<typeof BindingRowSchema>;

/** 获取锁信息 — the UKey read at a station, and its certificate (`POST /enterprise/ca-bindings/read-lock`). */
export type LockInfo = Static<typeof LockInfoSchema>;
/** The UKey to read: plugged in here (serial and certificate, from the agent), or in a station's reader. */
export type LockBody = Static<typeof LockBodySchema>;
/** The registration as its applicant reads it (`GET /enterprise/registration`). */
export type RegistrationView = Static<typeof RegistrationViewSchema>;
/** A token in a station's reader (`GET /stations/:id/tokens`: for an applicant, blank ones and its own). */
export type ReaderToken = StationToken;
export type { TokenStep };

/** 变更 — the approved record, the evidence being prepared and the latest change request (`GET /enterprise/change`). */
export type ChangeView = Static<typeof ChangeViewSchema>;
/** A change request as a reviewer reads it (`GET /enterprise-changes/:id`): the request as submitted, the approved record as `previous`. */
export type ChangeSubmission = RegistrationSubmission & { changedFields: string[] };
