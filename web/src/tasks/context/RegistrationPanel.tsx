/**
 * R3 (and R4's record beside it): the registration as submitted, field by field and file by file, each
 * with a 标记补正 toggle that adds it to the decision's "fields to correct" (the `markedFields` form
 * field) or takes it out; marked rows are highlighted. From round 2 on, what changed since the previous
 * round is flagged with the previous value (本轮修改). Codes read by the catalogue's names.
 */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { call } from '../../api/client';
import { getRegistration } from '../../api/reviews';
import { ApiFailure } from '../../api/client';
import type { RegistrationSubmission, TaskFormField } from '../../api/types';
import { msg, useLang, type Bilingual } from '../../i18n';
import { FilePreview } from '../../ui/FilePreview';
import { choiceLabelOf } from '../DecisionForm';
import type { ContextProps } from './types';
import { useLoad } from './useLoad';

const TEXT = {
  title: msg('提交的注册资料', 'The registration as submitted'),
  round: msg('第 {n} 轮', 'Round {n}'),
  mark: msg('标记补正', 'Mark for correction'),
  marked: msg('已标记', 'Marked'),
  hint: msg(
    '退回修改时，点击“标记补正”选择需申请人补正的字段或附件。',
    'To return it, use “Mark for correction” on each field or file the applicant must correct.',
  ),
  field: msg('字段', 'Field'),
  value: msg('内容', 'Value'),
  files: msg('附件', 'Files'),
  gone: msg('该申请已被新的提交取代', 'A newer submission replaced this one'),
  changed: msg('本轮修改', 'Changed this round'),
  before: msg('上一轮：', 'Previous round: '),
  replaced: msg('本轮更换', 'Replaced this round'),
  diffHint: msg(
    '标有“本轮修改”“本轮更换”的字段和附件与上一轮提交的不同。',
    'Fields and files flagged “Changed this round” or “Replaced this round” differ from the previous submission.',
  ),
};

/** Which catalogue list names the codes of a profile field. */
const CATALOG_OF: Record<string, string> = {
  memberCategory: 'memberCategories',
  businessType: 'businessTypes',
  identityType: 'identityTypes',
  'enterprise.type': 'enterpriseTypes',
  'legalRepresentative.idType': 'idTypes',
};

type Catalog = Record<string, { code: string; name: Bilingual }[]>;

const valueAt = (obj: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);

/** The texts of a profile panel (a change request's panel words its diff against the approved record). */
export type ProfilePanelText = typeof TEXT;

/**
 * A submitted profile with its files, its diff against `previous`, and the 标记补正 toggles: loaded by
 * `load` (a registration, or a change request beside the approved record).
 */
