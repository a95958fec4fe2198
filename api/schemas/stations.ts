/** Token stations: which are online. */
import { Type } from '@sinclair/typebox';
import { Moment, View } from './common';

/** `GET /stations` filter. */
export const StationListQuery = Type.Object({ all: Type.Optional(Type.Boolean()) });

/** Token stations (the CA desk also sees where each one's PKCS#11 library is). */
export const StationListSchema = Type.Object({
  items: Type.Array(
    View({
      id: Type.String(),
      name: Type.String(),
      module: Type.Optional(Type.String()),
      lastSeenAt: Moment,
      online: Type.Boolean(),
    }),
  ),
});

/** A token in a station's reader, as `GET /stations/:id/tokens` lists it. */
export type { StationToken } from '../../contracts/station';

/** The tokens in a station's readers now. */
export const StationTokenListSchema = Type.Object({ items: Type.Array(View({})) });
