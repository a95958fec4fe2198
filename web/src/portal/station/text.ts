/** Words of the applicant's station, binding, certificate and case screens, from the guide's 三 and 四. */
import { msg, type Bilingual } from '../../i18n';
import { BINDING_PHONE } from './case';

/** Shared words. */
export const TEXT = {
  refresh: msg('刷新', 'Refresh'),
  make: msg('制证', 'Make UKeys'),
  close: msg('关闭', 'Close'),
  ok: msg('确定', 'OK'),
  cancel: msg('取消', 'Cancel'),
  view: msg('查看', 'View'),
  actions: msg('操作', 'Actions'),
};

/** A15 待制作证书. */
export const PRODUCTION_TEXT = {
  title: msg('待制作证书', 'Certificates to make'),
  orderName: msg('订单名称', 'Order'),
  company: msg('公司名称', 'Company'),
  orderNo: msg('订单号', 'Order no.'),
  orderedAt: msg('下单时间', 'Ordered at'),
  unitPrice: msg('单价(元)', 'Unit price (yuan)'),
  quantity: msg('数量', 'Quantity'),
  remaining: (n: number) => msg(`剩余 ${n}`, `${n} left`),
  serviceType: msg('服务类型', 'Service type'),
  newIssue: msg('新领', 'New'),
  empty: msg('没有待制作的证书', 'No certificate is waiting to be made'),
  stations: msg('制证工作站', 'Token stations'),
  online: msg('在线', 'online'),
  noStation: msg('当前没有在线的制证工作站，请联系 CA 机构', 'No token station is online; contact the CA vendor'),
  prerequisite: msg(
    '使用前提：已购买相应的服务且资料已通过审核，已收到操作授权码（短信）和空白 UKey。',
    'Before you start: the service is bought and its materials approved, and you have the authorisation code (by SMS) and blank UKeys.',
  ),
};

/** The steps of making one UKey, as progress shows them. */
export const STEP_LABELS: Record<string, Bilingual> = {
  queued: msg('排队中', 'Queued'),
  generating_key: msg('生成密钥', 'Generating the key'),
  issuing_certificate: msg('签发证书', 'Issuing the certificate'),
  writing_certificate: msg('写入证书', 'Writing the certificate'),
  done: msg('完成', 'Done'),
  failed: msg('失败', 'Failed'),
};

