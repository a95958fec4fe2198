/** The application database, table by table (kysely types). Schema changes only through `migrations/`. */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { TaskDecision, TaskFormField } from '../../contracts/tasks';
import type { Bilingual } from '../../domain/text';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultNow = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** A staff member or an enterprise account holder. */
export interface UsersTable {
  id: string;
  login_name: string;
  display_name: string;
  password_hash: string;
  kind: 'staff' | 'applicant';
  roles: ColumnType<string[], string[] | undefined, string[]>;
  enterprise_id: string | null;
  department: string | null;
  mobile: string | null;
  email: string | null;
  status: 'pending_activation' | 'active' | 'disabled';
  created_at: DefaultNow;
  updated_at: DefaultNow;
}

/** An open login session, stored by the hash of its token. */
export interface SessionsTable {
  token_hash: string;
  user_id: string;
  purpose: ColumnType<string, string | undefined, string>;
  created_at: DefaultNow;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

/** A captcha challenge; only the hash of its answer is kept. */
export interface CaptchasTable {
  id: string;
  answer_hash: string;
  expires_at: Timestamp;
}

/** Failed logins per login name, for lock-outs. */
export interface LoginFailuresTable {
  login_key: string;
  failures: number;
  first_failed_at: Timestamp;
  locked_until: Timestamp | null;
}

/** A one-time sign-in code sent to an account's mobile number or email; only its keyed hash is kept. */
export interface SignInCodesTable {
  id: string;
  user_id: string;
  /** Keyed hash of the number or address it was sent to. */
  address_hash: string;
  channel: 'sms' | 'email';
  code_hash: string;
  failures: ColumnType<number, number | undefined, number>;
  created_at: DefaultNow;
  expires_at: Timestamp;
  /** When it was used, or voided by too many wrong tries or a newer code. */
  spent_at: Timestamp | null;
}

/** A request for a sign-in code (counted for the limits per number or address and per source). */
export interface SignInCodeRequestsTable {
  id: Generated<string>;
  address_hash: string;
  source: string;
  requested_at: DefaultNow;
}

/** Read copy of a running or finished process (one per workflow). */
export interface ProcessesTable {
  id: string;
  type: string;
  title: string;
  enterprise_id: string | null;
  status: string;
  step: string | null;
  state: Json<Record<string, unknown>>;
  version: number;
  started_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
}

/** Read copy of a human task, for inboxes. */
export interface TasksTable {
  id: string;
  process_id: string;
  process_type: string;
  enterprise_id: string | null;
  kind: string;
  title: string;
  step: string;
  candidate_role: string;
  escalation_role: string | null;
  assignee_id: string | null;
  assigned_by: string | null;
  status: 'open' | 'completed' | 'cancelled';
  outcomes: Json<string[]>;
  form: Json<TaskFormField[]>;
  comment_required_for: Json<string[]>;
  four_eyes_group: string | null;
  opened_at: Timestamp;
  due_at: Timestamp;
  reminded_at: Timestamp | null;
  escalated_at: Timestamp | null;
  completed_at: Timestamp | null;
  completed_by: string | null;
  outcome: string | null;
  decision: Json<TaskDecision> | null;
  version: number;
  /** Why the process closed the task without a decision (e.g. the order was paid another way). */
  closed_reason: ColumnType<Bilingual | null, string | null | undefined, string | null>;
}

/** 意见 — a comment in a process's comment table. */
export interface ProcessCommentsTable {
  process_id: string;
  seq: number;
  step: string;
  department: string;
  actor_id: string;
  actor_name: string;
  text: string;
  task_id: string | null;
  created_at: Timestamp;
}

/** The stored answer of a mutation made with an `Idempotency-Key`. */
export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  route: string;
  request_hash: string;
  status_code: number | null;
  response: string | null;
  created_at: DefaultNow;
  completed_at: Timestamp | null;
  /** Until when the API process running the request holds it; past it, a retry takes the request over. */
  lease_until: DefaultNow;
}

/** An SMS or email sent (body sealed, and kept only for the development outbox). */
export interface NotificationsTable {
  id: Generated<string>;
  message_key: string;
  channel: 'sms' | 'email';
  recipient: string;
  template: string;
  subject: string | null;
  body_sealed: string | null;
  provider: string;
  provider_ref: string | null;
  status: 'sending' | 'sent';
  created_at: DefaultNow;
  sent_at: Timestamp | null;
}

