/**
 * A8 选择服务 (guide 二.2.1): the services on offer — 服务名称, 证书类型, 证书绑定类型, 年限, 价格 — each
 * with 点击购买, which opens the order form for it. Reached with `?serviceId=…&quantity=…` (a re-issue
 * from 我的证书), it goes straight to that service's form.
 */
import Table from 'antd/es/table';
import { useEffect, useState } from 'react';
import { listServices } from '../../api/portal-order';
import type { Service } from '../../api/types';
import { msg, useLang, type Bilingual } from '../../i18n';
import { Link, navigate } from '../../shell/router';
import type { ScreenProps } from '../../shell/routes';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { PageTitle } from '../../ui/PageTitle';
import { yuan } from './text';

const TEXT = {
  title: msg('选择服务', 'Choose a service'),
  name: msg('服务名称', 'Service'),
  type: msg('证书类型', 'Certificate type'),
  binding: msg('证书绑定类型', 'Binding type'),
  term: msg('年限', 'Term'),
  price: msg('价格', 'Price'),
  actions: msg('操作', 'Action'),
  buy: msg('点击购买', 'Buy'),
  years: (n: number) => msg(`${n} 年`, `${n} year${n === 1 ? '' : 's'}`),
};

const CERTIFICATE_TYPES: Record<string, Bilingual> = {
  organization: msg('机构证书', 'Organisation certificate'),
  personal: msg('个人证书', 'Personal certificate'),
};
const LOCK_ROLES: Record<string, Bilingual> = { primary: msg('主锁', 'primary'), secondary: msg('副锁', 'secondary') };
const BINDING_TYPES: Record<string, Bilingual> = { new_issue: msg('新领证书', 'New certificate') };

export default function CataloguePage({ query }: ScreenProps) {
  const { t } = useLang();
  const errors = useApiErrors();
  const { show } = errors;
  const [rows, setRows] = useState<Service[]>([]);
  const [loading, setLoading] = useState(true);

  const chosen = query.get('serviceId');
  useEffect(() => {
    if (!chosen) return;
    const quantity = query.get('quantity');
    navigate(
      `/portal/orders/new/${encodeURIComponent(chosen)}${quantity ? `?quantity=${encodeURIComponent(quantity)}` : ''}`,
      { replace: true },
    );
  }, [chosen]);

  useEffect(() => {
    const controller = new AbortController();
    listServices(controller.signal)
      .then((page) => setRows(page.items))
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') show(err);
      })
      .finally(() => setLoading(false));
    return () => controller.abort();
  }, []);

  const label = (labels: Record<string, Bilingual>, code: string) => (labels[code] ? t(labels[code]) : code);
  return (
    <section>
      <PageTitle>{t(TEXT.title)}</PageTitle>
      <FailureAlert errors={errors} />
      <Table<Service>
        rowKey="id"
        size="middle"
        pagination={false}
        loading={loading}
        dataSource={rows}
        columns={[
          { title: t(TEXT.name), dataIndex: 'name' },
          {
            title: t(TEXT.type),
            render: (_, s) => {
              const [type, lock] = [label(CERTIFICATE_TYPES, s.certificateType), label(LOCK_ROLES, s.lockRole)];
              return t(msg(`${type}（${lock}）`, `${type} (${lock})`));
            },
          },
          { title: t(TEXT.binding), render: (_, s) => label(BINDING_TYPES, s.bindingType) },
          { title: t(TEXT.term), render: (_, s) => t(TEXT.years(s.termYears)) },
          { title: t(TEXT.price), align: 'right', render: (_, s) => yuan(s.unitPriceFen) },
          {
            title: t(TEXT.actions),
            render: (_, s) => (
              <Link to={`/portal/orders/new/${encodeURIComponent(s.id)}`} aria-label={`${t(TEXT.buy)} ${s.name}`}>
                {t(TEXT.buy)}
              </Link>
            ),
          },
        ]}
      />
    </section>
  );
}
