/**
 * 意见 — a process's comment table (序号, 业务步骤, 部门, 意见人, 意见, 时间) and, while the process is
 * open, a text area with 快捷输入 phrases and 保存意见 (one Idempotency-Key per comment body).
 */
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { addComment } from '../api/processes';
import { Submission } from '../api/submission';
import type { Phrase, ProcessComment } from '../api/types';
import { msg, useLang } from '../i18n';
import { FailureAlert, useApiErrors } from '../ui/api-errors';

/** The comment table's words. */
export const COMMENT_TEXT = {
  title: msg('意见', 'Comments'),
  seq: msg('序号', 'No.'),
  step: msg('业务步骤', 'Step'),
  department: msg('部门', 'Department'),
  actor: msg('意见人', 'By'),
  text: msg('意见', 'Comment'),
  at: msg('时间', 'Time'),
  none: msg('暂无意见', 'No comments yet'),
  newComment: msg('新意见', 'New comment'),
  phrases: msg('快捷输入', 'Quick phrases'),
  save: msg('保存意见', 'Save comment'),
  saved: msg('意见已保存', 'Comment saved'),
};

/** A 快捷输入 picker: choosing a phrase hands its text to `onPick`. */
export function PhrasePicker({ id, phrases, onPick }: { id: string; phrases: Phrase[]; onPick(text: string): void }) {
  const { t } = useLang();
  return (
    <Select<number>
      id={id}
      aria-label={t(COMMENT_TEXT.phrases)}
      placeholder={t(COMMENT_TEXT.phrases)}
      style={{ width: 220 }}
      value={null}
      options={phrases.map((p) => ({ value: p.id, label: p.text }))}
      onChange={(value) => {
        const phrase = phrases.find((p) => p.id === value);
        if (phrase) onPick(phrase.text);
      }}
    />
  );
}

/** Appends `phrase` to `text` (on a new line when there is text already). */
export const withPhrase = (text: string | undefined, phrase: string) => (text ? `${text}\n${phrase}` : phrase);

/** The comment table, and the form to add one when `processId` is given (an open process). */
export function Comments({
  comments,
  phrases,
  processId,
  onAdded,
}: {
  comments: ProcessComment[];
  phrases: Phrase[];
  processId?: string;
  onAdded?(comment: ProcessComment): void;
}) {
  const { t } = useLang();
  const [form] = Form.useForm<{ text: string }>();
  const errors = useApiErrors(form);
  const submission = useRef(new Submission()).current;
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  const save = async () => {
    if (!processId) return;
    setSaving(true);
    setSaved(false);
    errors.clear();
    try {
      const comment = await addComment(processId, form.getFieldValue('text') ?? '', submission);
      form.resetFields();
      setSaved(true);
      onAdded?.(comment);
    } catch (err) {
      errors.show(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section aria-labelledby="comments_title" style={{ marginTop: 24 }}>
      <Typography.Title level={2} id="comments_title" style={{ fontSize: 18 }}>
        {t(COMMENT_TEXT.title)}
      </Typography.Title>
      <Table<ProcessComment>
        rowKey="seq"
        size="small"
        pagination={false}
        dataSource={comments}
        locale={{ emptyText: <Typography.Text type="secondary">{t(COMMENT_TEXT.none)}</Typography.Text> }}
        columns={[
          { title: t(COMMENT_TEXT.seq), dataIndex: 'seq', width: 64 },
          { title: t(COMMENT_TEXT.step), dataIndex: 'step' },
          { title: t(COMMENT_TEXT.department), dataIndex: 'department' },
          { title: t(COMMENT_TEXT.actor), key: 'actor', render: (_, c) => c.actor?.displayName ?? '—' },
          {
            title: t(COMMENT_TEXT.text),
            dataIndex: 'text',
            render: (text: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span>,
          },
          { title: t(COMMENT_TEXT.at), dataIndex: 'at', render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm') },
        ]}
      />
      {processId && (
        <Form
          form={form}
          layout="vertical"
          style={{ marginTop: 16 }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.target as HTMLElement).tagName !== 'TEXTAREA') e.preventDefault();
          }}
        >
          <FailureAlert errors={errors} />
          <Form.Item
            label={t(COMMENT_TEXT.newComment)}
            name="text"
            htmlFor="comment_text"
            extra={saved ? t(COMMENT_TEXT.saved) : undefined}
          >
            <Input.TextArea id="comment_text" rows={2} maxLength={2000} onChange={() => setSaved(false)} />
          </Form.Item>
          <div style={{ display: 'flex', gap: 12 }}>
            <PhrasePicker
              id="comment_phrases"
              phrases={phrases}
              onPick={(text) => form.setFieldValue('text', withPhrase(form.getFieldValue('text'), text))}
            />
            <Button loading={saving} onClick={() => void save()}>
              {t(COMMENT_TEXT.save)}
            </Button>
          </div>
        </Form>
      )}
    </section>
  );
}
