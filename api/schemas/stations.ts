/** Token stations: which are online. */
import { Type } from '@sinclair/typebox';

/** `GET /stations` filter. */
export const StationListQuery = Type.Object({ all: Type.Optional(Type.Boolean()) });
