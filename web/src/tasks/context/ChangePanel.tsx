/**
 * The change of enterprise information as submitted, field by field and file by file, beside the approved
 * record: what differs is flagged with the approved value; the same 标记补正 toggles as the registration's
 * review fill the fields to correct of a return.
 */
import { getEnterpriseChange } from '../../api/reviews';
import { msg } from '../../i18n';
import { ProfilePanel, type ProfilePanelText } from './RegistrationPanel';
import type { ContextProps } from './types';

const TEXT: ProfilePanelText = {
  title: msg('企业信息变更申请', 'Change of enterprise information'),
  round: msg('第 {n} 轮', 'Round {n}'),
  mark: msg('标记补正', 'Mark for correction'),
  marked: msg('已标记', 'Marked'),
  hint: msg(
    '退回修改时，点击“标记补正”选择需申请人补正的字段或附件。',
    'To return it, use “Mark for correction” on each field or file the applicant must correct.',
  ),
  field: msg('字段', 'Field'),
  value: msg('变更后', 'Changed to'),
  files: msg('变更证明材料', 'Evidence'),
  gone: msg('该变更申请不存在', 'No such change request'),
  changed: msg('变更', 'Changed'),
  before: msg('原核准：', 'Approved: '),
  replaced: msg('新上传', 'New upload'),
  diffHint: msg(
    '标有“变更”的字段与已审核通过的企业资料不同，并列出原核准的内容。',
    'Fields flagged “Changed” differ from the approved enterprise record, whose value is shown.',
  ),
};

/** The change request beside the approved record. */
export default function ChangePanel(props: ContextProps) {
  return <ProfilePanel {...props} load={getEnterpriseChange} text={TEXT} />;
}
