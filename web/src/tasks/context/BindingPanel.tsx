/**
 * R7: the binding changes the enterprise submitted, one row each, from the task's own "changes refused"
 * field (a row is refused by giving its reason in the form). The API has no staff read of the rows'
 * locks yet, so a row shows its change ID.
 */
import Typography from 'antd/es/typography';
import { msg, useLang } from '../../i18n';
import { choiceLabelOf } from '../DecisionForm';
import type { ContextProps } from './types';

const TEXT = {
  title: msg('提交的绑定变更', 'The binding changes submitted'),
  hint: msg(
    '请与来电企业核对每一项变更；需不予通过的变更，在右侧表单中填写原因。',
    'Check each change with the caller; to refuse a change, give its reason in the form.',
  ),
  seq: msg('序号', 'No.'),
  change: msg('变更', 'Change'),
};

export default function BindingPanel({ task }: ContextProps) {
  const { t } = useLang();
  const field = task.form.find((f) => f.type === 'reasons');
  return (
    <section aria-labelledby="binding_title">
      <Typography.Title level={2} id="binding_title" style={{ fontSize: 18 }}>
        {t(TEXT.title)}
      </Typography.Title>
      <Typography.Paragraph>{t(TEXT.hint)}</Typography.Paragraph>
      <table className="record-table" style={{ width: '100%', borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            <th scope="col" style={{ textAlign: 'left', width: 64 }}>
              {t(TEXT.seq)}
            </th>
            <th scope="col" style={{ textAlign: 'left' }}>
              {t(TEXT.change)}
            </th>
          </tr>
        </thead>
        <tbody>
          {(field?.choices ?? []).map((c, i) => (
            <tr key={c}>
              <td>{i + 1}</td>
              <td style={{ wordBreak: 'break-all' }}>{t(choiceLabelOf(field!, i))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
