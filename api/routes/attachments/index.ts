/** Downloading an uploaded file: its enterprise's own users, and the staff who review it. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Role } from '../../../domain/roles';
import { msg } from '../../../domain/text';
import { notFound } from '../../errors';
import { findAttachment } from '../../repos/attachments';
import { orderVisibleTo } from '../../repos/orders';
import { hasRole } from '../../../domain/roles';
import { staffReadersOf } from '../../../domain/process-access';
import { errors, FileAnswer, IdParams } from '../../schemas/common';

/** Staff roles that may read files, by what the file belongs to (the staff readers of its process type). */
const READERS: Record<string, Role[]> = {
  registration: staffReadersOf('registration'),
  order: staffReadersOf('certificate-order'),
  'enterprise-change': staffReadersOf('enterprise-change'),
};

const attachmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/attachments/:id/content',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['attachments'],
        summary: 'Download a file (owner enterprise and its reviewers)',
        params: IdParams,
        response: {
          200: FileAnswer('The file as uploaded', 'image/jpeg', 'image/png', 'application/pdf'),
          ...errors(401, 404),
        },
      },
    },
    async (request, reply) => {
      const attachment = await findAttachment(app.db, request.params.id);
      const user = request.user!;
      const [ownerKind, orderId] = attachment ? attachment.owner.split(':') : [];
      const readers = READERS[ownerKind ?? ''] ?? [];
      const mayRead =
        !!attachment &&
        (user.enterprise_id === attachment.enterprise_id ||
          hasRole(user, ...readers) ||
          // An order's material: whoever may read the order (the process's access rule).
          (ownerKind === 'order' && !!orderId && !!(await orderVisibleTo(app.db, user, orderId))));
      if (!mayRead) throw notFound(msg('附件不存在', 'No such attachment'));
      const data = await app.storage.get(attachment.sha256);
      return reply
        .type(attachment.content_type)
        .header(
          'content-disposition',
          `attachment; filename="${encodeURIComponent(attachment.file_name)}"; filename*=UTF-8''${encodeURIComponent(attachment.file_name)}`,
        )
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(data);
    },
  );
};

export default attachmentRoutes;
