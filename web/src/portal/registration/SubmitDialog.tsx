/**
 * A6, the 下一步 dialog of 提交: 选择人员 — enterprise reviewer 1 and 2 from the reviewer directory, or
 * neither (the reviewers' pool). A resubmission after a return goes back to the same reviewers, so it
 * offers no choice. 确认 submits; a refusal about the reviewers stays in the dialog, any other goes to
 * `onRefused` (the form's fields).
 */
import Form from 'antd/es/form';
import Modal from 'antd/es/modal';
import Select from 'antd/es/select';
import Typography from 'antd/es/typography';
import { useEffect, useRef, useState } from 'react';
import { ApiFailure } from '../../api/client';
import { getReviewers, submitRegistration, type Reviewer } from '../../api/portal-registration';
import { Submission } from '../../api/submission';
import { useLang } from '../../i18n';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { TEXT } from './text';

/** The dialog; `resubmission`: after a return (no choice of reviewers). */
export function SubmitDialog({
  open,
  resubmission,
  onClose,
  onSubmitted,
  onRefused,
}: {
  open: boolean;
  resubmission: boolean;
  onClose(): void;
  onSubmitted(): void;
  onRefused(error: unknown): void;
}) {
  const { t } = useLang();
  const [form] = Form.useForm<{ reviewers?: (string | undefined)[] }>();
  const errors = useApiErrors(form);
  const [reviewers, setReviewers] = useState<Reviewer[]>([]);
  const [busy, setBusy] = useState(false);
  const submission = useRef(new Submission());
  const first = Form.useWatch(['reviewers', 0], form);

  useEffect(() => {
    if (!open || resubmission) return;
    const controller = new AbortController();
    getReviewers(controller.signal).then(setReviewers, (err: unknown) => {
      if ((err as Error).name !== 'AbortError') errors.show(err);
    });
    return () => controller.abort();
  }, [open, resubmission]);

  async function confirm() {
    errors.clear();
    const [r1, r2] = form.getFieldValue('reviewers') ?? [];
    if (!r1 !== !r2) {
      form.setFields([{ name: ['reviewers', r1 ? 1 : 0], errors: [t(TEXT.bothOrNone)] }]);
      return;
    }
    setBusy(true);
    try {
      await submitRegistration(r1 && r2 ? [r1, r2] : undefined, submission.current);
      onSubmitted();
    } catch (err) {
      if (err instanceof ApiFailure && err.fields.length && err.fields.every((f) => f.field.startsWith('reviewers')))
        errors.show(err);
      else onRefused(err);
    } finally {
      setBusy(false);
    }
  }

  const option = (r: Reviewer) => ({ value: r.loginName, label: `${r.displayName}（${r.loginName}）` });
  return (
    <Modal
      open={open}
      title={t(TEXT.dialogTitle)}
      okText={t(TEXT.confirm)}
      cancelText={t(TEXT.cancel)}
      okButtonProps={{ loading: busy }}
      onOk={() => void confirm()}
      onCancel={onClose}
    >
      <FailureAlert errors={errors} />
      <Typography.Paragraph>{t(TEXT.handlers)}</Typography.Paragraph>
      {resubmission ? (
        <Typography.Paragraph>{t(TEXT.sameReviewers)}</Typography.Paragraph>
      ) : (
        <Form form={form} name="reviewers" layout="vertical">
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t(TEXT.choosePeople)}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t(TEXT.pool)}</Typography.Paragraph>
          <Form.Item name={['reviewers', 0]} label={t(TEXT.reviewer1)}>
            <Select allowClear options={reviewers.map(option)} />
          </Form.Item>
          <Form.Item name={['reviewers', 1]} label={t(TEXT.reviewer2)}>
            <Select allowClear options={reviewers.filter((r) => r.loginName !== first).map(option)} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
