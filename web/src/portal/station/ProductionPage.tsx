/**
 * A15 待制作证书 (guide 三.3): the enterprise's approved orders with UKeys still to make, each with 制证;
 * 刷新; which token stations are online.
 */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { listProduction, listStations, type ProductionItem, type Station } from '../../api/portal-station';
import { useLang } from '../../i18n';
import { Link } from '../../shell/router';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { PageTitle } from '../../ui/PageTitle';
import { PRODUCTION_TEXT as P, TEXT } from './text';

/** The 待制作证书 list. */
export default function ProductionPage() {
  const { t } = useLang();
  const errors = useApiErrors();
  const [rows, setRows] = useState<ProductionItem[]>([]);
  const [stations, setStations] = useState<Station[] | null>(null);
  const [loading, setLoading] = useState(true);

  const load = (signal?: AbortSignal) => {
    setLoading(true);
    Promise.all([listProduction(signal), listStations(signal)])
      .then(([queue, online]) => {
        setRows(queue.items);
        setStations(online.items);
        errors.clear();
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') errors.show(err);
      })
      .finally(() => setLoading(false));
  };

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, []);

  return (
    <section>
      <PageTitle
        extra={
          <Button onClick={() => load()} loading={loading}>
            {t(TEXT.refresh)}
          </Button>
        }
      >
        {t(P.title)}
      </PageTitle>
      <FailureAlert errors={errors} />
      <Typography.Paragraph>{t(P.prerequisite)}</Typography.Paragraph>
      {stations &&
        (stations.length === 0 ? (
          <Alert type="warning" showIcon title={t(P.noStation)} style={{ marginBottom: 16 }} />
        ) : (
          <Typography.Paragraph>
            {t(P.stations)}：{stations.map((s) => `${s.name}（${t(P.online)}）`).join('、')}
          </Typography.Paragraph>
        ))}
      <Table<ProductionItem>
        rowKey="orderId"
        size="middle"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        loading={loading}
        dataSource={rows}
        locale={{ emptyText: <Typography.Text type="secondary">{loading ? ' ' : t(P.empty)}</Typography.Text> }}
        columns={[
          { title: t(P.orderName), dataIndex: 'orderName' },
          { title: t(P.company), dataIndex: 'company' },
          { title: t(P.orderNo), dataIndex: 'orderNo' },
          {
            title: t(P.orderedAt),
            dataIndex: 'orderedAt',
            render: (v: string) => (
              <span style={{ whiteSpace: 'nowrap' }}>{dayjs(v).format('YYYY-MM-DD HH:mm:ss')}</span>
            ),
          },
          { title: t(P.unitPrice), dataIndex: 'unitPriceFen', render: (v: number) => (v / 100).toFixed(2) },
          {
            title: t(P.quantity),
            key: 'quantity',
            render: (_, row) => (
              <>
                {row.quantity}
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  {t(P.remaining(row.remaining))}
                </Typography.Text>
              </>
            ),
          },
          {
            title: t(P.serviceType),
            dataIndex: 'serviceType',
            render: (v: string) => (v === '新领' ? t(P.newIssue) : v),
          },
          {
            title: t(TEXT.actions),
            key: 'make',
            render: (_, row) => (
              <Link
                to={`/portal/station/orders/${encodeURIComponent(row.orderId)}`}
                aria-label={`${t(TEXT.make)} ${row.orderNo}`}
              >
                {t(TEXT.make)}
              </Link>
            ),
          },
        ]}
      />
    </section>
  );
}
