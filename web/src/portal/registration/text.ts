/** The words of 资料完善 and its status page, from the guide (一.4–一.6). */
import { msg } from '../../i18n';

/** Words of the registration screens. */
export const TEXT = {
  noticeTitle: msg('注册须知', 'Before you register'),
  noticeIntro: msg(
    '请阅读以下注册信息，再点击“开始注册”。',
    'Read the registration information below, then choose “Start registration”.',
  ),
  noticeSteps: [
    msg('选择会员类别、业务类型、身份类型；', 'Choose the member category, business type and identity type;'),
    msg('完善企业基本信息、法定代表人和联系人；', 'Complete the enterprise, legal representative and contact details;'),
    msg(
      '上传相关附件：原件扫描件，勿上传照片与复印件；',
      'Upload the attachments: scans of the originals, no photos or photocopies;',
    ),
    msg('带“*”号的必填，填写过程中可随时“保存”；', 'Fields marked “*” are required; “Save” at any time;'),
    msg('最后点击“提交——确认”。', 'Finally choose “Submit”, then “Confirm”.'),
  ],
  start: msg('开始注册', 'Start registration'),
  steps: [
    msg('会员类别', 'Member category'),
    msg('企业基本信息', 'Enterprise'),
    msg('法定代表人', 'Legal representative'),
    msg('联系人', 'Contact'),
    msg('附件', 'Attachments'),
  ],
  previous: msg('上一步', 'Previous'),
  next: msg('下一步', 'Next'),
  submit: msg('提交', 'Submit'),
  save: msg('保存', 'Save'),
  cancel: msg('取消', 'Cancel'),
  saved: msg('已保存', 'Saved'),
  savedAt: msg('草稿已保存', 'Draft saved'),
  cancelled: msg('已放弃未保存的修改', 'Unsaved changes discarded'),
  longTerm: msg('长期', 'Long term'),
  until: msg('截止日期', 'End date'),
  termEnd: msg('营业期限截止日期', 'Business term end date'),
  upload: msg('上传', 'Upload'),
  replace: msg('更换', 'Replace'),
  remove: msg('删除', 'Delete'),
  uploading: msg('正在上传…', 'Uploading…'),
  noFile: msg('尚未上传', 'Not uploaded yet'),
  scanHint: msg(
    '（上传原件扫描件，勿上传照片与复印件，且图片转正上传）',
    '(Upload scans of the originals, not photos or photocopies, with the image turned upright)',
  ),
  fileTypes: msg('支持 JPG、PNG、PDF 格式', 'JPG, PNG or PDF'),
  returnedTitle: msg('资料已退回补正', 'Returned for correction'),
  returnedHint: msg(
    '只能修改审核人员标出的内容，修改后重新提交。',
    'Only what the reviewer marked can change; correct it and submit again.',
  ),
  reviewerReason: msg('审核意见：', "Reviewer's reason: "),
  toCorrect: msg('需补正：', 'To correct: '),
  frozenTitle: msg('资料审核中，暂不能修改', 'The profile is under review and cannot change'),
  approvedTitle: msg('注册已审核通过', 'The registration is approved'),
  viewStatus: msg('查看审核进度', 'View the status'),
  dialogTitle: msg('下一步', 'Next step'),
  handlers: msg('经办人：企业审核人1　企业审核人2', 'Handlers: enterprise reviewer 1, enterprise reviewer 2'),
  choosePeople: msg('选择人员', 'Choose people'),
  reviewer1: msg('企业审核人1', 'Enterprise reviewer 1'),
  reviewer2: msg('企业审核人2', 'Enterprise reviewer 2'),
  pool: msg('可不选择，由审核人员领取办理。', 'You may leave both empty; the reviewers then take it from their pool.'),
  bothOrNone: msg('请选择两位审核人，或都不选择', 'Choose both reviewers, or neither'),
  sameReviewers: msg(
    '补正后重新提交，由原审核人员继续审核。',
    'A corrected registration goes back to the same reviewers.',
  ),
  confirm: msg('确认', 'Confirm'),
  phone: msg('提交后电话联系审核：', 'After submitting, the review is by phone: '),
  // status page
  statusTitle: msg('注册审核进度', 'Registration status'),
  status: msg('状态', 'Status'),
  step: msg('当前步骤', 'Current step'),
  round: msg('审核轮次', 'Round'),
  roundN: msg('第 {n} 轮', 'Round {n}'),
  submittedAt: msg('提交时间', 'Submitted'),
  reason: msg('原因', 'Reason'),
  notSubmitted: msg('尚未提交注册资料。', 'The registration has not been submitted yet.'),
  toProfile: msg('资料完善', 'Complete registration'),
  correct: msg('去补正', 'Correct it'),
  submitAgain: msg('可修改资料后重新提交', 'You may change the profile and submit it again'),
  comments: msg('意见', 'Comments'),
  seq: msg('序号', 'No.'),
  stepCol: msg('业务步骤', 'Step'),
  department: msg('部门', 'Department'),
  comment: msg('意见', 'Comment'),
  noComments: msg('暂无意见', 'No comments yet'),
  timeline: msg('办理记录', 'Timeline'),
  withdraw: msg('撤回', 'Withdraw'),
  withdrawTitle: msg('撤回注册申请', 'Withdraw the registration'),
  withdrawReason: msg('撤回原因（选填）', 'Reason (optional)'),
  withdrawn: msg('申请已撤回', 'The registration was withdrawn'),
};

/** Names of the registration statuses. */
export const STATUS_NAMES: Record<string, ReturnType<typeof msg>> = {
  draft: msg('未提交', 'Not submitted'),
  in_review: msg('审核中', 'In review'),
  returned: msg('退回补正', 'Returned for correction'),
  approved: msg('审核通过', 'Approved'),
  rejected: msg('未通过', 'Rejected'),
  withdrawn: msg('已撤回', 'Withdrawn'),
};

/** How the reviewer's reason beside a marked field looks (dark orange, 5.6:1 on white). */
export const REASON_STYLE = { color: '#ad4e00' } as const;
