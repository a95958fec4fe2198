/**
 * R2's generic decision form, rendered from the task's own description: one control per form field
 * (text, multiline, phone, datetime, choice, list, reasons, fen), the comment with 快捷输入, and one
 * button per outcome (a refusal in red). Which fields an outcome needs is said beside each field; the
 * API checks them, and its refusals land on the fields, with everything typed kept. Enter does not
 * submit outside a text area. One Idempotency-Key per submitted body, reused only to retry that body.
 */
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import InputNumber from 'antd/es/input-number';
import Select from 'antd/es/select';
import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { completeTask, type DecisionBody } from '../api/tasks';
import { Submission } from '../api/submission';
import type { Phrase, Task, TaskFormField } from '../api/types';
import { msg, useLang, type Bilingual } from '../i18n';
import { PhrasePicker, withPhrase } from '../processes/Comments';
import { FailureAlert, useApiErrors } from '../ui/api-errors';

const TEXT = {
  comment: msg('办理意见', 'Decision comment'),
  requiredFor: msg('以下决定时必填：', 'Required to '),
  yuan: msg('元', 'CNY'),
  inYuan: msg('按元填写（如 1200.00），按分记录', 'Type it in CNY (e.g. 1200.00); it is recorded in fen'),
  reasonPlaceholder: msg('不通过时填写原因；通过则留空', 'The reason if refused; empty if accepted'),
  markedReasonPlaceholder: msg('补正原因（可选）', 'Why it must be corrected (optional)'),
  nothingChosen: msg('先选择{list}，再逐项填写原因', 'Choose the {list} first, then give a reason for each'),
};

/** What the form holds: the comment and each field by name (dates as local `YYYY-MM-DDTHH:mm`, money in 元). */
export interface DecisionValues {
  comment?: string;
  fields?: Record<string, unknown>;
}

/** The label of choice `i` of `field`. */
export const choiceLabelOf = (field: TaskFormField, i: number): Bilingual =>
  field.choiceLabels?.[i] ?? msg(field.choices![i], field.choices![i]);

/** The browser's local date-time input format. */
const LOCAL_MINUTE = 'YYYY-MM-DDTHH:mm';

/**
 * A date and time in the browser's own picker. A `past` one (a call that just happened) starts at now
 * and offers no later minute.
 */
function DateTimeInput({
  id,
  past,
  value,
  onChange,
}: {
  id: string;
  past?: boolean;
  value?: string;
  onChange?(value: string): void;
}) {
  useEffect(() => {
    if (past && value === undefined) onChange?.(dayjs().format(LOCAL_MINUTE));
  }, []);
  return (
    <Input
      id={id}
      type="datetime-local"
      max={past ? dayjs().format(LOCAL_MINUTE) : undefined}
      style={{ width: 240 }}
      value={value ?? ''}
      onChange={(e: ChangeEvent<HTMLInputElement>) => onChange?.(e.currentTarget.value)}
    />
  );
}

/** The body of a decision for `outcome` from the form's values (empty fields left out). */
export function decisionBody(task: Task, outcome: string, values: DecisionValues): DecisionBody {
  const fields: Record<string, unknown> = {};
  for (const f of task.form) {
    const v = values.fields?.[f.name];
    if (v === undefined || v === null || v === '') continue;
    if (f.type === 'datetime') fields[f.name] = dayjs(v as string).format();
    else if (f.type === 'fen') fields[f.name] = Math.round(Number(v) * 100);
    else if (f.type === 'list') {
      if ((v as string[]).length) fields[f.name] = v;
    } else if (f.type === 'reasons') {
      // A reason for an item no longer chosen in the field it belongs to is left out.
      const chosen = f.reasonsOf ? ((values.fields?.[f.reasonsOf] as string[] | undefined) ?? []) : null;
      const given = Object.entries(v as Record<string, string | undefined>).filter(
        ([k, r]) => r?.trim() && (!chosen || chosen.includes(k)),
      );
      if (given.length) fields[f.name] = Object.fromEntries(given.map(([k, r]) => [k, r!.trim()]));
    } else fields[f.name] = typeof v === 'string' ? v.trim() : v;
  }
  const comment = values.comment?.trim();
  return { outcome, ...(comment ? { comment } : {}), fields };
}

/**
 * A `reasons` field: one reason input per choice (a reason refuses that choice) or, for a field with
 * `reasonsOf`, per item chosen in that list (a reason says why the item was chosen).
 */
function ReasonsInput({
  id,
  field,
  listLabel,
  value,
  onChange,
}: {
  id: string;
  field: TaskFormField;
  /** The label of the list named by `reasonsOf`. */
  listLabel?: Bilingual;
  value?: Record<string, string>;
  onChange?(value: Record<string, string>): void;
}) {
  const { t } = useLang();
  const form = Form.useFormInstance();
  const chosen = Form.useWatch(['fields', field.reasonsOf ?? ''], form) as string[] | undefined;
  const choices = (field.choices ?? [])
    .map((choice, i) => ({ choice, i }))
    .filter(({ choice }) => !field.reasonsOf || (chosen ?? []).includes(choice));
  if (field.reasonsOf && choices.length === 0) {
    const list = t(listLabel ?? msg(field.reasonsOf, field.reasonsOf));
    return (
      <div id={id} className="ant-form-item-extra">
        {t(TEXT.nothingChosen).replace('{list}', list)}
      </div>
    );
  }
  return (
    <div id={id} style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: 8, alignItems: 'center' }}>
      {choices.map(({ choice, i }) => (
        <div key={choice} style={{ display: 'contents' }}>
          <label htmlFor={`${id}_${i}`}>{t(choiceLabelOf(field, i))}</label>
          <Input
            id={`${id}_${i}`}
            placeholder={t(field.reasonsOf ? TEXT.markedReasonPlaceholder : TEXT.reasonPlaceholder)}
            value={value?.[choice] ?? ''}
            onChange={(e) => onChange?.({ ...value, [choice]: e.currentTarget.value })}
          />
        </div>
      ))}
    </div>
  );
}

