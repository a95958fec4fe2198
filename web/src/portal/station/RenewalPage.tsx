/**
 * 续期: the renewal order of one certificate, pre-filled from the certificate and the approved enterprise
 * record (the UKey, the service, the renewal price, whether the materials are reviewed); 提交续期订单
 * places it and leads to its payment. A certificate that cannot be renewed (past the grace period,
 * revoked) shows why, and leads to a new order.
 */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { getRenewal, placeRenewal } from '../../api/portal-station';
import { Submission } from '../../api/submission';
import type { RenewalPrefill } from '../../api/types';
import { useLang } from '../../i18n';
import { labelOf } from '../../i18n/labels';
import { Link, navigate } from '../../shell/router';
import type { ScreenProps } from '../../shell/routes';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';
import { yuan } from '../order/text';
import { RENEWAL_FIELDS, RENEWAL_TEXT as R } from './text';

/** The renewal order of the certificate `params.serial`. */
export default function RenewalPage({ params }: ScreenProps) {
  const { t } = useLang();
  const errors = useApiErrors();
  const submission = useRef(new Submission()).current;
  const [renewal, setRenewal] = useState<RenewalPrefill | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    getRenewal(params.serial, controller.signal)
      .then(setRenewal)
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') errors.show(err);
      });
    return () => controller.abort();
  }, [params.serial]);

  const submit = () => {
    setBusy(true);
    errors.clear();
    placeRenewal(params.serial, submission)
      .then((placed) => navigate(`/portal/orders/${encodeURIComponent(placed.id)}/payment`))
      .catch((err: unknown) => errors.show(err))
      .finally(() => setBusy(false));
  };

  const back = <Link to="/portal/certificates">{t(R.back)}</Link>;
  if (!renewal) {
    return (
      <section>
        <PageTitle extra={back}>{t(R.title)}</PageTitle>
        <FailureAlert errors={errors} />
        {errors.failure ? <Link to="/portal/orders/new">{t(R.newOrder)}</Link> : <Loading />}
      </section>
    );
  }

  const { certificate, service, registration } = renewal;
  const filled = registration as {
    organization: { name: string; creditCode: string };
    legalRepresentative: { name: string };
    handler: { name: string; mobile: string };
  };
  const changed = renewal.changedFields.map((f) => t(labelOf(RENEWAL_FIELDS, f))).join('、');
  return (
    <section>
      <PageTitle extra={back}>{t(R.title)}</PageTitle>
      <FailureAlert errors={errors} />
      <Card title={t(R.certificate)} style={{ marginBottom: 16 }}>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t(R.serial)}>
            <code>{certificate.serial}</code>
          </Descriptions.Item>
          <Descriptions.Item label={t(R.ukey)}>{certificate.tokenSerial}</Descriptions.Item>
          <Descriptions.Item label={t(R.subject)}>{certificate.subject}</Descriptions.Item>
          <Descriptions.Item label={t(R.validTo)}>{dayjs(certificate.notAfter).format('YYYY-MM-DD')}</Descriptions.Item>
          <Descriptions.Item label={t(R.graceEnds)}>
            {dayjs(renewal.graceEndsAt).format('YYYY-MM-DD')}
          </Descriptions.Item>
          <Descriptions.Item label={t(R.service)}>{service.name}</Descriptions.Item>
          <Descriptions.Item label={t(R.term)}>{t(R.years(service.termYears))}</Descriptions.Item>
          <Descriptions.Item label={t(R.price)}>{yuan(renewal.renewalPriceFen)}</Descriptions.Item>
          <Descriptions.Item label={t(R.organization)}>{filled.organization.name}</Descriptions.Item>
          <Descriptions.Item label={t(R.creditCode)}>{filled.organization.creditCode}</Descriptions.Item>
          <Descriptions.Item label={t(R.legalRepresentative)}>{filled.legalRepresentative.name}</Descriptions.Item>
          <Descriptions.Item label={t(R.handler)}>
            {filled.handler.name} {filled.handler.mobile}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Alert
        type={renewal.reviewNeeded ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 16 }}
        title={t(renewal.reviewNeeded ? R.review(changed) : R.noReview)}
        description={t(R.sameUKey)}
      />
      {renewal.openOrder ? (
        <Alert
          type="info"
          showIcon
          role="status"
          title={t(R.open(renewal.openOrder.orderNo))}
          description={<Link to={`/portal/orders/${renewal.openOrder.id}`}>{t(R.toOrder)}</Link>}
        />
      ) : (
        <Button type="primary" loading={busy} onClick={submit}>
          {t(R.submit)}
        </Button>
      )}
    </section>
  );
}
