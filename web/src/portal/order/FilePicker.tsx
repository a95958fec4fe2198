/** A labelled file input that uploads the chosen file at once (one request per choice; the input clears after). */
import { useRef, useState } from 'react';
import { useLang, msg } from '../../i18n';

const TEXT = { uploading: msg('正在上传…', 'Uploading…') };

/** Picks a file and hands it to `upload`; shows progress while it runs. */
export function FilePicker({
  id,
  label,
  upload,
  accept = 'image/jpeg,image/png,application/pdf',
}: {
  id: string;
  label: string;
  upload: (file: File) => Promise<void>;
  accept?: string;
}) {
  const { t } = useLang();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  return (
    <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
      <label htmlFor={id}>{label}</label>
      <input
        ref={input}
        id={id}
        type="file"
        accept={accept}
        disabled={busy}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          setBusy(true);
          try {
            await upload(file);
          } finally {
            setBusy(false);
            if (input.current) input.current.value = '';
          }
        }}
      />
      {busy && <span role="status">{t(TEXT.uploading)}</span>}
    </span>
  );
}