/** A secret held by opaque reference: sealed value, looked up by the hash of the reference. */
export interface SecretRefsTable {
  ref_hash: string;
  purpose: string;
  sealed: string;
  created_at: DefaultNow;
  expires_at: Timestamp;
}

/** An enterprise (主体): registered by name, active once its registration is approved. */
export interface EnterprisesTable {
  id: string;
  entity_name: string;
  name_key: string;
  status: ColumnType<
    'pending' | 'active' | 'inactive',
    'pending' | 'active' | 'inactive' | undefined,
    'pending' | 'active' | 'inactive'
  >;
  credit_code: string | null;
  approved_profile: Json<Record<string, unknown>> | null;
  approved_by_process: string | null;
  activated_at: Timestamp | null;
  created_at: DefaultNow;
  /** Generated: lower-cased name and credit code, for the inbox's search (never written). */
  search_text: ColumnType<string, never, never>;
}

/** A one-time account link (activation, password reset), stored by its hash. */
export interface AccountTokensTable {
  token_hash: string;
  user_id: string;
  purpose: 'activate' | 'reset_password';
  created_at: DefaultNow;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** 资料完善 — an enterprise's registration profile: the draft, the submitted copy, the review status. */
export interface EnterpriseProfilesTable {
  enterprise_id: string;
  draft: ColumnType<Record<string, unknown>, string | undefined, string>;
  submitted: Json<Record<string, unknown>> | null;
  /** The snapshot of the round before `submitted`'s (null in round 1): the reviewer's diff. */
  previous_submitted: Json<Record<string, unknown>> | null;
  status: ColumnType<ProfileStatus, ProfileStatus | undefined, ProfileStatus>;
  editable_fields: Json<string[]> | null;
  process_id: string | null;
  /** Input of the submission's workflow, kept so a start that failed half-way can be made again. */
  workflow_input: Json<Record<string, unknown>> | null;
  submissions: ColumnType<number, number | undefined, number>;
  round: ColumnType<number, number | undefined, number>;
  submitted_at: Timestamp | null;
  updated_at: DefaultNow;
}

/** Status of a registration profile. */
export type ProfileStatus = 'draft' | 'in_review' | 'returned' | 'approved' | 'rejected' | 'withdrawn';

/** An uploaded file (scan), stored by content hash; `owner` is what it belongs to (`registration`, `order:<id>`). */
export interface AttachmentsTable {
  id: string;
  enterprise_id: string;
  owner: string;
  kind: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  status: ColumnType<'current' | 'replaced' | 'deleted', 'current' | undefined, 'current' | 'replaced' | 'deleted'>;
  uploaded_by: string;
  created_at: DefaultNow;
  retired_at: Timestamp | null;
}

/** 快捷输入 — a stock phrase for comments. */
export interface CommentPhrasesTable {
  id: Generated<number>;
  text: string;
  sort_order: number;
  updated_at: DefaultNow;
}

/** A certificate service of the catalogue (服务名称, 证书类型, 锁, 年限, 价格). */
export interface CaServicesTable {
  id: string;
  name: string;
  certificate_type: 'organization' | 'personal';
  lock_role: 'primary' | 'secondary';
  binding_type: ColumnType<string, string | undefined, string>;
  term_years: number;
  unit_price_fen: number;
  /** The price of renewing one certificate of the service (续期); null: not renewable. */
  renewal_price_fen: ColumnType<number | null, number | null | undefined, number | null>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  sort_order: number;
  updated_at: DefaultNow;
}

/** Status of a certificate order. */
export type OrderStatus =
  'unpaid' | 'paid' | 'in_review' | 'rejected' | 'approved' | 'in_production' | 'completed' | 'cancelled';

/** A certificate order (我的订单). */
export interface CaOrdersTable {
  id: string;
  order_no: string;
  enterprise_id: string;
  service_id: string;
  service: Json<Record<string, unknown>>;
  quantity: number;
  unit_price_fen: number;
  total_fen: number;
  status: OrderStatus;
  registration: Json<Record<string, unknown>>;
  invoice: Json<Record<string, unknown>>;
  shipping: Json<Record<string, unknown>>;
  agreement: Json<Record<string, unknown>>;
  process_id: string;
  workflow_input: Json<Record<string, unknown>>;
  created_by: string;
  paid_at: Timestamp | null;
  auth_code_hash: string | null;
  auth_code_expires_at: Timestamp | null;
  auth_code_failures: ColumnType<number, number | undefined, number>;
  auth_code_locked_at: Timestamp | null;
  pin_ref: string | null;
  created_at: DefaultNow;
  updated_at: DefaultNow;
  deleted_at: Timestamp | null;
  /** A renewal order (续期): the certificate it renews. */
  renews_serial: ColumnType<string | null, string | null | undefined, string | null>;
  /** 补办: the certificate this order re-issues (lost, broken, or its subject outdated). */
  reissue_of: ColumnType<string | null, string | null | undefined, string | null>;
  /** A renewal whose materials review was skipped (the enterprise record unchanged since issue): when. */
  review_skipped_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** A payment of an order: online (provider, trade number) or by bank transfer (remittance slip). */
export interface PaymentsTable {
  id: string;
  order_id: string;
  method: 'online' | 'bank_transfer';
  provider: string | null;
  amount_fen: number;
  status: 'pending' | 'paid' | 'refused';
  trade_no: string | null;
  slip_attachment_id: string | null;
  reason: string | null;
  created_at: DefaultNow;
  paid_at: Timestamp | null;
}

/** Money an order received but did not need (paid twice), and finance's refund of it. */
export interface OrderRefundsTable {
  id: string;
  order_id: string;
  payment_id: string;
  amount_fen: number;
  reason: string;
  status: 'open' | 'refunded' | 'not_received' | 'cancelled' | 'failed';
  comment: string | null;
  decided_by: string | null;
  created_at: DefaultNow;
  decided_at: Timestamp | null;
  /** The provider's refund ID, for money given back through it. */
  provider_refund_id: string | null;
  /** The provider's word for the refund (`SUCCESS`, `PROCESSING`, or its refusal's code). */
  provider_status: string | null;
}

/** Every notification a payment provider sent, with what became of it. */
export interface PaymentNotificationsTable {
  id: Generated<number>;
  provider: string;
  out_trade_no: string | null;
  trade_no: string | null;
  trade_status: string | null;
  amount_fen: number | null;
  outcome: string;
  received_at: DefaultNow;
}

/** One UKey being made or made for an order. */
export interface OrderTokensTable {
  id: string;
  order_id: string;
  token_serial: string;
  station_id: string;
  ukey_model: string;
  status: 'in_progress' | 'done' | 'failed';
  step: string;
  error: string | null;
  certificate_serial: string | null;
  created_at: DefaultNow;
  completed_at: Timestamp | null;
}

/** An issued certificate. */
export interface CertificatesTable {
  serial_hex: string;
  order_id: string;
  item_id: string;
  enterprise_id: string;
  token_serial: string;
  subject_dn: string;
  issuer_dn: string;
  not_before: Timestamp;
  not_after: Timestamp;
  fingerprint_sha256: string;
  pem: string;
  status: 'issued' | 'installed' | 'void' | 'revoked' | 'expired';
  revoked_at: Timestamp | null;
  revocation_reason: string | null;
  /** Where the certificate stands in its lifetime (the bindings table shows it). */
  lifecycle: ColumnType<
    'valid' | 'expiring' | 'expired' | 'revoked',
    'valid' | undefined,
    'valid' | 'expiring' | 'expired' | 'revoked'
  >;
  created_at: DefaultNow;
  /** The certificate a renewal put on the same UKey in this one's place. */
  superseded_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A token station (a worker with UKey readers), as it last announced itself. */
export interface StationsTable {
  id: string;
  name: string;
  module_path: string;
  task_queue: string;
  started_at: Timestamp;
  last_seen_at: Timestamp;
}

/** CA 绑定 — a change asked on the enterprise's CA locks (add or remove), and, once approved, a binding in force. */
export interface CaBindingsTable {
  id: string;
  enterprise_id: string;
  /** 锁号 — the token's serial. */
  token_serial: string;
  certificate_serial: string;
  subject_dn: string;
  not_after: Timestamp;
  change: 'add' | 'remove';
  review_status: 'unsubmitted' | 'pending' | 'approved' | 'rejected';
  active: ColumnType<boolean, boolean | undefined, boolean>;
  /** For a removal: the binding it ends. */
  removes_id: string | null;
  reason: string | null;
  process_id: string | null;
  created_by: string;
  created_at: DefaultNow;
  decided_at: Timestamp | null;
  ended_at: Timestamp | null;
  /** A binding that followed its UKey to a renewed certificate: the binding it replaced. */
  followed_from: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A one-time nonce for logging in with the CA lock, stored by its hash. */
export interface CaLoginChallengesTable {
  nonce_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** Status of a change request of enterprise information. */
export type ChangeRequestStatus = 'in_review' | 'returned' | 'approved' | 'rejected' | 'withdrawn';

/** 变更 — a change request of an approved enterprise's registered information. */
export interface EnterpriseChangesTable {
  /** The request's process (workflow) ID. */
  id: string;
  enterprise_id: string;
  /** The enterprise's n-th change request. */
  seq: number;
  status: ChangeRequestStatus;
  /** The approved record (profile and files) the request was made against. */
  base: Json<Record<string, unknown>>;
  /** What was submitted last: the profile and the evidence files, with the round. */
  submitted: Json<Record<string, unknown>>;
  changed_fields: Json<string[]>;
  /** After a return: the fields and files the reviewer marked (the only ones that may change). */
  editable_fields: Json<string[]> | null;
  round: ColumnType<number, number | undefined, number>;
  reason: string | null;
  workflow_input: Json<Record<string, unknown>>;
  created_by: string;
  created_at: DefaultNow;
  updated_at: DefaultNow;
  decided_at: Timestamp | null;
}

/** The delivery of an order's UKeys: dispatched (carrier, tracking number) or set aside for pickup, and the receipt. */
export interface OrderDeliveriesTable {
  order_id: string;
  status: 'awaiting_dispatch' | 'dispatched' | 'awaiting_pickup' | 'received';
  method: 'courier' | 'pickup' | null;
  carrier: string | null;
  tracking_no: string | null;
  dispatched_at: Timestamp | null;
  auto_confirm_at: Timestamp | null;
  received_at: Timestamp | null;
  confirmed_by: 'applicant' | 'auto' | null;
  updated_at: DefaultNow;
}

/** Every table of the application database. */
export interface Database {
  ca_bindings: CaBindingsTable;
  ca_login_challenges: CaLoginChallengesTable;
  ca_services: CaServicesTable;
  ca_orders: CaOrdersTable;
  payments: PaymentsTable;
  order_refunds: OrderRefundsTable;
  payment_notifications: PaymentNotificationsTable;
  order_tokens: OrderTokensTable;
  certificates: CertificatesTable;
  stations: StationsTable;
  enterprises: EnterprisesTable;
  account_tokens: AccountTokensTable;
  enterprise_profiles: EnterpriseProfilesTable;
  enterprise_changes: EnterpriseChangesTable;
  attachments: AttachmentsTable;
  comment_phrases: CommentPhrasesTable;
  users: UsersTable;
  sessions: SessionsTable;
  captchas: CaptchasTable;
  login_failures: LoginFailuresTable;
  sign_in_codes: SignInCodesTable;
  sign_in_code_requests: SignInCodeRequestsTable;
  processes: ProcessesTable;
  tasks: TasksTable;
  process_comments: ProcessCommentsTable;
  idempotency_keys: IdempotencyKeysTable;
  notifications: NotificationsTable;
  secret_refs: SecretRefsTable;
  order_deliveries: OrderDeliveriesTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type TaskRow = Selectable<TasksTable>;
export type ProcessRow = Selectable<ProcessesTable>;
export type CommentRow = Selectable<ProcessCommentsTable>;
export type EnterpriseRow = Selectable<EnterprisesTable>;
export type ProfileRow = Selectable<EnterpriseProfilesTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;
export type OrderRow = Selectable<CaOrdersTable>;
export type ServiceRow = Selectable<CaServicesTable>;
export type BindingRow = Selectable<CaBindingsTable>;
export type PaymentRow = Selectable<PaymentsTable>;
export type CertificateRow = Selectable<CertificatesTable>;
export type ChangeRequestRow = Selectable<EnterpriseChangesTable>;
