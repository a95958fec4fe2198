/**
 * Starting a process workflow from the API: on the main task queue, with the search attributes every
 * process carries; and starting those whose request was recorded but whose start was lost.
 */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Workflow,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ORDER_WORKFLOW, orderWorkflowId, type OrderInput, type OrderWorkflow } from '../contracts/certificate-order';
import { isRenewal, RENEWAL_WORKFLOW } from '../contracts/certificate-renewal';
import {
  REGISTRATION_WORKFLOW,
  registrationWorkflowId,
  type RegistrationInput,
  type RegistrationWorkflow,
} from '../contracts/registration';
import { EnterpriseIdKey, ProcessStatusKey, ProcessTypeKey } from '../contracts/search-attributes';
import { withinTemporalDeadline } from './process-calls';
import { ordersNeverStarted } from './repos/orders';
import { submissionsNeverStarted } from './repos/registration';

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

/** The start of a certificate order's process (a renewal order's runs the renewal workflow). */
export function orderStart(input: OrderInput) {
  return {
    workflowType: isRenewal(input) ? RENEWAL_WORKFLOW : ORDER_WORKFLOW,
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

/**
 * Starts the workflow; one already started under that ID counts as started (a retried request). A Temporal
 * service that does not answer within seconds gives 503 (the request is recorded: a retry or the sweep
 * starts it).
 */
export async function startProcess<W extends Workflow>(app: FastifyInstance, p: ProcessStart<W>): Promise<void> {
  try {
    await withinTemporalDeadline(app, () =>
      app.temporal.workflow.start<W>(p.workflowType, {
        taskQueue: app.config.temporal.taskQueue,
        workflowId: p.workflowId,
        args: p.args,
        typedSearchAttributes: [
          { key: ProcessTypeKey, value: p.processType },
          { key: EnterpriseIdKey, value: p.enterpriseId },
          { key: ProcessStatusKey, value: p.status },
        ],
      } as unknown as WorkflowStartOptions<W>),
    );
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
    await withinTemporalDeadline(app, () => app.temporal.workflow.getHandle(p.workflowId).describe());
    return false;
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  await startProcess(app, p);
  return true;
}

/** How old a recorded request must be before its process counts as lost (a request in flight is younger). */
const LOST_AFTER_MS = 60_000;
/** How often the API looks for lost starts. */
const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * Starts the processes whose request was recorded at least `olderThanMs` ago (an order placed, a
 * registration submitted) but whose workflow never started: the API stopped, or Temporal was
 * unreachable, between the two. Answers how many it started.
 */
export async function startLostProcesses(app: FastifyInstance, olderThanMs = LOST_AFTER_MS): Promise<number> {
  const before = new Date(Date.now() - olderThanMs);
  const lost = [
    ...(await ordersNeverStarted(app.db, before)).map((order) => ({
      what: { orderId: order.id },
      start: () => ensureProcessStarted<OrderWorkflow>(app, orderStart(order.workflow_input as unknown as OrderInput)),
    })),
    ...(await submissionsNeverStarted(app.db, before)).map((profile) => ({
      what: { processId: profile.process_id },
      start: () =>
        ensureProcessStarted<RegistrationWorkflow>(
          app,
          registrationStart(profile.workflow_input as unknown as RegistrationInput),
        ),
    })),
  ];
  let started = 0;
  for (const { what, start } of lost) {
    try {
      if (await start()) {
        started++;
        app.log.warn(what, 'process started on recovery (its start had been lost)');
      }
    } catch (err) {
      app.log.warn({ ...what, err }, 'a lost process start could not be made again');
    }
  }
  return started;
}

/** Looks for lost starts once the API is ready, then every few minutes; a sweep still running is waited for on close. */
export const lostStartsSweeper = fp(async (app: FastifyInstance) => {
  let running: Promise<void> | null = null;
  const sweep = () => {
    running ??= startLostProcesses(app)
      .then(() => undefined)
      .catch((err) => app.log.warn({ err }, 'looking for lost process starts failed'))
      .finally(() => {
        running = null;
      });
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    sweep();
    timer = setInterval(sweep, SWEEP_EVERY_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
});
