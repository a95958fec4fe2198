/** Words of the inbox. */
import { msg } from '../i18n';
import type { InboxTab } from './queries';

/** The inbox's texts. */
export const INBOX_TEXT = {
  title: msg('待办任务', 'Inbox'),
  tabsLabel: msg('待办分类', 'Inbox views'),
  tabs: {
    mine: msg('我的待办', 'My tasks'),
    pool: msg('待领取', 'To claim'),
    done: msg('已办', 'Done'),
  } satisfies Record<InboxTab, unknown>,
  empty: {
    mine: msg('没有分配给您的待办任务', 'No task is assigned to you'),
    pool: msg('没有待领取的任务', 'No task is waiting to be claimed'),
    done: msg('您还没有办结的任务', 'You have not decided any task yet'),
  } satisfies Record<InboxTab, unknown>,
  filters: msg('筛选', 'Filters'),
  role: msg('办理角色', 'Role'),
  kind: msg('任务类型', 'Task kind'),
  dueBy: msg('到期不晚于', 'Due by'),
  processId: msg('流程编号', 'Process ID'),
  any: msg('全部', 'All'),
  clearFilters: msg('清除筛选', 'Clear filters'),
  refresh: msg('刷新', 'Refresh'),
  autoRefresh: msg('每 30 秒自动刷新', 'Refreshes every 30 s'),
  refreshedAt: msg('更新于', 'updated'),
  claimNext: msg('领取并办理下一件', 'Claim and open next'),
  noneToClaim: msg('没有可领取的任务', 'There is no task to claim'),
  claim: msg('领取', 'Claim'),
  claimed: msg('已领取', 'Claimed'),
  release: msg('退回待领取', 'Release'),
  released: msg('已退回待领取', 'Released to the pool'),
  more: msg('加载更多', 'Load more'),
  keysHint: msg('快捷键：J / K 上下选择，Enter 打开，Esc 取消选择', 'Keys: J / K to move, Enter to open, Esc to clear'),
  columns: {
    task: msg('任务', 'Task'),
    kind: msg('类型', 'Kind'),
    step: msg('步骤', 'Step'),
    role: msg('办理角色', 'Role'),
    enterprise: msg('企业', 'Enterprise'),
    due: msg('期限', 'Due'),
    status: msg('状态', 'Status'),
    holder: msg('处理人', 'Held by'),
    actions: msg('操作', 'Actions'),
  },
  overdue: msg('已逾期', 'Overdue'),
  escalated: msg('已升级', 'Escalated'),
  open: msg('办理中', 'Open'),
  cancelled: msg('已取消', 'Cancelled'),
};
