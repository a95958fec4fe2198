/** Starting a process workflow from the API: on the main task queue, with the search attributes every process carries. */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Workflow,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { ORDER_WORKFLOW, orderWorkflowId, type OrderInput } from '../contracts/certificate-order';
import { REGISTRATION_WORKFLOW, registrationWorkflowId, type RegistrationInput } from '../contracts/registration';
import { EnterpriseIdKey, ProcessStatusKey, ProcessTypeKey } from '../contracts/search-attributes';

/** What a process start needs. */
export interface ProcessStart<W extends Workflow> {
  workflowType: string;
  workflowId: string;
  args: Parameters<W>;
  /** `registration`, `certificate-order`, `ca-binding`, … */
  processType: string;
  enterpriseId: string;
  status: string;
}

/** The start of a certificate order's process. */
export function orderStart(input: OrderInput) {
  return {
    workflowType: ORDER_WORKFLOW,
    workflowId: orderWorkflowId(input.orderId),
    args: [input] as [OrderInput],
    processType: 'certificate-order',
    enterpriseId: input.enterpriseId,
    status: 'unpaid',
  };
}

/** The start of a registration's review (one process per submission). */
export function registrationStart(input: RegistrationInput) {
  return {
    workflowType: REGISTRATION_WORKFLOW,
    workflowId: registrationWorkflowId(input.enterpriseId, input.submission),
    args: [input] as [RegistrationInput],
    processType: 'registration',
    enterpriseId: input.enterpriseId,
    status: 'in_review',
  };
}

/** Starts the workflow; one already started under that ID counts as started (a retried request). */
export async function startProcess<W extends Workflow>(app: FastifyInstance, p: ProcessStart<W>): Promise<void> {
  try {
    await app.temporal.workflow.start<W>(p.workflowType, {
      taskQueue: app.config.temporal.taskQueue,
      workflowId: p.workflowId,
      args: p.args,
      typedSearchAttributes: [
        { key: ProcessTypeKey, value: p.processType },
        { key: EnterpriseIdKey, value: p.enterpriseId },
        { key: ProcessStatusKey, value: p.status },
      ],
    } as unknown as WorkflowStartOptions<W>);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/**
 * Starts a process whose request was recorded but whose workflow never started (the API stopped, or
 * Temporal was unreachable, between the two); true if it had to be started.
 */
export async function ensureProcessStarted<W extends Workflow>(
  app: FastifyInstance,
  p: ProcessStart<W>,
): Promise<boolean> {
  try {
    await app.temporal.workflow.getHandle(p.workflowId).describe();
    return false;
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  await startProcess(app, p);
  return true;
}
