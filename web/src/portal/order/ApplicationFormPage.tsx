/**
 * A13 打印申请单 (guide 二.3): the 机构电子签名认证证书业务登记表 of an order shown inline (fetched into a
 * Blob: a frame on the API's URL would download it), with a button that prints it.
 */
import Button from 'antd/es/button';
import { useEffect, useRef, useState } from 'react';
import { applicationFormUrl } from '../../api/portal-order';
import { msg, useLang } from '../../i18n';
import { Link } from '../../shell/router';
import type { ScreenProps } from '../../shell/routes';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';

const TEXT = {
  title: msg('打印申请单', 'Print the application form'),
  form: msg('机构电子签名认证证书业务登记表', 'Certificate application form'),
  print: msg('打印', 'Print'),
  download: msg('下载 PDF', 'Download the PDF'),
  hint: msg('请打印申请单，盖章后在“提交材料”中上传。', 'Print the form, stamp it, and upload it under Materials.'),
  materials: msg('提交材料', 'Materials'),
  failed: msg('申请单加载失败，请下载查看', 'The form failed to load; download it instead'),
  back: msg('返回我的订单', 'Back to my orders'),
};

export default function ApplicationFormPage({ params }: ScreenProps) {
  const { t } = useLang();
  const url = applicationFormUrl(params.id);
  const frame = useRef<HTMLIFrameElement>(null);
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let objectUrl: string | null = null;
    const controller = new AbortController();
    fetch(url, { credentials: 'same-origin', signal: controller.signal })
      .then((res) => (res.ok ? res.blob() : Promise.reject(new Error(String(res.status)))))
      .then((blob) => {
        objectUrl = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
        setSrc(objectUrl);
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setFailed(true);
      });
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url]);

  return (
    <section>
      <PageTitle
        extra={
          <>
            <Button type="primary" disabled={!src} onClick={() => frame.current?.contentWindow?.print()}>
              {t(TEXT.print)}
            </Button>
            <a href={url} download>
              {t(TEXT.download)}
            </a>
            <Link to="/portal/orders">{t(TEXT.back)}</Link>
          </>
        }
      >
        {t(TEXT.title)}
      </PageTitle>
      <p>
        {t(TEXT.hint)}{' '}
        <Link to={`/portal/orders/${encodeURIComponent(params.id)}/materials`} style={{ textDecoration: 'underline' }}>
          {t(TEXT.materials)}
        </Link>
      </p>
      {failed ? (
        <p role="alert">{t(TEXT.failed)}</p>
      ) : src ? (
        <iframe
          ref={frame}
          title={t(TEXT.form)}
          src={src}
          style={{ width: '100%', height: '75vh', border: '1px solid #d9d9d9' }}
        />
      ) : (
        <Loading />
      )}
    </section>
  );
}
