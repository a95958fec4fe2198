/**
 * An uploaded file shown inline: an image as an `<img>`; a PDF fetched into a Blob and shown from an
 * object URL (the API serves files as attachments, which a frame would download instead of showing);
 * anything else as a download link.
 */
import { useEffect, useState } from 'react';
import type { Attachment } from '../api/types';
import { msg, useLang } from '../i18n';

const TEXT = {
  open: msg('下载', 'Download'),
  failed: msg('预览失败，请下载查看', 'The preview failed; download the file to view it'),
};

/** A PDF in a frame, from a Blob of its content. */
function PdfFrame({ file }: { file: Attachment }) {
  const { t } = useLang();
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let url: string | null = null;
    const controller = new AbortController();
    fetch(file.url, { credentials: 'same-origin', signal: controller.signal })
      .then((res) => (res.ok ? res.blob() : Promise.reject(new Error(String(res.status)))))
      .then((blob) => {
        url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
        setSrc(url);
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setFailed(true);
      });
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [file.url]);
  if (failed) return <span>{t(TEXT.failed)}</span>;
  if (!src) return null;
  return <iframe title={file.fileName} src={src} style={{ width: '100%', height: 360, border: '1px solid #d9d9d9' }} />;
}

/** The file's preview, with its name as a download link under it. */
export function FilePreview({ file }: { file: Attachment }) {
  const { t } = useLang();
  return (
    <figure style={{ margin: 0 }}>
      {file.contentType.startsWith('image/') ? (
        <img
          src={file.url}
          alt={file.fileName}
          style={{ maxWidth: '100%', maxHeight: 360, border: '1px solid #d9d9d9' }}
        />
      ) : file.contentType === 'application/pdf' ? (
        <PdfFrame file={file} />
      ) : null}
      <figcaption style={{ marginTop: 4 }}>
        <a href={file.url} download={file.fileName}>
          {t(TEXT.open)} {file.fileName}
        </a>
      </figcaption>
    </figure>
  );
}
