/**
 * A7, the registration's status: status, step, round, the reason of a return, rejection or
 * withdrawal, the number the phone review comes from (提交后电话联系审核), the 意见 table (序号 / 业务步骤
 * / 部门 / 意见: a department, never a person), the timeline as the API filters it for applicants, and
 * 撤回 while the submission may be withdrawn.
 */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Descriptions from 'antd/es/descriptions';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Table from 'antd/es/table';
import Timeline from 'antd/es/timeline';
import Typography from 'antd/es/typography';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { getRegistrationView, withdrawRegistration, type RegistrationView } from '../../api/portal-registration';
import { Submission } from '../../api/submission';
import { useLang } from '../../i18n';
import { Link } from '../../shell/router';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';
import { STATUS_NAMES, TEXT } from './text';

type Comment = RegistrationView['comments'][number];

const when = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '—');

/** 撤回: a dialog with an optional reason. */
function WithdrawDialog({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(): void }) {
  const { t } = useLang();
  const [form] = Form.useForm<{ reason?: string }>();
  const errors = useApiErrors(form);
  const [busy, setBusy] = useState(false);
  const submission = useRef(new Submission());
  async function confirm() {
    errors.clear();
    setBusy(true);
    try {
      await withdrawRegistration(form.getFieldValue('reason')?.trim() || undefined, submission.current);
      onDone();
    } catch (err) {
      errors.show(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open={open}
      title={t(TEXT.withdrawTitle)}
      okText={t(TEXT.withdraw)}
      okButtonProps={{ danger: true, loading: busy }}
      cancelText={t(TEXT.cancel)}
      onOk={() => void confirm()}
      onCancel={onClose}
    >
      <FailureAlert errors={errors} />
      <Form form={form} name="withdraw" layout="vertical">
        <Form.Item name="reason" label={t(TEXT.withdrawReason)}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The registration status screen. */
export default function StatusPage() {
  const { t } = useLang();
  const [view, setView] = useState<RegistrationView | null>(null);
  const [version, setVersion] = useState(0);
  const [withdrawing, setWithdrawing] = useState(false);
  const errors = useApiErrors();

  useEffect(() => {
    const controller = new AbortController();
    getRegistrationView(controller.signal).then(setView, (err: unknown) => {
      if ((err as Error).name !== 'AbortError') errors.show(err);
    });
    return () => controller.abort();
  }, [version]);

  const canWithdraw = view?.status === 'in_review' || view?.status === 'returned';
  const title = (
    <PageTitle
      extra={
        canWithdraw && (
          <Button danger onClick={() => setWithdrawing(true)}>
            {t(TEXT.withdraw)}
          </Button>
        )
      }
    >
      {t(TEXT.statusTitle)}
    </PageTitle>
  );
  if (!view)
    return (
      <>
        {title}
        {errors.failure ? <FailureAlert errors={errors} /> : <Loading />}
      </>
    );

  const columns = [
    { title: t(TEXT.seq), dataIndex: 'seq', key: 'seq', width: 80 },
    { title: t(TEXT.stepCol), dataIndex: 'step', key: 'step', width: 180 },
    { title: t(TEXT.department), dataIndex: 'department', key: 'department', width: 140 },
    { title: t(TEXT.comment), dataIndex: 'comment', key: 'comment' },
  ];
  return (
    <>
      {title}
      <FailureAlert errors={errors} />
      {view.status === 'draft' ? (
        <Alert
          type="info"
          showIcon
          title={t(TEXT.notSubmitted)}
          action={<Link to="/portal/registration">{t(TEXT.toProfile)}</Link>}
        />
      ) : (
        <>
          {view.status === 'returned' && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t(TEXT.returnedTitle)}
              description={view.reason ? `${t(TEXT.reviewerReason)}${view.reason}` : undefined}
              action={<Link to="/portal/registration">{t(TEXT.correct)}</Link>}
            />
          )}
          {(view.status === 'rejected' || view.status === 'withdrawn') && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={t(TEXT.submitAgain)}
              action={<Link to="/portal/registration">{t(TEXT.toProfile)}</Link>}
            />
          )}
          <Descriptions
            bordered
            size="small"
            column={1}
            style={{ marginBottom: 16, maxWidth: 720 }}
            items={[
              { key: 'status', label: t(TEXT.status), children: t(STATUS_NAMES[view.status] ?? TEXT.status) },
              { key: 'step', label: t(TEXT.step), children: view.step ?? view.openTasks[0]?.step ?? '—' },
              { key: 'round', label: t(TEXT.round), children: t(TEXT.roundN).replace('{n}', String(view.round)) },
              { key: 'submitted', label: t(TEXT.submittedAt), children: when(view.submittedAt) },
              ...(view.reason ? [{ key: 'reason', label: t(TEXT.reason), children: view.reason }] : []),
            ]}
          />
        </>
      )}
      <Alert
        type="info"
        style={{ marginBottom: 16 }}
        title={
          <span>
            {t(TEXT.phone)}
            <a href={`tel:${view.reviewPhone}`} style={{ textDecoration: 'underline' }}>
              {view.reviewPhone}
            </a>
          </span>
        }
      />
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t(TEXT.comments)}
      </Typography.Title>
      <Table<Comment>
        rowKey="seq"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={view.comments}
        locale={{ emptyText: <Typography.Text type="secondary">{t(TEXT.noComments)}</Typography.Text> }}
        style={{ marginBottom: 24 }}
      />
      {view.timeline.length > 0 && (
        <>
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {t(TEXT.timeline)}
          </Typography.Title>
          <Timeline
            items={view.timeline.map((e, i) => ({
              key: i,
              content: `${when(e.at)}　${t(e.label)}`,
            }))}
          />
        </>
      )}
      <WithdrawDialog
        open={withdrawing}
        onClose={() => setWithdrawing(false)}
        onDone={() => {
          setWithdrawing(false);
          setVersion((v) => v + 1);
        }}
      />
    </>
  );
}