/** What Form.Item hands its control: the value, and where changes go. */
interface Bound {
  value?: never;
  onChange?: never;
}

/** The control for one field, bound to the form through the `value`/`onChange` Form.Item passes. */
function FieldControl({
  field,
  id,
  listLabel,
  ...bound
}: { field: TaskFormField; id: string; listLabel?: Bilingual } & Bound) {
  const { t } = useLang();
  const options = (field.choices ?? []).map((c, i) => ({ value: c, label: t(choiceLabelOf(field, i)) }));
  switch (field.type) {
    case 'multiline':
      return <Input.TextArea id={id} rows={3} {...bound} />;
    case 'phone':
      return <Input id={id} type="tel" autoComplete="off" {...bound} />;
    case 'datetime':
      return <DateTimeInput id={id} past={field.past} {...bound} />;
    case 'choice':
      return <Select id={id} allowClear options={options} style={{ maxWidth: 360 }} {...bound} />;
    case 'list':
      return <Select id={id} mode="multiple" allowClear options={options} {...bound} />;
    case 'reasons':
      return <ReasonsInput id={id} field={field} listLabel={listLabel} {...bound} />;
    case 'fen':
      return <InputNumber id={id} min={0} precision={2} addonAfter={t(TEXT.yuan)} style={{ width: 220 }} {...bound} />;
    default:
      return <Input id={id} autoComplete="off" {...bound} />;
  }
}

/** The decision form for an open task; `onDecided` gets the recorded decision. */
export function DecisionForm({
  task,
  form,
  phrases,
  onDecided,
}: {
  task: Task;
  form: FormInstance<DecisionValues>;
  phrases: Phrase[];
  onDecided(decision: NonNullable<Task['decision']>): void;
}) {
  const { t } = useLang();
  const errors = useApiErrors(form);
  const submission = useRef(new Submission()).current;
  const [busy, setBusy] = useState<string | null>(null);
  const outcomeLabel = (code: string) => t(task.outcomeOptions.find((o) => o.code === code)?.label ?? msg(code, code));
  const requiredHint = (outcomes: string[]) =>
    outcomes.length ? `${t(TEXT.requiredFor)}${outcomes.map(outcomeLabel).join(t(msg('、', ', ')))}` : undefined;

  const decide = async (outcome: string) => {
    if (busy) return;
    setBusy(outcome);
    errors.clear();
    try {
      onDecided(await completeTask(task.id, decisionBody(task, outcome, form.getFieldsValue(true)), submission));
    } catch (err) {
      errors.show(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Form<DecisionValues>
      form={form}
      layout="vertical"
      onKeyDown={(e) => {
        const tag = (e.target as HTMLElement).tagName;
        if (e.key === 'Enter' && tag !== 'TEXTAREA' && tag !== 'BUTTON' && tag !== 'A') e.preventDefault();
      }}
    >
      <FailureAlert errors={errors} />
      {task.form.map((field) => {
        const id = `decision_${field.name}`;
        return (
          <Form.Item
            key={field.name}
            name={['fields', field.name]}
            label={t(field.label)}
            htmlFor={id}
            extra={
              field.type === 'fen' ? (
                <>
                  {t(TEXT.inYuan)}
                  <br />
                  {requiredHint(field.requiredFor)}
                </>
              ) : (
                requiredHint(field.requiredFor)
              )
            }
          >
            <FieldControl field={field} id={id} listLabel={task.form.find((f) => f.name === field.reasonsOf)?.label} />
          </Form.Item>
        );
      })}
      <Form.Item label={t(TEXT.comment)} htmlFor="decision_comment" extra={requiredHint(task.commentRequiredFor)}>
        <Form.Item name="comment" noStyle>
          <Input.TextArea id="decision_comment" rows={3} maxLength={2000} />
        </Form.Item>
        <div style={{ marginTop: 8 }}>
          <PhrasePicker
            id="decision_phrases"
            phrases={phrases}
            onPick={(text) => form.setFieldValue('comment', withPhrase(form.getFieldValue('comment'), text))}
          />
        </div>
      </Form.Item>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        {task.outcomeOptions.map((o, i) => (
          <Button
            key={o.code}
            type={i === 0 ? 'primary' : 'default'}
            danger={o.danger}
            loading={busy === o.code}
            disabled={busy !== null && busy !== o.code}
            onClick={() => void decide(o.code)}
          >
            {t(o.label)}
          </Button>
        ))}
      </div>
    </Form>
  );
}
