/** Notification activities: reminders and escalations of human tasks, and plain messages. */
import { sql } from 'kysely';
import type { HumanTask } from '../contracts/tasks';
import type { Db } from '../platform/db';
import type { Notification, Notifier } from '../integrations/notifications/notifier';

/** Dependencies of the notification activities. */
export interface NotificationDeps {
  db: Db;
  notifier: Notifier;
  publicUrl: string;
}

/** Builds the notification activities. */
export function createNotificationActivities({ db, notifier, publicUrl }: NotificationDeps) {
  return {
    /**
     * Tells the people a task waits on that it is overdue: the assignee (or everyone with the role) for
     * a reminder, everyone with the escalation role for an escalation. Returns how many were told.
     */
    async notifyTaskOverdue(task: HumanTask, level: 'reminder' | 'escalation'): Promise<number> {
      let q = db
        .selectFrom('users')
        .select(['id', 'mobile', 'email'])
        .where('status', '=', 'active')
        .where('kind', '=', 'staff');
      if (level === 'escalation') {
        q = q.where(sql<boolean>`${task.escalationRole ?? ''} = any(roles)`);
      } else if (task.assigneeId) {
        q = q.where('id', '=', task.assigneeId);
      } else {
        q = q.where(sql<boolean>`${task.candidateRole} = any(roles)`);
      }
      const people = await q.execute();
      const params = {
        title: task.title,
        dueAt: task.dueAt.replace('T', ' ').slice(0, 16) + ' UTC',
        link: `${publicUrl}/console/tasks/${task.taskId}`,
      };
      const template = level === 'reminder' ? 'task.reminder' : 'task.escalation';
      for (const p of people) {
        if (p.mobile)
          await notifier.send({
            key: `${task.taskId}:${level}:${p.id}:sms`,
            channel: 'sms',
            to: p.mobile,
            template,
            params,
          });
        if (p.email)
          await notifier.send({
            key: `${task.taskId}:${level}:${p.id}:email`,
            channel: 'email',
            to: p.email,
            template,
            params,
          });
      }
      return people.length;
    },

    /** Sends messages, each at most once per key. */
    async notify(messages: Notification[]): Promise<void> {
      for (const m of messages) await notifier.send(m);
    },
  };
}

/** The notification activities, as workflows proxy them. */
export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
