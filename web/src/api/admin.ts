/** Administration: staff users (`/admin/users`), 快捷输入 phrases (`/comment-phrases`), catalogue services (`/ca/catalog`). */
import { call } from './client';
import type { NewStaffUser, Page, Phrase, Service, ServiceInput, User } from './types';

/** Staff users, by login name (admins). */
export const listStaff = (signal?: AbortSignal) =>
  call<Page<User>>('GET', '/admin/users', { query: { kind: 'staff', limit: 100 }, signal });

/** Creates a staff user with roles (admins). */
export const createStaff = (body: NewStaffUser) => call<User>('POST', '/admin/users', { body });

/** Adds a 快捷输入 phrase (admins). */
export const addPhrase = (body: { text: string; sortOrder?: number }) =>
  call<Phrase>('POST', '/comment-phrases', { body });

/** Removes a phrase (admins). */
export const removePhrase = (id: number) => call<void>('DELETE', `/comment-phrases/${id}`);

/** The services on offer. */
export const listServices = (signal?: AbortSignal) => call<{ items: Service[] }>('GET', '/ca/catalog', { signal });

/** Changes a service (orders keep the price they were placed at). */
export const changeService = (id: string, body: ServiceInput) =>
  call<Service>('PUT', `/ca/catalog/${encodeURIComponent(id)}`, { body });
