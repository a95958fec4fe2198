/** Uploaded files (registration attachments, order materials). */
import { Type, type Static } from '@sinclair/typebox';

/** An uploaded file as the API shows it. */
export const AttachmentSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Type.String(),
  url: Type.String(),
});
/** An uploaded file as the API shows it. */
export type AttachmentView = Static<typeof AttachmentSchema>;
/** Current attachments. */
export const AttachmentListSchema = Type.Object({ items: Type.Array(AttachmentSchema) });
