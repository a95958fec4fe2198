/**
 * The 附件 step: one slot per attachment kind, each with its current file(s) previewed, 上传 (or 更换
 * for a single-file kind that has one), 删除 for extra documents, and the "勿上传照片" hint. A slot is
 * a Form.Item named `attachments.<kind>`, so the API's `attachments.<kind>` problems land on it.
 */
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Typography from 'antd/es/typography';
import { useRef, useState } from 'react';
import { REQUIRED_ATTACHMENTS, SINGLE_ATTACHMENTS } from '../../../../domain/registration';
import { ApiFailure } from '../../api/client';
import { deleteAttachment, uploadAttachment } from '../../api/portal-registration';
import type { Attachment } from '../../api/types';
import { useLang, type Bilingual } from '../../i18n';
import { FilePreview } from '../../ui/FilePreview';
import { REASON_STYLE, TEXT } from './text';

/** What a slot needs: its kind, the current files, whether it may change, and where changes go. */
interface SlotProps {
  id?: string;
  kind: string;
  name: Bilingual;
  files: Attachment[];
  editable: boolean;
  onFiles(files: Attachment[]): void;
  onChanged(): void;
}

/** One attachment kind: preview, upload or replace, delete (extra documents only). */
function Slot({ id, kind, name, files, editable, onFiles, onChanged }: SlotProps) {
  const { t } = useLang();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const single = SINGLE_ATTACHMENTS.includes(kind);
  const mine = files.filter((f) => f.kind === kind);

  async function upload(file: File) {
    setBusy(true);
    setFailure(null);
    try {
      const saved = await uploadAttachment(kind, file);
      onFiles([...files.filter((f) => !(single && f.kind === kind)), saved]);
      onChanged();
    } catch (err) {
      setFailure(err instanceof ApiFailure ? err : null);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  async function remove(file: Attachment) {
    setFailure(null);
    try {
      await deleteAttachment(file.id);
      onFiles(files.filter((f) => f.id !== file.id));
    } catch (err) {
      setFailure(err instanceof ApiFailure ? err : null);
    }
  }

  return (
    <div>
      {mine.length === 0 && <Typography.Text type="secondary">{t(TEXT.noFile)}</Typography.Text>}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }}>
        {mine.map((f) => (
          <div key={f.id} style={{ width: 280 }}>
            <FilePreview file={f} />
            {editable && !single && (
              <Button size="small" danger style={{ marginTop: 4 }} onClick={() => remove(f)}>
                {t(TEXT.remove)} {f.fileName}
              </Button>
            )}
          </div>
        ))}
      </div>
      {editable && (
        <div style={{ marginTop: 8 }}>
          <input
            ref={input}
            type="file"
            style={{ display: 'none' }}
            data-kind={kind}
            accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
            aria-label={`${t(TEXT.upload)}：${t(name)}`}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void upload(file);
            }}
          />
          <Button id={id} loading={busy} onClick={() => input.current?.click()}>
            {single && mine.length ? t(TEXT.replace) : t(TEXT.upload)}
          </Button>
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
            {t(TEXT.fileTypes)}
          </Typography.Text>
        </div>
      )}
      {failure && (
        <div role="alert" className="ant-form-item-explain-error" style={{ marginTop: 4 }}>
          {[failure.bilingual, ...failure.fields.map((f) => f.message)].map((m) => t(m)).join('；')}
        </div>
      )}
    </div>
  );
}

/** The attachments step. `editable(kind)`: whether that kind may change now. */
export function AttachmentsStep({
  kinds,
  files,
  editable,
  reasonOf,
  onFiles,
}: {
  kinds: { code: string; name: Bilingual }[];
  files: Attachment[];
  editable(kind: string): boolean;
  /** The reviewer's reason beside a kind marked for correction, if any. */
  reasonOf(kind: string): string | null;
  onFiles(files: Attachment[]): void;
}) {
  const { t } = useLang();
  const form = Form.useFormInstance();
  return (
    <>
      <Typography.Paragraph strong>{t(TEXT.scanHint)}</Typography.Paragraph>
      {kinds.map((k) => {
        const reason = reasonOf(k.code);
        return (
          <Form.Item
            key={k.code}
            name={['attachments', k.code]}
            label={t(k.name)}
            htmlFor={`attachment_${k.code}`}
            required={(REQUIRED_ATTACHMENTS as readonly string[]).includes(k.code)}
            extra={reason ? <span style={REASON_STYLE}>{`${t(TEXT.reviewerReason)}${reason}`}</span> : undefined}
          >
            <Slot
              id={`attachment_${k.code}`}
              kind={k.code}
              name={k.name}
              files={files}
              editable={editable(k.code)}
              onFiles={onFiles}
              onChanged={() => form.setFields([{ name: ['attachments', k.code], errors: [] }])}
            />
          </Form.Item>
        );
      })}
    </>
  );
}