/** A16 制证. */
export const MAKE_TEXT = {
  title: msg('制证', 'Make UKeys'),
  back: msg('返回待制作证书', 'Back to certificates to make'),
  instructions: msg('操作说明', 'Instructions'),
  rule1: msg('此时插入的必须是空白未使用过的 UKey', 'The UKey inserted must be blank and never used'),
  renewalRule1: msg(
    '续期：此时插入的必须是要续期的原 UKey',
    'Renewal: the UKey inserted must be the one being renewed',
  ),
  rule2: msg(
    '剩余待制证数量：无需填写，制证成功后会自动减 1',
    'Remaining: nothing to fill in; it goes down by 1 with each UKey made',
  ),
  rule3: msg('UKey 序号：无需填写，自动读取', 'UKey serial: nothing to fill in, it is read automatically'),
  rule4: msg('授权码：经办人手机短信收到的制证授权码', 'Authorisation code: the code the handler received by SMS'),
  rule5: msg(
    '进度“完成”后，点击【确定】即完成该 UKey 的证书制作',
    'When the progress shows “Done”, press OK to finish this UKey',
  ),
  station: msg('制证工作站', 'Token station'),
  readers: msg('读卡器中的 UKey', 'UKeys in the readers'),
  readersHint: msg('每 3 秒自动读取', 'Read again every 3 seconds'),
  serial: msg('UKey 序号', 'UKey serial'),
  label: msg('标签', 'Label'),
  model: msg('UKey 型号', 'UKey model'),
  state: msg('状态', 'State'),
  blank: msg('空白', 'Blank'),
  holds: msg('已有证书', 'Holds a certificate'),
  pinLocked: msg('PIN 已锁定', 'PIN locked'),
  noToken: msg('请插入空白 UKey', 'Insert a blank UKey'),
  noBlank: msg(
    '读卡器中没有空白 UKey，请插入新的空白 UKey',
    'There is no blank UKey in the readers; insert a new blank UKey',
  ),
  noRenewed: (serial: string) =>
    msg(`请插入要续期的 UKey（锁号 ${serial}）`, `Insert the UKey being renewed (${serial})`),
  renewal: (serial: string) =>
    msg(
      `续期：在原 UKey（锁号 ${serial}）上写入新证书`,
      `Renewal: the new certificate goes on the same UKey (${serial})`,
    ),
  renewalHint: msg(
    '生成新的密钥对并写入新证书，验证通过后原证书作废（superseded），CA 锁绑定随之转到新证书；完成后 UKey 的 PIN 为短信中的初始 PIN。',
    'A new key pair and certificate are written; once verified, the old certificate is superseded and the CA-lock binding moves to the new one. Afterwards the UKey’s PIN is the initial PIN from the SMS.',
  ),
  remaining: msg('剩余待制证数量', 'Remaining to make'),
  authCode: msg('授权码', 'Authorisation code'),
  authCodeHint: msg('短信中的 6 位制证授权码', 'The 6-character code from the SMS'),
  authCodeLength: msg('授权码为 6 位', 'The authorisation code has 6 characters'),
  authCodeRequired: msg('请填写授权码', 'Enter the authorisation code'),
  authCodeLocked: msg(
    '授权码输错次数过多已锁定，请联系 CA 管理员重新下发',
    'The authorisation code is locked after too many wrong attempts; ask the CA administrator to re-issue it',
  ),
  failures: (n: number) => msg(`已输错 ${n} 次`, `${n} wrong ${n === 1 ? 'attempt' : 'attempts'} so far`),
  confirm: msg('确认', 'Confirm'),
  progress: msg('制证进度', 'Progress'),
  making: (serial: string) => msg(`正在制作 UKey ${serial}`, `Making UKey ${serial}`),
  made: (serial: string) => msg(`UKey ${serial} 制作完成`, `UKey ${serial} is made`),
  failed: (serial: string) => msg(`UKey ${serial} 制证失败`, `Making UKey ${serial} failed`),
  next: msg('拔下已制好的 Ukey，插入新的空白 Ukey', 'Unplug the UKey just made and insert a new blank UKey'),
  allMade: msg('本订单的 UKey 已全部制作完成', 'Every UKey of this order is made'),
  toBindings: msg('下一步：CA 锁绑定', 'Next: bind the CA locks'),
  renewed: msg(
    'UKey 续期完成：新证书已写入，原证书已作废；CA 锁绑定（如有）已随 UKey 转到新证书',
    'The UKey is renewed: the new certificate is on it, the old one superseded; its CA-lock binding, if any, followed it',
  ),
  toCertificates: msg('查看我的证书', 'See my certificates'),
  ukeys: msg('本订单的 UKey', 'UKeys of this order'),
  certificate: msg('证书序列号', 'Certificate serial'),
  noneYet: msg('尚未制作', 'None made yet'),
  notFound: msg('订单不存在', 'No such order'),
};

