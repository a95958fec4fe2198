/**
 * The context panel beside the decision form, chosen by the task's kind. A kind not listed here gets
 * the generic form alone, so a new workflow task is usable on the day it ships.
 */
import type { ComponentType } from 'react';
import BindingPanel from './BindingPanel';
import ChangePanel from './ChangePanel';
import DeliveryPanel from './DeliveryPanel';
import { MaterialsPanel, TransferPanel } from './OrderPanels';
import RegistrationPanel from './RegistrationPanel';
import type { ContextProps } from './types';

/** Panels by task kind. */
export const CONTEXT_PANELS: Record<string, ComponentType<ContextProps>> = {
  'registration.review': RegistrationPanel,
  'registration.phone_review': RegistrationPanel,
  'order.review': MaterialsPanel,
  'order.bank_transfer': TransferPanel,
  'binding.review': BindingPanel,
  'enterprise_change.review': ChangePanel,
  'order.dispatch': DeliveryPanel,
};
