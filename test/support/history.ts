/** Reading a process's history as an auditor would: the raw JSON, and every payload opened with the codec. */
import { AesGcmCodec } from '../../platform/codec';
import { TEST_CODEC_KEY, type Harness } from './harness';

/** The raw history JSON (from the API, as an operator) and the text of every payload in it, opened. */
export async function historyTexts(
  h: Harness,
  processId: string,
  operatorToken: string,
): Promise<{ raw: string; opened: string[] }> {
  const res = await h.http({ method: 'GET', url: `/api/v1/processes/${processId}/history/raw`, token: operatorToken });
  if (res.statusCode !== 200) throw new Error(`raw history: ${res.statusCode} ${res.body}`);
  const codec = new AesGcmCodec({ test1: Buffer.from(TEST_CODEC_KEY, 'base64') }, 'test1');
  const opened: string[] = [];
  const walk = async (node: unknown): Promise<void> => {
    if (Array.isArray(node)) for (const n of node) await walk(n);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (Array.isArray(o.payloads)) {
        const payloads = (o.payloads as { metadata?: Record<string, string>; data?: string }[]).map((p) => ({
          metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
          data: Buffer.from(p.data ?? '', 'base64'),
        }));
        for (const p of await codec.decode(payloads)) opened.push(Buffer.from(p.data ?? []).toString('utf8'));
      }
      for (const v of Object.values(o)) await walk(v);
    }
  };
  await walk(res.json());
  return { raw: res.body, opened };
}
