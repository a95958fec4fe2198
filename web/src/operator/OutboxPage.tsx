/**
 * O4 the development outbox (embedded default only): the SMS and emails the product "sent", newest
 * first, narrowed to one mobile or address, so a person can read an activation link or an auth code.
 */
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { listOutbox } from '../api/operations';
import type { OutboxMessage } from '../api/types';
import { msg, useLang } from '../i18n';
import { navigate } from '../shell/router';
import type { ScreenProps } from '../shell/routes';
import { FailureAlert, useApiErrors } from '../ui/api-errors';
import { PageTitle } from '../ui/PageTitle';

const TEXT = {
  title: msg('开发发件箱', 'Dev outbox'),
  note: msg(
    '仅开发环境：产品“发送”的短信和邮件保存在这里，并未真正发出。',
    'Development only: the SMS and emails the product "sent" are kept here, not sent.',
  ),
  filters: msg('筛选', 'Filters'),
  to: msg('收件人', 'Recipient'),
  toHint: msg('手机号或电子邮箱', 'Mobile or email address'),
  search: msg('查询', 'Search'),
  refresh: msg('刷新', 'Refresh'),
  channel: msg('渠道', 'Channel'),
  subject: msg('主题', 'Subject'),
  body: msg('内容', 'Message'),
  at: msg('时间', 'Time'),
  sms: msg('短信', 'SMS'),
  email: msg('邮件', 'Email'),
  empty: msg('没有消息', 'No message'),
};

export default function OutboxPage({ query }: ScreenProps) {
  const { t } = useLang();
  const errors = useApiErrors();
  const { show, clear } = errors;
  const to = query.get('to') ?? '';
  const [typed, setTyped] = useState(to);
  const [rows, setRows] = useState<OutboxMessage[]>([]);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listOutbox({ to: to || undefined, limit: 100 }, controller.signal)
      .then((page) => {
        setRows(page.items);
        clear();
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') show(err);
      })
      .finally(() => setLoading(false));
    return () => controller.abort();
  }, [to, round]);

  const search = () => {
    const value = typed.trim();
    navigate(value ? `/dev/outbox?to=${encodeURIComponent(value)}` : '/dev/outbox', { replace: true });
  };

  return (
    <section>
      <PageTitle extra={<Button onClick={() => setRound((n) => n + 1)}>{t(TEXT.refresh)}</Button>}>
        {t(TEXT.title)}
      </PageTitle>
      <Typography.Paragraph type="secondary">{t(TEXT.note)}</Typography.Paragraph>
      <FailureAlert errors={errors} />
      <Form layout="inline" aria-label={t(TEXT.filters)} style={{ marginBottom: 16, rowGap: 12 }} onFinish={search}>
        <Form.Item label={t(TEXT.to)} htmlFor="outbox_to">
          <Input
            id="outbox_to"
            allowClear
            placeholder={t(TEXT.toHint)}
            style={{ width: 260 }}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </Form.Item>
        <Button htmlType="submit">{t(TEXT.search)}</Button>
      </Form>
      <Table<OutboxMessage>
        rowKey={(m) => `${m.at} ${m.to} ${m.body}`}
        size="middle"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        loading={loading}
        dataSource={rows}
        locale={{ emptyText: <Typography.Text type="secondary">{loading ? ' ' : t(TEXT.empty)}</Typography.Text> }}
        columns={[
          {
            title: t(TEXT.at),
            dataIndex: 'at',
            render: (v: string) => (
              <span style={{ whiteSpace: 'nowrap' }}>{dayjs(v).format('YYYY-MM-DD HH:mm:ss')}</span>
            ),
          },
          {
            title: t(TEXT.channel),
            dataIndex: 'channel',
            render: (v: string) => <Tag>{v === 'sms' ? t(TEXT.sms) : v === 'email' ? t(TEXT.email) : v}</Tag>,
          },
          { title: t(TEXT.to), dataIndex: 'to' },
          { title: t(TEXT.subject), dataIndex: 'subject', render: (v: string | null) => v ?? '—' },
          {
            title: t(TEXT.body),
            dataIndex: 'body',
            render: (v: string) => <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{v}</span>,
          },
        ]}
      />
    </section>
  );
}
