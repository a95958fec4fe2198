/** What a context panel beside the decision form receives. */
import type { FormInstance } from 'antd';
import type { Task } from '../../api/types';
import type { DecisionValues } from '../DecisionForm';

/** The task, and the decision form (a panel may fill a field, e.g. the fields marked for a return). */
export interface ContextProps {
  task: Task;
  form: FormInstance<DecisionValues>;
  /** False once the task is decided: the panel only shows. */
  editable: boolean;
}