export function ProfilePanel({
  task,
  form,
  editable,
  load,
  text: TEXT,
}: ContextProps & {
  load: (processId: string, signal: AbortSignal) => Promise<RegistrationSubmission>;
  text: ProfilePanelText;
}) {
  const { t } = useLang();
  const { data: reg, error } = useLoad(task.processId, (signal) => load(task.processId, signal));
  const { data: catalog } = useLoad('catalog', (signal) =>
    call<Catalog>('GET', '/catalog/registration', { auth: 'none', signal }),
  );
  const marksField: TaskFormField | undefined = task.form.find((f) => f.name === 'markedFields');
  const marks = (Form.useWatch(['fields', 'markedFields'], form) as string[] | undefined) ?? [];
  const markable = editable && !!marksField;

  if (error) return <Alert type="error" title={error instanceof ApiFailure ? t(error.bilingual) : String(error)} />;
  if (!reg) return null;
  const profile = reg.submitted?.profile ?? {};
  const files = reg.submitted?.attachments ?? [];
  const previous = reg.previous ?? null;
  const changed = (path: string): boolean =>
    !!previous &&
    JSON.stringify(valueAt(previous.profile, path) ?? null) !== JSON.stringify(valueAt(profile, path) ?? null);
  const fileReplaced = (kind: string, sha256: string): boolean =>
    !!previous && !previous.attachments.some((f) => f.kind === kind && f.sha256 === sha256);

  const labelOf = (code: string): Bilingual => {
    const i = marksField?.choices?.indexOf(code) ?? -1;
    return i >= 0 ? choiceLabelOf(marksField!, i) : msg(code, code);
  };
  const shown = (path: string, of: unknown = profile): string => {
    const v = valueAt(of, path);
    if (v === undefined || v === null || v === '') return '—';
    const names = catalog?.[CATALOG_OF[path]];
    const named = names?.find((e) => e.code === v);
    if (named) return t(named.name);
    if (v === 'long_term') return t(msg('长期', 'Long term'));
    return String(v);
  };
  const toggle = (code: string) =>
    form.setFieldValue(
      ['fields', 'markedFields'],
      marks.includes(code) ? marks.filter((m) => m !== code) : [...marks, code],
    );
  const markButton = (code: string, name: string) =>
    markable ? (
      <Button
        size="small"
        type={marks.includes(code) ? 'primary' : 'default'}
        aria-pressed={marks.includes(code)}
        aria-label={`${t(TEXT.mark)}：${name}`}
        onClick={() => toggle(code)}
      >
        {marks.includes(code) ? t(TEXT.marked) : t(TEXT.mark)}
      </Button>
    ) : null;
  const rowStyle = (code: string) => (marks.includes(code) ? { background: '#fff1f0' } : undefined);
  const profileCodes = (marksField?.choices ?? []).filter((c) => !c.startsWith('attachments.'));

  return (
    <section aria-labelledby="registration_title">
      <Typography.Title level={2} id="registration_title" style={{ fontSize: 18 }}>
        {t(TEXT.title)} · {reg.enterprise.entityName}
        {reg.submitted?.round ? ` · ${t(TEXT.round).replace('{n}', String(reg.submitted.round))}` : ''}
      </Typography.Title>
      {!reg.submitted && <Alert type="warning" title={t(TEXT.gone)} />}
      {markable && <Typography.Paragraph type="secondary">{t(TEXT.hint)}</Typography.Paragraph>}
      {previous && <Typography.Paragraph>{t(TEXT.diffHint)}</Typography.Paragraph>}
      <table className="record-table" style={{ width: '100%', borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            <th scope="col" style={{ textAlign: 'left', width: '34%' }}>
              {t(TEXT.field)}
            </th>
            <th scope="col" style={{ textAlign: 'left' }}>
              {t(TEXT.value)}
            </th>
            {markable && (
              <th scope="col" style={{ width: 120 }}>
                <span className="sr-only">{t(TEXT.mark)}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {profileCodes.map((code) => (
            <tr key={code} data-field={code} style={rowStyle(code)}>
              <th scope="row" style={{ textAlign: 'left', fontWeight: 'normal' }}>
                {t(labelOf(code))}
              </th>
              <td style={{ wordBreak: 'break-all' }}>
                {shown(code)}
                {changed(code) && (
                  <div data-changed="true">
                    <Tag color="warning">{t(TEXT.changed)}</Tag>
                    {t(TEXT.before)}
                    <del>{shown(code, previous!.profile)}</del>
                  </div>
                )}
              </td>
              {markable && <td>{markButton(code, t(labelOf(code)))}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        {t(TEXT.files)}
      </Typography.Title>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 12 }}>
        {files.map((file) => {
          const code = `attachments.${file.kind}`;
          return (
            <div key={file.id} data-field={code} style={{ padding: 8, border: '1px solid #f0f0f0', ...rowStyle(code) }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, marginBottom: 8 }}>
                <strong>{t(labelOf(code))}</strong>
                {fileReplaced(file.kind, file.sha256) && (
                  <Tag color="warning" data-changed="true">
                    {t(TEXT.replaced)}
                  </Tag>
                )}
                {markButton(code, t(labelOf(code)))}
              </div>
              <FilePreview file={file} />
            </div>
          );
        })}
      </div>
    </section>
  );
}

/** The registration as submitted, with the previous round's diff. */
export default function RegistrationPanel(props: ContextProps) {
  return <ProfilePanel {...props} load={getRegistration} text={TEXT} />;
}