/** A17 CA 绑定信息 (企业信息 → 基础信息). */
export const BINDING_TEXT = {
  enterprise: msg('企业信息', 'Enterprise'),
  basic: msg('基础信息', 'Basic information'),
  title: msg('CA 绑定信息', 'CA bindings'),
  no: msg('序号', 'No.'),
  lockNo: msg('锁号', 'Lock no.'),
  subject: msg('主题', 'Subject'),
  expiresAt: msg('到期时间', 'Expires'),
  usage: msg('使用状态', 'Usage'),
  change: msg('变更状态', 'Change'),
  review: msg('审核状态', 'Review'),
  add: msg('添加', 'Add'),
  delete: msg('删除', 'Delete'),
  removal: msg('申请解绑', 'Ask to unbind'),
  submit: msg('提交', 'Submit'),
  submitTitle: msg('提交 CA 绑定信息', 'Submit the CA bindings'),
  submitConfirm: msg(
    '提交后由交易中心审核，审核通过后方可使用 CA。确定提交吗？',
    'The trading centre then reviews them; the CA lock can be used once approved. Submit now?',
  ),
  submitted: msg(
    `已提交。请联系管理员电话 ${BINDING_PHONE}，审核通过后方可使用 CA。`,
    `Submitted. Call the administrator on ${BINDING_PHONE}; the CA lock can be used once approved.`,
  ),
  nothingToSubmit: msg('没有待提交的变更', 'There is no change to submit'),
  deleteConfirm: (lockNo: string) => msg(`删除锁号 ${lockNo} 的新增记录？`, `Delete the addition of lock ${lockNo}?`),
  removalConfirm: (lockNo: string) =>
    msg(
      `申请解除锁号 ${lockNo} 的绑定？提交后经审核生效。`,
      `Ask to unbind lock ${lockNo}? It takes effect once approved.`,
    ),
  dialog: msg('CA锁绑定新增', 'Add a CA lock'),
  dialogHint: msg(
    '将 CA 锁（UKey）插入本机，选择它，点“获取锁信息”；也可以在制证工作站的读卡器中读取。',
    'Plug the CA lock (UKey) into this computer, choose it and press “Read the lock”; or read it in a reader of a token station.',
  ),
  source: msg('读取位置', 'Read it on'),
  here: msg('本机（UKey 助手）', 'This computer (UKey helper)'),
  stationPrefix: msg('制证工作站：', 'Token station: '),
  token: msg('UKey', 'UKey'),
  tokenRequired: msg('请选择 UKey', 'Choose the UKey'),
  noTokens: msg('读卡器中没有本企业的 UKey', 'No UKey of this enterprise is in the readers'),
  noTokensHere: msg('本机未插入存有证书的 UKey', 'No UKey holding a certificate is plugged into this computer'),
  readLock: msg('获取锁信息', 'Read the lock'),
  confirmReturn: msg('确认并返回', 'Confirm and return'),
  certificateSerial: msg('证书序列号', 'Certificate serial'),
  issuer: msg('颁发者', 'Issuer'),
  validity: msg('有效期', 'Valid'),
  alreadyBound: msg('该 UKey 已绑定', 'This UKey is already bound'),
  reason: msg('审核意见', 'Reviewer’s reason'),
  createdAt: msg('添加时间', 'Added'),
  details: msg('CA 绑定详情', 'CA binding'),
  empty: msg('尚未添加 CA 锁', 'No CA lock added yet'),
};

/** A18 my certificates. */
export const CERTIFICATE_TEXT = {
  title: msg('我的证书', 'My certificates'),
  serial: msg('证书序列号', 'Serial'),
  ukey: msg('UKey（锁号）', 'UKey'),
  validTo: msg('有效期至', 'Valid to'),
  status: msg('状态', 'Status'),
  lost: msg('挂失', 'Report lost'),
  broken: msg('损坏', 'Report broken'),
  lostTitle: msg('UKey 挂失', 'Report a lost UKey'),
  brokenTitle: msg('UKey 损坏', 'Report a broken UKey'),
  reportHint: msg(
    '提交后该证书立即吊销，CA 锁绑定同时解除；之后可申请补办（重新下单）。',
    'The certificate is revoked at once and its CA binding ends; you can then order a replacement.',
  ),
  note: msg('说明（选填）', 'Note (optional)'),
  confirmReport: msg('确认提交', 'Submit'),
  reported: (serial: string) => msg(`证书 ${serial} 已吊销。`, `Certificate ${serial} is revoked.`),
  reissue: msg('申请补办（重新下单）', 'Order a replacement'),
  empty: msg('暂无证书', 'No certificate yet'),
  subjectOutdated: msg(
    '企业名称或统一社会信用代码已变更，证书主题信息与企业资料不符',
    'The enterprise name or credit code changed: the subject no longer matches',
  ),
  reissueChanged: msg('按新资料补办证书', 'Re-issue with the new details'),
  renewal: msg('续期', 'Renewal'),
  renew: msg('续期', 'Renew'),
  renewalOrder: (orderNo: string) => msg(`续期订单 ${orderNo}`, `Renewal order ${orderNo}`),
  newOrder: msg('重新下单', 'Place a new order'),
  superseded: msg('已由续期证书替代', 'Superseded by its renewal'),
};

