/**
 * Custom search attributes every process sets, so operators can list workflows in the Temporal UI.
 * They carry codes and opaque IDs only, never personal data. `temporal-dev.yaml` registers them for
 * the dev service; on a cluster, create them once (see README).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Which process (`registration`, `certificate-order`, …). */
export const ProcessTypeKey = defineSearchAttributeKey('BpmProcessType', SearchAttributeType.KEYWORD);
/** The process's business status (`in_review`, `approved`, …). */
export const ProcessStatusKey = defineSearchAttributeKey('BpmStatus', SearchAttributeType.KEYWORD);
/** Opaque ID of the enterprise whose case it is. */
export const EnterpriseIdKey = defineSearchAttributeKey('BpmEnterpriseId', SearchAttributeType.KEYWORD);
/** Roles that currently have an open task in the process. */
export const OpenTaskRolesKey = defineSearchAttributeKey('BpmOpenTaskRoles', SearchAttributeType.KEYWORD_LIST);

/** Name → type, as `temporal operator search-attribute create` and the dev server take them. */
export const SEARCH_ATTRIBUTES: Record<string, 'Keyword' | 'KeywordList'> = {
  BpmProcessType: 'Keyword',
  BpmStatus: 'Keyword',
  BpmEnterpriseId: 'Keyword',
  BpmOpenTaskRoles: 'KeywordList',
};
