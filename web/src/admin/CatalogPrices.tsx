/**
 * Catalogue prices: each service on offer with its price typed in 元 (recorded in fen) and saved on its
 * own row; orders already placed keep their price. A refused price shows on its row.
 */
import Button from 'antd/es/button';
import InputNumber from 'antd/es/input-number';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { useEffect, useState } from 'react';
import { changeService, listServices } from '../api/admin';
import { ApiFailure } from '../api/client';
import type { Service } from '../api/types';
import { msg, useLang, type Bilingual } from '../i18n';
import { labelOf } from '../i18n/labels';
import { FailureAlert, useApiErrors } from '../ui/api-errors';

const TEXT = {
  name: msg('服务名称', 'Service'),
  certificateType: msg('证书类型', 'Certificate type'),
  lockRole: msg('锁类型', 'Lock'),
  term: msg('年限', 'Term'),
  years: msg('年', 'years'),
  price: msg('价格（元）', 'Price (CNY)'),
  save: msg('保存', 'Save'),
  saved: msg('已保存', 'Saved'),
  keepsPrice: msg('已下的订单按下单时的价格结算。', 'Orders already placed keep the price they were placed at.'),
};

const CERTIFICATE_TYPES: Record<string, Bilingual> = {
  organization: msg('机构证书', 'Organisation'),
  personal: msg('个人证书', 'Personal'),
};
const LOCK_ROLES: Record<string, Bilingual> = { primary: msg('主锁', 'Primary'), secondary: msg('副锁', 'Secondary') };

/** What a row shows while it is edited: the typed price, and the API's answer to its last save. */
interface RowState {
  yuan: number | null;
  busy?: boolean;
  saved?: boolean;
  problem?: Bilingual;
}

export default function CatalogPrices() {
  const { t } = useLang();
  const errors = useApiErrors();
  const [rows, setRows] = useState<Service[]>([]);
  const [edits, setEdits] = useState<Record<string, RowState>>({});
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const controller = new AbortController();
    listServices(controller.signal)
      .then((page) => {
        setRows(page.items);
        setEdits(Object.fromEntries(page.items.map((s) => [s.id, { yuan: s.unitPriceFen / 100 }])));
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') errors.show(err);
      })
      .finally(() => setLoading(false));
    return () => controller.abort();
  }, []);

  const edit = (id: string, change: Partial<RowState>) =>
    setEdits((all) => ({ ...all, [id]: { ...all[id], ...change } }));

  const save = (s: Service) => {
    const typed = edits[s.id]?.yuan;
    edit(s.id, { busy: true, saved: false, problem: undefined });
    changeService(s.id, {
      name: s.name,
      certificateType: s.certificateType as 'organization' | 'personal',
      lockRole: s.lockRole as 'primary' | 'secondary',
      termYears: s.termYears,
      // An empty price goes as null, for the API to refuse on the field.
      unitPriceFen: typed === null || typed === undefined ? (null as unknown as number) : Math.round(typed * 100),
      active: s.active,
    })
      .then((changed) => {
        setRows((all) => all.map((r) => (r.id === s.id ? changed : r)));
        edit(s.id, { busy: false, saved: true });
      })
      .catch((err: unknown) => {
        const failure = err instanceof ApiFailure ? err : null;
        const onPrice = failure?.fields.find((f) => f.field === 'unitPriceFen');
        edit(s.id, { busy: false, problem: onPrice?.message ?? failure?.bilingual ?? msg(String(err), String(err)) });
      });
  };

  return (
    <>
      <FailureAlert errors={errors} />
      <Typography.Paragraph>{t(TEXT.keepsPrice)}</Typography.Paragraph>
      <Table<Service>
        rowKey="id"
        size="small"
        pagination={false}
        loading={loading}
        dataSource={rows}
        columns={[
          { title: t(TEXT.name), dataIndex: 'name' },
          {
            title: t(TEXT.certificateType),
            dataIndex: 'certificateType',
            render: (v: string) => t(labelOf(CERTIFICATE_TYPES, v)),
          },
          { title: t(TEXT.lockRole), dataIndex: 'lockRole', render: (v: string) => t(labelOf(LOCK_ROLES, v)) },
          { title: t(TEXT.term), dataIndex: 'termYears', render: (v: number) => `${v} ${t(TEXT.years)}` },
          {
            title: t(TEXT.price),
            key: 'price',
            render: (_, s) => {
              const state = edits[s.id] ?? { yuan: null };
              const problemId = `price_${s.id}_problem`;
              return (
                <>
                  <InputNumber
                    id={`price_${s.id}`}
                    aria-label={`${t(TEXT.price)}：${s.name}`}
                    aria-invalid={state.problem ? true : undefined}
                    aria-describedby={state.problem ? problemId : undefined}
                    status={state.problem ? 'error' : undefined}
                    precision={2}
                    step={1}
                    value={state.yuan}
                    onChange={(v) => edit(s.id, { yuan: v, saved: false })}
                    style={{ width: 140 }}
                  />{' '}
                  <Button
                    size="small"
                    loading={state.busy}
                    aria-label={`${t(TEXT.save)}：${s.name}`}
                    onClick={() => save(s)}
                  >
                    {t(TEXT.save)}
                  </Button>
                  {state.saved && (
                    <Typography.Text type="success" role="status" style={{ marginLeft: 8 }}>
                      {t(TEXT.saved)}
                    </Typography.Text>
                  )}
                  {state.problem && (
                    <div id={problemId} role="alert" style={{ color: '#cf1322', marginTop: 4 }}>
                      {t(state.problem)}
                    </div>
                  )}
                </>
              );
            },
          },
        ]}
      />
    </>
  );
}
