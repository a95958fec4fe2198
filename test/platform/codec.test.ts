/** The payload codec: AES-256-GCM with the key ID in metadata, rotation, tamper detection. */
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../platform/codec';

const k1 = Buffer.alloc(32, 1);
const k2 = Buffer.alloc(32, 2);
const text = (b: Uint8Array | undefined | null) => Buffer.from(b ?? []).toString();

test('a payload round-trips, sealed, with the key ID in its metadata', async () => {
  const codec = new AesGcmCodec({ k1 }, 'k1');
  const plain = defaultPayloadConverter.toPayload({
    name: '金华市五洲建设工程有限公司',
    creditCode: '913307037757272995',
  });
  const [sealed] = await codec.encode([plain]);
  expect(text(sealed.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
  expect(text(sealed.metadata?.[KEY_ID_METADATA])).toBe('k1');
  expect(Buffer.from(sealed.data!).toString('latin1')).not.toContain('913307037757272995');
  const [opened] = await codec.decode([sealed]);
  expect(defaultPayloadConverter.fromPayload(opened)).toEqual({
    name: '金华市五洲建设工程有限公司',
    creditCode: '913307037757272995',
  });
});

test('after rotation the new key seals and the old key still opens old payloads', async () => {
  const [old] = await new AesGcmCodec({ k1 }, 'k1').encode([defaultPayloadConverter.toPayload('before')]);
  const rotated = new AesGcmCodec({ k1, k2 }, 'k2');
  const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload('after')]);
  expect(text(fresh.metadata?.[KEY_ID_METADATA])).toBe('k2');
  const opened = await rotated.decode([old, fresh]);
  expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(['before', 'after']);
});

test('an altered payload or an unknown key is refused', async () => {
  const codec = new AesGcmCodec({ k1 }, 'k1');
  const [sealed] = await codec.encode([defaultPayloadConverter.toPayload('x')]);
  const tampered = { ...sealed, data: Buffer.from(sealed.data!).map((b, i) => (i === 20 ? b ^ 1 : b)) };
  await expect(codec.decode([tampered])).rejects.toThrow();
  await expect(new AesGcmCodec({ k2 }, 'k2').decode([sealed])).rejects.toThrow(/unknown codec key "k1"/);
});

test('unsealed payloads pass through decode untouched', async () => {
  const plain = defaultPayloadConverter.toPayload(42);
  const [out] = await new AesGcmCodec({ k1 }, 'k1').decode([plain]);
  expect(out).toBe(plain);
});
