/** Task form fields several processes share. */
import type { TaskFormField } from '../contracts/tasks';

/** The record of a phone review (电话审核): who called, from which number, when, and the reviewer's notes. */
export function phoneCallRecord(requiredFor: string[]): TaskFormField[] {
  return [
    { name: 'callerName', label: { zh: '来电人姓名', en: 'Caller name' }, type: 'text', requiredFor },
    { name: 'callerNumber', label: { zh: '来电号码', en: 'Caller number' }, type: 'phone', requiredFor },
    { name: 'calledAt', label: { zh: '通话时间', en: 'Time of the call' }, type: 'datetime', past: true, requiredFor },
    { name: 'notes', label: { zh: '审核记录', en: "Reviewer's notes" }, type: 'multiline', requiredFor: [] },
  ];
}
