/**
 * Token stations: which are online, and which tokens are in a station's readers now — each caller sees
 * only what it may.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { StationToken } from '../../../contracts/station';
import { hasRole, type Role } from '../../../domain/roles';
import { serialsOfEnterprise } from '../../repos/certificates';
import { isOnline, listStations } from '../../repos/stations';
import { errors, IdParams } from '../../schemas/common';
import { StationListQuery, StationListSchema, StationTokenListSchema } from '../../schemas/stations';
import { callStation } from '../../station-calls';

/** Who may see every token at a station: the CA desk. */
const CA_DESK: Role[] = ['ca_admin', 'operator', 'admin'];
/** Who may look at stations at all: the CA desk, and applicants (to make their UKeys and read their locks). */
const STATION_READERS: Role[] = [...CA_DESK, 'applicant'];

const stationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/stations',
    {
      config: { access: STATION_READERS },
      schema: {
        tags: ['production'],
        summary:
          'Token stations online (`?all=true` includes offline ones); the CA desk (ca_admin, operator, admin) and applicants',
        querystring: StationListQuery,
        response: { 200: StationListSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      const rows = await listStations(app.db, request.query.all === true);
      const desk = hasRole(request.user, ...CA_DESK);
      return {
        items: rows.map((station) => ({
          id: station.id,
          name: station.name,
          // (where the PKCS#11 library lives is the desk's business)
          ...(desk ? { module: station.module_path } : {}),
          lastSeenAt: station.last_seen_at.toISOString(),
          online: isOnline(station.last_seen_at),
        })),
      };
    },
  );

  app.get(
    '/api/v1/stations/:id/tokens',
    {
      config: { access: STATION_READERS },
      schema: {
        tags: ['production'],
        summary:
          'The tokens in a station’s readers now (serial, label, model, blank, certificate, PIN attempts left): all of them for the CA desk (ca_admin, operator, admin); for an applicant only blank tokens and those holding its own enterprise’s certificate',
        params: IdParams,
        response: { 200: StationTokenListSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const tokens = await callStation<StationToken[]>(app, request.params.id, { op: 'listTokens' });
      if (hasRole(request.user, ...CA_DESK)) return { items: tokens };
      const own = await serialsOfEnterprise(
        app.db,
        request.user!.enterprise_id ?? '',
        tokens.flatMap((token) => (token.certificateSerial ? [token.certificateSerial] : [])),
      );
      return {
        items: tokens.filter(
          (token) => token.blank || (token.certificateSerial !== null && own.has(token.certificateSerial)),
        ),
      };
    },
  );
};

export default stationRoutes;
