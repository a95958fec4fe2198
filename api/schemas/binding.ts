/** Process 4, CA binding: the UKey read at a station. */
import { Type } from '@sinclair/typebox';

/** A UKey in a station's reader. */
export const LockBody = Type.Object(
  {
    stationId: Type.String({ minLength: 1, maxLength: 64 }),
    tokenSerial: Type.String({ minLength: 1, maxLength: 64, description: '锁号 — the UKey in the station' }),
  },
  { additionalProperties: false },
);
