/**
 * R7: the binding changes the enterprise submitted, one row each, with the certificate read off each
 * lock when it was added (锁号, certificate serial, subject, valid to). A row is refused by giving its
 * reason in the form's "changes refused" field.
 */
import Alert from 'antd/es/alert';
import Typography from 'antd/es/typography';
import dayjs from 'dayjs';
import { ApiFailure } from '../../api/client';
import { getBindingChanges } from '../../api/reviews';
import { msg, useLang, type Bilingual } from '../../i18n';
import { choiceLabelOf } from '../DecisionForm';
import type { ContextProps } from './types';
import { useLoad } from './useLoad';

const TEXT = {
  title: msg('提交的绑定变更', 'The binding changes submitted'),
  hint: msg(
    '请与来电企业核对每一项变更；需不予通过的变更，在右侧表单中填写原因。',
    'Check each change with the caller; to refuse a change, give its reason in the form.',
  ),
  seq: msg('序号', 'No.'),
  change: msg('变更', 'Change'),
  lockNo: msg('锁号', 'Lock No.'),
  serial: msg('证书序列号', 'Certificate serial'),
  subject: msg('主题', 'Subject'),
  validTo: msg('有效期至', 'Valid to'),
  review: msg('审核状态', 'Review'),
};

const cell = { textAlign: 'left', verticalAlign: 'top', wordBreak: 'break-all' } as const;
const head = { textAlign: 'left', verticalAlign: 'top', whiteSpace: 'nowrap' } as const;

export default function BindingPanel({ task }: ContextProps) {
  const { t } = useLang();
  const field = task.form.find((f) => f.type === 'reasons');
  // Read again once decided: the rows then say which were approved and which refused, and why.
  const { data, error } = useLoad(`${task.processId}:${task.decision ? 'decided' : 'open'}`, (signal) =>
    getBindingChanges(task.processId, signal),
  );
  const byId = new Map((data?.items ?? []).map((row) => [row.id, row]));
  return (
    <section aria-labelledby="binding_title">
      <Typography.Title level={2} id="binding_title" style={{ fontSize: 18 }}>
        {t(TEXT.title)}
      </Typography.Title>
      <Typography.Paragraph>{t(TEXT.hint)}</Typography.Paragraph>
      {error ? <Alert type="error" title={error instanceof ApiFailure ? t(error.bilingual) : String(error)} /> : null}
      <table className="record-table" style={{ width: '100%', borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            <th scope="col" style={{ ...head, width: 48 }}>
              {t(TEXT.seq)}
            </th>
            <th scope="col" style={head}>
              {t(TEXT.change)}
            </th>
            <th scope="col" style={head}>
              {t(TEXT.lockNo)}
            </th>
            <th scope="col" style={head}>
              {t(TEXT.serial)}
            </th>
            <th scope="col" style={head}>
              {t(TEXT.subject)}
            </th>
            <th scope="col" style={head}>
              {t(TEXT.validTo)}
            </th>
            <th scope="col" style={head}>
              {t(TEXT.review)}
            </th>
          </tr>
        </thead>
        <tbody>
          {(field?.choices ?? []).map((c, i) => {
            const row = byId.get(c);
            return (
              <tr key={c} data-change={c}>
                <td style={cell}>{row?.no ?? i + 1}</td>
                <td style={cell}>{row ? t(row.change.label as Bilingual) : t(choiceLabelOf(field!, i))}</td>
                <td style={cell}>{row?.lockNo}</td>
                <td style={cell}>{row?.certificateSerial}</td>
                <td style={cell}>{row?.subject}</td>
                <td style={{ ...cell, whiteSpace: 'nowrap' }}>
                  {row ? dayjs(row.expiresAt).format('YYYY-MM-DD') : null}
                </td>
                <td style={cell}>
                  {row ? <span>{t(row.review.label as Bilingual)}</span> : null}
                  {row?.reason ? <div>{String(row.reason)}</div> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