/** 续期 — the renewal order pre-filled from a certificate. */
export const RENEWAL_TEXT = {
  title: msg('证书续期', 'Renew a certificate'),
  back: msg('返回我的证书', 'Back to my certificates'),
  certificate: msg('续期的证书', 'Certificate renewed'),
  serial: msg('证书序列号', 'Serial'),
  ukey: msg('UKey（锁号）', 'UKey'),
  subject: msg('证书主题', 'Subject'),
  validTo: msg('有效期至', 'Valid to'),
  graceEnds: msg('最晚续期日', 'Renew by'),
  service: msg('服务', 'Service'),
  term: msg('续期年限', 'Term'),
  years: (n: number) => msg(`${n} 年`, `${n} year${n === 1 ? '' : 's'}`),
  price: msg('续期费用', 'Renewal price'),
  organization: msg('单位名称', 'Organisation'),
  creditCode: msg('统一社会信用代码', 'Credit code'),
  legalRepresentative: msg('法定代表人', 'Legal representative'),
  handler: msg('经办人', 'Handler'),
  noReview: msg(
    '企业信息自证书签发以来未变更：付款后免于材料审核，直接下发制证授权码。',
    'The enterprise record is unchanged since the certificate was issued: after payment there is no materials review; the authorisation code follows.',
  ),
  review: (fields: string) =>
    msg(
      `企业信息自证书签发以来有变更（${fields}）：付款并提交材料后需经 CA 机构审核。`,
      `The enterprise record changed since the certificate was issued (${fields}): materials are reviewed by the CA after payment.`,
    ),
  sameUKey: msg(
    '续期在原 UKey 上进行：新证书写入并验证后，原证书作废；CA 锁绑定随 UKey 转到新证书，无需重新审批。',
    'The renewal is made on the same UKey: once the new certificate is written and verified, the old one is superseded; the CA-lock binding follows without a new approval.',
  ),
  submit: msg('提交续期订单', 'Place the renewal order'),
  placed: msg('续期订单已提交，请付款', 'Renewal order placed; please pay'),
  open: (orderNo: string) =>
    msg(`该证书已有续期订单 ${orderNo}`, `This certificate already has renewal order ${orderNo}`),
  toOrder: msg('查看续期订单', 'Open the renewal order'),
  refused: msg('该证书不能续期', 'This certificate cannot be renewed'),
  newOrder: msg('重新下单办理新证书', 'Place a new order for a new certificate'),
};

/** Names of the enterprise record's fields a renewal compares. */
export const RENEWAL_FIELDS: Record<string, Bilingual> = {
  'organization.name': msg('单位名称', 'name'),
  'organization.creditCode': msg('统一社会信用代码', 'credit code'),
  'legalRepresentative.name': msg('法定代表人', 'legal representative'),
};

/** Certificate statuses (`certificates.status`); a certificate not on its UKey is never shown as in use. */
export const CERTIFICATE_STATUS: Record<string, Bilingual> = {
  issued: msg('已签发（未写入 UKey）', 'Issued (not on its UKey)'),
  installed: msg('有效', 'In use'),
  void: msg('作废', 'Void'),
  revoked: msg('已吊销', 'Revoked'),
  expired: msg('已过期', 'Expired'),
};
